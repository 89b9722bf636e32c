import Foundation
import GRDB

/// A session and some of its findings, with the exception its script died of.
package struct SessionFindings: Hashable, Sendable {
    package var session: SessionRecord
    package var findings: [FindingRecord]
    package var crash: CrashRecord?

    package init(session: SessionRecord, findings: [FindingRecord], crash: CrashRecord? = nil) {
        self.session = session
        self.findings = findings
        self.crash = crash
    }
}

/// Reads for the editor: what the language server shows and how it follows a run it started.
extension SessionDatabase {
    /// The runtime findings of the most recent session of each script, with their session,
    /// newest session first. A script's new run replaces what its previous run found (a problem
    /// fixed since is gone, even when the new run finds nothing), and a file used by several
    /// scripts gets the latest findings of each. Sessions without runtime findings are included
    /// with an empty list, so a reader can tell "ran clean" from "never ran". A session whose
    /// script crashed carries its crash.
    package func latestRuntimeFindings() throws -> [SessionFindings] {
        try read { db in
            let latest = try SessionRecord.fetchAll(
                db,
                sql: """
                    SELECT s.* FROM session s
                    WHERE NOT EXISTS (
                        SELECT 1 FROM session t WHERE t.script = s.script
                        AND (t.startedAt > s.startedAt OR (t.startedAt = s.startedAt AND t.id > s.id)))
                    ORDER BY s.startedAt DESC, s.id DESC
                    """)
            let ids = latest.compactMap(\.id)
            guard !ids.isEmpty else { return [] }
            let findings =
                try FindingRecord
                .filter(ids.contains(Column("sessionId")) && Column("stage") == FindingRecord.Stage.runtime.rawValue)
                .fetchAll(db)
            let bySession = Dictionary(grouping: findings, by: \.sessionId)
            let crashes = Dictionary(
                try CrashRecord.filter(ids.contains(Column("sessionId"))).fetchAll(db).map { ($0.sessionId, $0) },
                uniquingKeysWith: { _, last in last })
            return latest.map { session in
                SessionFindings(
                    session: session,
                    findings: (bySession[session.id ?? -1] ?? []).sorted(by: FindingRecord.displayOrder),
                    crash: crashes[session.id ?? -1])
            }
        }
    }

    /// The most recent session recorded by the `umlaut run` process with this id: how a
    /// process that started `umlaut run` finds the session it records.
    package func latestSession(recordedBy pid: Int) throws -> SessionRecord? {
        try read { db in
            try SessionRecord.filter(Column("umlautPID") == pid).order(Column("startedAt").desc, Column("id").desc)
                .fetchOne(db)
        }
    }
}
