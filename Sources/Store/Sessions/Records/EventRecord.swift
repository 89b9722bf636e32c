import Foundation
import GRDB

/// One line received from the instrumented script, exactly as it came: a row of the `event`
/// table. Nothing received is lost, even lines that are not valid JSON (`kind` is nil then), so a
/// later version of umlaut can re-read a session's events.
package struct EventRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "event"

    package var id: Int64?
    package var sessionId: Int64
    /// 0-based position in the stream, unique per session.
    package var sequence: Int
    package var receivedAt: Date
    /// The `"event"` field (`epoch`, `model`, ...), or nil for a malformed line.
    package var kind: String?
    /// The line without its newline (invalid UTF-8 replaced).
    package var payload: String

    package init(
        id: Int64? = nil, sessionId: Int64, sequence: Int, receivedAt: Date = Date(), kind: String?, payload: String
    ) {
        self.id = id
        self.sessionId = sessionId
        self.sequence = sequence
        self.receivedAt = receivedAt
        self.kind = kind
        self.payload = payload
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
