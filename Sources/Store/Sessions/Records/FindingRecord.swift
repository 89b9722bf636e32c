import Foundation
import GRDB

/// One finding of a session, static ("before training") or runtime: a row of the `finding`
/// table. The fields are those of `umlaut check --format json`, plus the epochs it was seen at.
///
/// A runtime finding that recurs (the input is out of range at every epoch) is one row whose
/// `epochs` grow; `key` says which findings are the same one (rule code plus subject, e.g.
/// `UM509:dense_1`). Positions are 1-based; columns count Unicode scalars, as in `check`.
package struct FindingRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "finding"

    /// Whether a finding comes from the source before training or from the run.
    package enum Stage: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        case `static`
        case runtime
    }

    /// How bad a finding is: the `severity` column, checked by the schema.
    package enum Severity: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
        case error, warning, info, hint
    }

    /// Another place involved: for a runtime finding, its root cause and where the symptom showed.
    package struct Related: Codable, Hashable, Sendable {
        /// What the place is to the finding. Readers word it ("root cause", "the symptom");
        /// `message` holds only what happened there.
        package enum Role: String, Codable, Hashable, Sendable, CaseIterable {
            /// The line that most likely causes the finding.
            case rootCause
            /// Where the finding showed during training.
            case symptom
            /// Any other place involved (and every place of a static finding).
            case context
        }

        package var role: Role
        package var path: String
        package var line: Int
        package var column: Int
        package var endLine: Int
        package var endColumn: Int
        package var message: String

        package init(
            role: Role = .context, path: String, line: Int, column: Int, endLine: Int, endColumn: Int, message: String
        ) {
            self.role = role
            self.path = path
            self.line = line
            self.column = column
            self.endLine = endLine
            self.endColumn = endColumn
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case role, path, line, column, endLine, endColumn, message
        }

        /// A place stored without a role (a crash's cause written before roles existed) is context.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decodeIfPresent(Role.self, forKey: .role) ?? .context
            path = try container.decode(String.self, forKey: .path)
            line = try container.decode(Int.self, forKey: .line)
            column = try container.decode(Int.self, forKey: .column)
            endLine = try container.decode(Int.self, forKey: .endLine)
            endColumn = try container.decode(Int.self, forKey: .endColumn)
            message = try container.decode(String.self, forKey: .message)
        }
    }

    /// A suggested fix as `umlaut check --format json` writes it: edits by 1-based position.
    package struct Fix: Codable, Hashable, Sendable {
        package struct Edit: Codable, Hashable, Sendable {
            package var line: Int
            package var column: Int
            package var endLine: Int
            package var endColumn: Int
            package var content: String

            package init(line: Int, column: Int, endLine: Int, endColumn: Int, content: String) {
                self.line = line
                self.column = column
                self.endLine = endLine
                self.endColumn = endColumn
                self.content = content
            }
        }

        /// Whether tools may apply it: the `fixApplicability` column, checked by the schema.
        package enum Applicability: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
            case safe
            case unsafe
            case displayOnly = "display-only"
        }

        package var title: String
        package var applicability: Applicability
        package var edits: [Edit]

        package init(title: String, applicability: Applicability, edits: [Edit]) {
            self.title = title
            self.applicability = applicability
            self.edits = edits
        }
    }

    package var id: Int64?
    package var sessionId: Int64
    package var key: String
    package var stage: Stage
    package var code: String
    package var name: String
    package var severity: Severity
    /// One short line naming the objects involved, what editors show inline; nil for findings
    /// stored by versions before it existed (readers fall back to `message`).
    package var summary: String?
    /// The full text, with the program context, without the epochs it was seen at (readers
    /// word those from `epochs`).
    package var message: String
    /// The root cause's file; nil when no place in the source is known.
    package var path: String?
    package var line: Int?
    package var column: Int?
    package var endLine: Int?
    package var endColumn: Int?
    package var help: String?
    /// The suggested fix, if any (stored as JSON, its applicability in its own column).
    package var fix: Fix?
    package var related: [Related]
    /// 0-based epochs it was seen at, ascending; empty for static findings.
    package var epochs: [Int]
    /// The store's revision when the finding was last written (see `SessionDatabase.revision()`).
    package var revision: Int64

    package init(
        id: Int64? = nil, sessionId: Int64, key: String, stage: Stage, code: String, name: String, severity: Severity,
        summary: String? = nil, message: String, path: String? = nil, line: Int? = nil, column: Int? = nil,
        endLine: Int? = nil,
        endColumn: Int? = nil, help: String? = nil, fix: Fix? = nil, related: [Related] = [],
        epochs: [Int] = [], revision: Int64 = 0
    ) {
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

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

// MARK: - Persistence

extension FindingRecord {
    /// The `fix` column: the fix without its applicability, which has a column of its own.
    private struct StoredFix: Codable {
        var title: String
        var edits: [Fix.Edit]
    }

    package init(row: Row) throws {
        let decoder = JSONDecoder()
        func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
            guard let text: String = row[column] else { return nil }
            return try decoder.decode(type, from: Data(text.utf8))
        }
        self.init(
            id: row["id"], sessionId: row["sessionId"], key: row["key"], stage: row["stage"], code: row["code"],
            name: row["name"],
            severity: row["severity"], summary: row["summary"], message: row["message"], path: row["path"],
            line: row["line"],
            column: row["column"], endLine: row["endLine"], endColumn: row["endColumn"], help: row["help"],
            fix: try json(StoredFix.self, "fix").map {
                Fix(title: $0.title, applicability: row["fixApplicability"] ?? .displayOnly, edits: $0.edits)
            },
            related: try json([Related].self, "related") ?? [], epochs: try json([Int].self, "epochs") ?? [],
            revision: row["revision"])
    }

    package func encode(to container: inout PersistenceContainer) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json<T: Encodable>(_ value: T) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        container["id"] = id
        container["sessionId"] = sessionId
        container["key"] = key
        container["stage"] = stage
        container["code"] = code
        container["name"] = name
        container["severity"] = severity
        container["summary"] = summary
        container["message"] = message
        container["path"] = path
        container["line"] = line
        container["column"] = column
        container["endLine"] = endLine
        container["endColumn"] = endColumn
        container["help"] = help
        container["fix"] = try fix.map { try json(StoredFix(title: $0.title, edits: $0.edits)) }
        container["fixApplicability"] = fix?.applicability
        container["related"] = try json(related)
        container["epochs"] = try json(epochs)
        container["revision"] = revision
    }
}
