import Foundation
import GRDB

/// A source file of an indexed project: a row of `file`. Its features are `FileFeatureRecord`s.
public struct IndexedFileRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "file"

    /// What kind of source the file is.
    public enum Kind: String, Codable, Hashable, Sendable {
        case py
        case ipynb
    }

    public var id: Int64?
    public var projectId: Int64
    /// Relative to the project's root.
    public var path: String
    public var kind: Kind
    /// What the file is for (model definition, training, data, ...), when the indexer knows.
    public var role: String?
    /// A hash of the content (the indexer's choice, hex): unchanged files are not indexed again.
    public var contentHash: String
    /// Bytes.
    public var size: Int64
    public var modifiedAt: Date
    /// The index revision of the last write to this file's rows.
    public var revision: Int64

    public init(
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

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
