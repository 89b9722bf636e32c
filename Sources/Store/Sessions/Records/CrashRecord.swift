import Foundation
import GRDB

/// The exception a session's script died of: a row of the `crash` table (at most one per
/// session). `umlaut run` prints it like a finding, `umlaut show` lists it, and the editor
/// shows it at `line` (source `umlaut-run`) with the likely cause as a related place.
///
/// Positions are 1-based; columns count Unicode scalars, as in findings.
public struct CrashRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "crash"

    /// One frame of the traceback, outermost first.
    public struct Frame: Codable, Hashable, Sendable {
        public var path: String
        public var line: Int
        public var function: String?
        /// Whether the frame is in the user's code.
        public var isUser: Bool

        public init(path: String, line: Int, function: String?, isUser: Bool) {
            self.path = path
            self.line = line
            self.function = function
            self.isUser = isUser
        }
    }

    public var id: Int64?
    public var sessionId: Int64
    /// The exception's class name (`ValueError`).
    public var exceptionType: String
    /// Its message, cleaned by the sensor (may span lines).
    public var message: String
    /// The innermost frame in the user's code; nil when there was none.
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var endLine: Int?
    public var endColumn: Int?
    /// What kind of crash Umlaut recognised (`shape`, `loss-labels`, `label-range`, `dtype`), if any.
    public var kind: String?
    /// The likely cause in the source, with its plain explanation as `message`; nil when the
    /// analysis could not tell.
    public var cause: FindingRecord.Related?
    public var frames: [Frame]
    /// The store's revision when the crash was written.
    public var revision: Int64

    public init(
        id: Int64? = nil, sessionId: Int64, exceptionType: String, message: String, path: String? = nil,
        line: Int? = nil, column: Int? = nil, endLine: Int? = nil, endColumn: Int? = nil, kind: String? = nil,
        cause: FindingRecord.Related? = nil, frames: [Frame] = [], revision: Int64 = 0
    ) {
        self.id = id
        self.sessionId = sessionId
        self.exceptionType = exceptionType
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.kind = kind
        self.cause = cause
        self.frames = frames
        self.revision = revision
    }

    /// The first non-empty line of the message that says something (Keras opens with
    /// "Exception encountered when calling X.call()."; TensorFlow with "Graph execution error:").
    public var headline: String {
        let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let boilerplate = ["Exception encountered when calling", "Graph execution error", "at node "]
        return lines.first { line in !boilerplate.contains { line.hasPrefix($0) } } ?? lines.first ?? ""
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
