import Foundation
import GRDB

/// A source file of an indexed project: a row of `file`. Its features are `FileFeatureRecord`s.
package struct IndexedFileRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "file"

    /// What kind of source the file is.
    package enum Kind: String, Codable, Hashable, Sendable {
        case py
        case ipynb
    }

    package var id: Int64?
    package var projectId: Int64
    /// Relative to the project's root.
    package var path: String
    package var kind: Kind
    /// What the file is for (model definition, training, data, ...), when the indexer knows.
    package var role: String?
    /// A hash of the content (the indexer's choice, hex): unchanged files are not indexed again.
    package var contentHash: String
    /// Bytes.
    package var size: Int64
    package var modifiedAt: Date
    /// The index revision of the last write to this file's rows.
    package var revision: Int64
    /// Lines of source (a notebook's code cells), v2.
    package var lineCount: Int = 0

    package init(
        id: Int64? = nil, projectId: Int64, path: String, kind: Kind, role: String? = nil,
        contentHash: String, size: Int64, modifiedAt: Date, revision: Int64 = 0
    ) {
        self.id = id
        self.projectId = projectId
        self.path = path
        self.kind = kind
        self.role = role
        self.contentHash = contentHash
        self.size = size
        self.modifiedAt = modifiedAt
        self.revision = revision
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
