import Foundation
import Store

/// The runs list: every session of the workspace, newest first (`GET /api/sessions`).
package struct RunsList: Codable, Hashable, Sendable {
    package var view = "runs"
    package var runs: [RunRow]

    package init(runs: [RunRow]) { self.runs = runs }

    /// Every session in the store.
    package init(_ store: SessionDatabase) throws {
        self.init(runs: try store.sessionOverviews().map(RunRow.init))
    }
}

/// One row of the runs list: a session and what it found.
package struct RunRow: Codable, Hashable, Sendable {
    /// Finding counts by severity and stage.
    package struct Counts: Codable, Hashable, Sendable {
        package var total: Int
        package var error: Int
        package var warning: Int
        package var info: Int
        package var hint: Int
        package var `static`: Int
        package var runtime: Int
    }

    package var id: Int64
    package var name: String
    /// Absolute path of the script.
    package var script: String
    /// Its file name.
    package var scriptName: String
    package var startedAt: Date
    package var endedAt: Date?
    package var durationSeconds: Double?
    /// `running`, `completed`, `failed`, `killed`, or `lost` (running, but its recorder is gone).
    package var status: String
    /// Whether the run is in progress (epochs may still arrive).
    package var live: Bool
    /// `keras`, `torch` or `keras+torch`; nil when the instrumentation did not attach.
    package var framework: String?
    package var epochs: Int
    package var findings: Counts
    package var crashed: Bool

    package init(_ overview: SessionOverview) {
        let session = overview.session
        id = session.id ?? 0
        name = session.name
        script = session.script
        scriptName = (session.script as NSString).lastPathComponent
        startedAt = session.startedAt
        endedAt = session.endedAt
        durationSeconds = session.endedAt.map { $0.timeIntervalSince(session.startedAt) }
        status = session.displayStatus
        live = status == SessionRecord.Status.running.rawValue
        framework = overview.frameworks.isEmpty ? nil : overview.frameworks.joined(separator: "+")
        epochs = overview.epochs
        let bySeverity = overview.findingsBySeverity
        findings = Counts(
            total: overview.staticFindings + overview.runtimeFindings, error: bySeverity[.error] ?? 0,
            warning: bySeverity[.warning] ?? 0, info: bySeverity[.info] ?? 0, hint: bySeverity[.hint] ?? 0,
            static: overview.staticFindings, runtime: overview.runtimeFindings)
        crashed = overview.crashed
    }
}
