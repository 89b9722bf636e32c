import Foundation
import GRDB

/// One line received from the instrumented script, exactly as it came: a row of the `event`
/// table. Nothing received is lost, even lines that are not valid JSON (`kind` is nil then), so a
/// later version of umlaut can re-read a session's events.
public struct EventRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"

    public var id: Int64?
    public var sessionId: Int64
    /// 0-based position in the stream, unique per session.
    public var sequence: Int
    public var receivedAt: Date
    /// The `"event"` field (`epoch`, `model`, ...), or nil for a malformed line.
    public var kind: String?
    /// The line without its newline (invalid UTF-8 replaced).
    public var payload: String

    public init(
        id: Int64? = nil, sessionId: Int64, sequence: Int, receivedAt: Date = Date(), kind: String?, payload: String
    ) {
        self.id = id
        self.sessionId = sessionId
        self.sequence = sequence
        self.receivedAt = receivedAt
        self.kind = kind
        self.payload = payload
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
