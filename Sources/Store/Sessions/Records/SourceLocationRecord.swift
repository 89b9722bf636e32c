import Foundation
import GRDB

/// Where in the user's source something the run used was created or called, as the
/// instrumentation saw it: a row of the `sourceLocation` table. Runtime findings point at these.
public struct SourceLocationRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "sourceLocation"

    /// What was created or called there.
    public enum Role: String, Codable, Hashable, Sendable, DatabaseValueConvertible {
        case model, layer, optimizer, loss, fit, validation, exception
    }

    public var id: Int64?
    public var sessionId: Int64
    public var role: Role
    /// The model id, layer name, optimizer class, ...
    public var subject: String
    public var path: String
    /// 1-based.
    public var line: Int

    public init(id: Int64? = nil, sessionId: Int64, role: Role, subject: String, path: String, line: Int) {
        self.id = id
        self.sessionId = sessionId
        self.role = role
        self.subject = subject
        self.path = path
        self.line = line
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
