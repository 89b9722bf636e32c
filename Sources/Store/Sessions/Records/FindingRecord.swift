import Foundation
import GRDB

/// One finding of a session, static ("before training") or runtime: a row of the `finding`
/// table. The fields are those of `umlaut check --format json`, plus the epochs it was seen at.
///
/// A runtime finding that recurs (the input is out of range at every epoch) is one row whose
/// `epochs` grow; `key` says which findings are the same one (rule code plus subject, e.g.
/// `UM509:dense_1`). Positions are 1-based; columns count Unicode scalars, as in `check`.
public struct FindingRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "finding"

    /// Whether a finding comes from the source before training or from the run.
    public enum Stage: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        case `static`
        case runtime
    }

    /// Another place involved: for a runtime finding, where the symptom showed.
    public struct Related: Codable, Hashable, Sendable {
        public var path: String
        public var line: Int
        public var column: Int
        public var endLine: Int
        public var endColumn: Int
        public var message: String

        public init(path: String, line: Int, column: Int, endLine: Int, endColumn: Int, message: String) {
            self.path = path
            self.line = line
            self.column = column
            self.endLine = endLine
            self.endColumn = endColumn
            self.message = message
        }
    }

    /// A suggested fix as `umlaut check --format json` writes it: edits by 1-based position.
    public struct Fix: Codable, Hashable, Sendable {
        public struct Edit: Codable, Hashable, Sendable {
            public var line: Int
            public var column: Int
            public var endLine: Int
            public var endColumn: Int
            public var content: String

            public init(line: Int, column: Int, endLine: Int, endColumn: Int, content: String) {
                self.line = line
                self.column = column
                self.endLine = endLine
                self.endColumn = endColumn
                self.content = content
            }
        }

        public var title: String
        /// `safe`, `unsafe` or `display-only`.
        public var applicability: String
        public var edits: [Edit]

        public init(title: String, applicability: String, edits: [Edit]) {
            self.title = title
            self.applicability = applicability
            self.edits = edits
        }
    }

    public var id: Int64?
    public var sessionId: Int64
    public var key: String
    public var stage: Stage
    public var code: String
    public var name: String
    /// `error`, `warning`, `info` or `hint`.
    public var severity: String
    /// One short line naming the objects involved, what editors show inline; nil for findings
    /// stored by versions before it existed (readers fall back to `message`).
    public var summary: String?
    /// The full text, with the program context.
    public var message: String
    /// The root cause's file; nil when no place in the source is known.
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var endLine: Int?
    public var endColumn: Int?
    public var help: String?
    /// The suggested fix, if any (stored as JSON).
    public var fix: Fix?
    public var related: [Related]
    /// 0-based epochs it was seen at, ascending; empty for static findings.
    public var epochs: [Int]
    /// The store's revision when the finding was last written (see `SessionDatabase.revision()`).
    public var revision: Int64

    public init(id: Int64? = nil, sessionId: Int64, key: String, stage: Stage, code: String, name: String, severity: String,
                summary: String? = nil, message: String, path: String? = nil, line: Int? = nil, column: Int? = nil, endLine: Int? = nil,
                endColumn: Int? = nil, help: String? = nil, fix: Fix? = nil, related: [Related] = [],
                epochs: [Int] = [], revision: Int64 = 0) {
        self.id = id
        self.sessionId = sessionId
        self.key = key
        self.stage = stage
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.help = help
        self.fix = fix
        self.related = related
        self.epochs = epochs
        self.revision = revision
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
