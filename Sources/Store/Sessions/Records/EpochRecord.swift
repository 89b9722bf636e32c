import Foundation
import GRDB

/// The metrics of one completed epoch of one model: a row of the `epoch` table.
///
/// Metric values may be NaN or infinite (a diverging loss is what Umlaut is there to see); they
/// are stored as the strings `"nan"`, `"inf"` and `"-inf"` inside the JSON column.
public struct EpochRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "epoch"

    public var id: Int64?
    public var sessionId: Int64
    /// The instrumentation's id of the model (`m1`); one script may train several.
    public var model: String
    /// 0-based.
    public var epoch: Int
    /// Seconds the epoch took, if known.
    public var duration: Double?
    /// The learning rate in effect at the end of the epoch, schedules resolved.
    public var learningRate: Double?
    /// Whatever the framework logged: `loss`, `accuracy`, `val_loss`, ...
    public var metrics: [String: Double]
    public var receivedAt: Date

    public init(
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

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    public static func databaseJSONDecoder(for column: String) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
