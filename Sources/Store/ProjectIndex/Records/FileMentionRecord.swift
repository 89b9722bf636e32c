import GRDB

/// What a file names or triggers beyond the analysis's features: a dataset or model family it
/// names, or one of Umlaut's findings. A row of `fileMention` (v2).
package struct FileMention: Hashable, Sendable, Codable {
    package enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case dataset
        case model
        /// `name` is the rule code, `detail` the finding's summary.
        case finding
    }

    package var kind: Kind
    package var name: String
    /// 1-based.
    package var line: Int?
    package var detail: String?

    package init(_ kind: Kind, _ name: String, line: Int? = nil, detail: String? = nil) {
        self.kind = kind
        self.name = name
        self.line = line
        self.detail = detail
    }
}

/// A stored `FileMention`.
package struct FileMentionRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "fileMention"

    package var id: Int64?
    package var fileId: Int64
    package var kind: FileMention.Kind
    package var name: String
    package var line: Int?
    package var detail: String?

    package init(fileId: Int64, _ mention: FileMention) {
        self.fileId = fileId
        kind = mention.kind
        name = mention.name
        line = mention.line
        detail = mention.detail
    }

    package var mention: FileMention { FileMention(kind, name, line: line, detail: detail) }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
