import Foundation
import Store

/// A place in the source a finding or crash points at. Lines and columns are 1-based, columns in
/// Unicode scalars, as in `umlaut check --format json`.
package struct PlaceView: Codable, Hashable, Sendable {
    /// `primary` (the finding's own place), `rootCause`, `symptom` or `context`.
    package var role: String
    package var path: String
    /// `file://` URI of `path`, for the editor link.
    package var uri: String
    package var line: Int
    package var column: Int
    package var endLine: Int
    package var endColumn: Int
    package var message: String?

    package init(
        role: String, path: String, line: Int, column: Int?, endLine: Int?, endColumn: Int?, message: String?
    ) {
        self.role = role
        self.path = path
        self.uri = URL(fileURLWithPath: path).absoluteString
        self.line = line
        self.column = column ?? 1
        self.endLine = endLine ?? line
        self.endColumn = endColumn ?? (column ?? 1)
        self.message = message
    }

    init(_ related: FindingRecord.Related) {
        self.init(
            role: related.role.rawValue, path: related.path, line: related.line, column: related.column,
            endLine: related.endLine, endColumn: related.endColumn, message: related.message)
    }
}

/// One finding as the session page shows it: in the list, on the error timeline, and as the
/// epochs and curves it highlights.
package struct FindingView: Codable, Hashable, Sendable {
    package var id: Int64
    package var key: String
    package var code: String
    package var name: String
    package var severity: String
    /// `static` (before training) or `runtime`.
    package var stage: String
    /// The timeline's category: `data`, `model`, `parameters` or `training`.
    package var kind: String
    package var summary: String?
    package var message: String
    package var help: String?
    /// 0-based epochs the finding was seen at; empty for static findings.
    package var epochs: [Int]
    /// `epochs 4–6` (1-based, as Keras prints them) or `before training`.
    package var epochsText: String
    /// The series whose curve segment made the heuristic fire (metric names, or `learningRate`,
    /// `gradients`, `deadUnits`, `input`).
    package var metrics: [String]
    /// The finding's own place first, then its related places (root cause, symptom, context).
    package var places: [PlaceView]

    package init(_ record: FindingRecord) {
        id = record.id ?? 0
        key = record.key
        code = record.code
        name = record.name
        severity = record.severity.rawValue
        stage = record.stage.rawValue
        kind = Self.kind(code: record.code)
        summary = record.summary
        message = record.message
        help = record.help
        epochs = record.epochs
        epochsText = record.stage == .static ? "before training" : EpochWording.epochs(record.epochs)
        metrics = Self.series(code: record.code)
        var places: [PlaceView] = []
        if let path = record.path, let line = record.line {
            places.append(
                PlaceView(
                    role: "primary", path: path, line: line, column: record.column, endLine: record.endLine,
                    endColumn: record.endColumn, message: nil))
        }
        places += record.related.map(PlaceView.init)
        self.places = places
    }

    /// The four categories of the paper's timeline: data preparation, model architecture,
    /// parameter tuning, and how training behaves.
    package static func kind(code: String) -> String {
        switch code {
        case "UM501", "UM503", "UM504", "UM510": return "data"
        case "UM508", "UM509": return "model"
        case "UM502", "UM506": return "parameters"
        case "UM505", "UM507": return "training"
        default:
            if code.hasPrefix("UM1") { return "model" }
            if code.hasPrefix("UM2") { return "data" }
            if code.hasPrefix("UM3") { return "parameters" }
            return "training"
        }
    }

    /// The series a rule reads, whose segment at the finding's epochs is highlighted.
    package static func series(code: String) -> [String] {
        switch code {
        case "UM501": return ["input"]
        case "UM502", "UM507": return ["loss", "val_loss"]
        case "UM504": return ["accuracy", "val_accuracy"]
        case "UM505": return ["loss", "val_loss"]
        case "UM506": return ["learningRate"]
        case "UM508": return ["gradients"]
        case "UM509": return ["deadUnits"]
        default: return []
        }
    }
}
