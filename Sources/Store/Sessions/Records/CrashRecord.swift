import Foundation
import GRDB

/// The exception a session's script died of: a row of the `crash` table (at most one per
/// session). `umlaut run` prints it like a finding, `umlaut show` lists it, and the editor
/// shows it at `line` (source `umlaut-run`) with the likely cause as a related place.
///
/// Positions are 1-based; columns count Unicode scalars, as in findings.
package struct CrashRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "crash"

    /// One frame of the traceback, outermost first.
    package struct Frame: Codable, Hashable, Sendable {
        package var path: String
        package var line: Int
        package var function: String?
        /// Whether the frame is in the user's code.
        package var isUser: Bool

        package init(path: String, line: Int, function: String?, isUser: Bool) {
            self.path = path
            self.line = line
            self.function = function
            self.isUser = isUser
        }
    }

    package var id: Int64?
    package var sessionId: Int64
    /// The exception's class name (`ValueError`).
    package var exceptionType: String
    /// Its message, cleaned by the sensor (may span lines).
    package var message: String
    /// The innermost frame in the user's code; nil when there was none.
    package var path: String?
    package var line: Int?
    package var column: Int?
    package var endLine: Int?
    package var endColumn: Int?
    /// What kind of crash Umlaut recognised (`shape`, `loss-labels`, `label-range`, `dtype`), if any.
    package var kind: String?
    /// The likely cause in the source, with its plain explanation as `message`; nil when the
    /// analysis could not tell.
    package var cause: FindingRecord.Related?
    package var frames: [Frame]
    /// The store's revision when the crash was written.
    package var revision: Int64

    package init(
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
    package var headline: String {
        let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let boilerplate = ["Exception encountered when calling", "Graph execution error", "at node "]
        return lines.first { line in !boilerplate.contains { line.hasPrefix($0) } } ?? lines.first ?? ""
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
