import Foundation
import GRDB

/// One run of `umlaut run`: a row of the `session` table.
///
/// A session is created before the script starts and finished when it ends. A session whose
/// `status` is still `running` while its `umlautPID` no longer exists was cut short (umlaut was
/// killed): `isAbandoned` tells readers, who show it as `lost`.
package struct SessionRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "session"

    /// How a session ended. Stored as text; the schema checks the values.
    package enum Status: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        /// The script is still running, or umlaut was killed before it could say otherwise.
        case running
        /// The script exited with status 0.
        case completed
        /// The script raised or exited with a non-zero status.
        case failed
        /// The script was stopped by a signal (SIGINT, SIGTERM, SIGKILL, ...).
        case killed
    }

    package var id: Int64?
    /// Unique within the database; `umlaut show NAME` finds the session by it.
    package var name: String
    /// Absolute path of the script that was run.
    package var script: String
    /// The script's own arguments.
    package var arguments: [String]
    /// The interpreter that ran it.
    package var python: String
    package var workingDirectory: String
    package var startedAt: Date
    package var endedAt: Date?
    package var status: Status
    /// The child's exit status, or 128 + signal number when a signal ended it.
    package var exitCode: Int?
    /// One line on how it ended or what went wrong ("instrumentation could not attach: ...").
    package var note: String?
    /// The process id of the `umlaut run` that records the session.
    package var umlautPID: Int?

    package init(
        id: Int64? = nil, name: String, script: String, arguments: [String] = [], python: String,
        workingDirectory: String, startedAt: Date = Date(), endedAt: Date? = nil, status: Status = .running,
        exitCode: Int? = nil, note: String? = nil, umlautPID: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.script = script
        self.arguments = arguments
        self.python = python
        self.workingDirectory = workingDirectory
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.exitCode = exitCode
        self.note = note
        self.umlautPID = umlautPID
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Whether the session says `running` but the `umlaut` process recording it is gone.
    package var isAbandoned: Bool {
        guard status == .running, let pid = umlautPID else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }

    /// The status as readers show it: `lost` for an abandoned session.
    package var displayStatus: String { isAbandoned ? "lost" : status.rawValue }
}
