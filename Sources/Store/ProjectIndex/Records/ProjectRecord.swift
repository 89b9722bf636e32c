import Foundation
import GRDB

/// A project of the index (a repository's directory, or a source archive): a row of `project`.
public struct ProjectRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "project"

    /// Where a project's files came from.
    public enum Source: String, Codable, Hashable, Sendable {
        case directory
        case archive
    }

    public var id: Int64?
    /// The directory or archive indexed, as given (absolute): the project's identity.
    public var root: String
    public var name: String
    public var source: Source
    public var indexedAt: Date
    /// The index revision of the last write to this row.
    public var revision: Int64

    public init(
        id: Int64? = nil, root: String, name: String, source: Source, indexedAt: Date = Date(), revision: Int64 = 0
    ) {
        self.id = id
        self.root = root
        self.name = name
        self.source = source
        self.indexedAt = indexedAt
        self.revision = revision
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
