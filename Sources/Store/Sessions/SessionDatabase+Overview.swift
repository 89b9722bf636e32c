import Foundation
import GRDB

/// A session with what a list of runs shows about it, read in a few queries for all sessions.
package struct SessionOverview: Hashable, Sendable {
    package var session: SessionRecord
    /// Epochs stored (of every model).
    package var epochs: Int
    /// Findings by severity and by stage.
    package var findingsBySeverity: [FindingRecord.Severity: Int]
    package var staticFindings: Int
    package var runtimeFindings: Int
    /// The frameworks the instrumentation attached to (`keras`, `torch`), in the order it did.
    package var frameworks: [String]
    /// Whether the script died of an exception.
    package var crashed: Bool
}

/// Reads for dashboards: overviews of every session and a session's events of some kinds.
extension SessionDatabase {
    /// Every session with its counts, newest first.
    package func sessionOverviews() throws -> [SessionOverview] {
        try read { db in
            let sessions = try SessionRecord.order(Column("startedAt").desc, Column("id").desc).fetchAll(db)
            var epochs: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sessionId, count(*) AS n FROM epoch GROUP BY sessionId") {
                epochs[row["sessionId"]] = row["n"]
            }
            var severities: [Int64: [FindingRecord.Severity: Int]] = [:]
            var stages: [Int64: [FindingRecord.Stage: Int]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT sessionId, stage, severity, count(*) AS n FROM finding GROUP BY 1, 2, 3")
            {
                let id: Int64 = row["sessionId"], count: Int = row["n"]
                if let severity = FindingRecord.Severity(rawValue: row["severity"]) {
                    severities[id, default: [:]][severity, default: 0] += count
                }
                if let stage = FindingRecord.Stage(rawValue: row["stage"]) {
                    stages[id, default: [:]][stage, default: 0] += count
                }
            }
            var frameworks: [Int64: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT sessionId, payload FROM event WHERE kind = 'attached' ORDER BY sessionId, sequence")
            {
                let payload: String = row["payload"]
                guard
                    let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
                    let framework = object["framework"] as? String
                else { continue }
                let id: Int64 = row["sessionId"]
                if !(frameworks[id] ?? []).contains(framework) { frameworks[id, default: []].append(framework) }
            }
            let crashed = Set(try Int64.fetchAll(db, sql: "SELECT sessionId FROM crash"))
            return sessions.map { session in
                let id = session.id ?? -1
                return SessionOverview(
                    session: session, epochs: epochs[id] ?? 0, findingsBySeverity: severities[id] ?? [:],
                    staticFindings: stages[id]?[.static] ?? 0, runtimeFindings: stages[id]?[.runtime] ?? 0,
                    frameworks: frameworks[id] ?? [], crashed: crashed.contains(id))
            }
        }
    }

    /// A session's received events of the given kinds (`epoch`, `attached`, ...), in order.
    package func events(sessionId: Int64, kinds: [String]) throws -> [EventRecord] {
        try read { db in
            try EventRecord.filter(Column("sessionId") == sessionId && kinds.contains(Column("kind")))
                .order(Column("sequence")).fetchAll(db)
        }
    }
}
