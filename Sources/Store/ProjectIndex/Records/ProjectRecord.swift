import Foundation
import GRDB

/// A project of the index (a repository's directory, or a source archive): a row of `project`.
package struct ProjectRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "project"

    /// Where a project's files came from.
    package enum Source: String, Codable, Hashable, Sendable {
        case directory
        case archive
    }

    package var id: Int64?
    /// The directory or archive indexed, as given (absolute): the project's identity.
    package var root: String
    package var name: String
    package var source: Source
    package var indexedAt: Date
    /// The index revision of the last write to this row.
    package var revision: Int64
    /// The README's title and first paragraph (markdown stripped), when it has them (v2).
    package var title: String? = nil
    package var summary: String? = nil
    /// The licence recognised in its LICENSE text (`MIT`, `Apache-2.0`, ...), when one was (v2).
    package var licence: String? = nil
    /// The indexed files, their lines and bytes (v2).
    package var fileCount: Int = 0
    package var lineCount: Int = 0
    package var byteCount: Int64 = 0

    package init(
        id: Int64? = nil, root: String, name: String, source: Source, indexedAt: Date = Date(), revision: Int64 = 0
    ) {
        self.id = id
        self.root = root
        self.name = name
        self.source = source
        self.indexedAt = indexedAt
        self.revision = revision
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
