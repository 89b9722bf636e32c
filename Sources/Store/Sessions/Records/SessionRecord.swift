import Foundation
import GRDB

/// One run of `umlaut run`: a row of the `session` table.
///
/// A session is created before the script starts and finished when it ends. A session whose
/// `status` is still `running` while its `umlautPID` no longer exists was cut short (umlaut was
/// killed): `isAbandoned` tells readers, who show it as `lost`.
public struct SessionRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "session"

    /// How a session ended. Stored as text; the schema checks the values.
    public enum Status: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        /// The script is still running, or umlaut was killed before it could say otherwise.
        case running
        /// The script exited with status 0.
        case completed
        /// The script raised or exited with a non-zero status.
        case failed
        /// The script was stopped by a signal (SIGINT, SIGTERM, SIGKILL, ...).
        case killed
    }

    public var id: Int64?
    /// Unique within the database; `umlaut show NAME` finds the session by it.
    public var name: String
    /// Absolute path of the script that was run.
    public var script: String
    /// The script's own arguments.
    public var arguments: [String]
    /// The interpreter that ran it.
    public var python: String
    public var workingDirectory: String
    public var startedAt: Date
    public var endedAt: Date?
    public var status: Status
    /// The child's exit status, or 128 + signal number when a signal ended it.
    public var exitCode: Int?
    /// One line on how it ended or what went wrong ("instrumentation could not attach: ...").
    public var note: String?
    /// The process id of the `umlaut run` that records the session.
    public var umlautPID: Int?

    public init(
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

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Whether the session says `running` but the `umlaut` process recording it is gone.
    public var isAbandoned: Bool {
        guard status == .running, let pid = umlautPID else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }

    /// The status as readers show it: `lost` for an abandoned session.
    public var displayStatus: String { isAbandoned ? "lost" : status.rawValue }
}
