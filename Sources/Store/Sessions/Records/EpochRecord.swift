import Foundation
import GRDB

/// The metrics of one completed epoch of one model: a row of the `epoch` table.
///
/// Metric values may be NaN or infinite (a diverging loss is what Umlaut is there to see); they
/// are stored as the strings `"nan"`, `"inf"` and `"-inf"` inside the JSON column.
package struct EpochRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "epoch"

    package var id: Int64?
    package var sessionId: Int64
    /// The instrumentation's id of the model (`m1`); one script may train several.
    package var model: String
    /// 0-based.
    package var epoch: Int
    /// Seconds the epoch took, if known.
    package var duration: Double?
    /// The learning rate in effect at the end of the epoch, schedules resolved.
    package var learningRate: Double?
    /// Whatever the framework logged: `loss`, `accuracy`, `val_loss`, ...
    package var metrics: [String: Double]
    package var receivedAt: Date

    package init(
        id: Int64? = nil, sessionId: Int64, model: String, epoch: Int, duration: Double? = nil,
        learningRate: Double? = nil, metrics: [String: Double], receivedAt: Date = Date()
    ) {
        self.id = id
        self.sessionId = sessionId
        self.model = model
        self.epoch = epoch
        self.duration = duration
        self.learningRate = learningRate
        self.metrics = metrics
        self.receivedAt = receivedAt
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    package static func databaseJSONEncoder(for column: String) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    package static func databaseJSONDecoder(for column: String) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
