import Foundation
import GRDB

/// Where in the user's source something the run used was created or called, as the
/// instrumentation saw it: a row of the `sourceLocation` table. Runtime findings point at these.
package struct SourceLocationRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "sourceLocation"

    /// What was created or called there.
    package enum Role: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        case model, layer, optimizer, loss, fit, validation, exception
    }

    package var id: Int64?
    package var sessionId: Int64
    package var role: Role
    /// The model id, layer name, optimizer class, ...
    package var subject: String
    package var path: String
    /// 1-based.
    package var line: Int

    package init(id: Int64? = nil, sessionId: Int64, role: Role, subject: String, path: String, line: Int) {
        self.id = id
        self.sessionId = sessionId
        self.role = role
        self.subject = subject
        self.path = path
        self.line = line
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
