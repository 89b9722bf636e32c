import Foundation
import SessionStore

/// The JSON shapes of `umlaut show --format json`, `sessions --format json` and `diff --format
/// json`. A finding has the fields of `umlaut check --format json` (code, name, severity, message,
/// path, line, column, end_line, end_column, fix, help, related; 1-based positions) plus `stage`
/// and `epochs` (1-based, as Keras prints them; empty for static findings).
enum SessionJSON {
    struct Finding: Encodable {
        var code: String
        var name: String
        var severity: String
        var message: String
        var path: String?
        var line: Int?
        var column: Int?
        var endLine: Int?
        var endColumn: Int?
        var fix: JSONValue?
        var help: String?
        var related: [Related]
        var stage: String
        var epochs: [Int]

        init(_ record: FindingRecord) {
            code = record.code
            name = record.name
            severity = record.severity
            message = record.message
            path = record.path
            line = record.line
            column = record.column
            endLine = record.endLine
            endColumn = record.endColumn
            fix = record.fix.flatMap { JSONValue(json: $0) }
            help = record.help
            related = record.related.map(Related.init)
            stage = record.stage.rawValue
            epochs = record.epochs.map { $0 + 1 }
        }

        func encode(to encoder: any Encoder) throws {
            // Explicit so that absent values are `null` rather than missing, as in `check`.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(name, forKey: .name)
            try container.encode(severity, forKey: .severity)
            try container.encode(message, forKey: .message)
            try container.encode(path, forKey: .path)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(endLine, forKey: .endLine)
            try container.encode(endColumn, forKey: .endColumn)
            try container.encode(fix, forKey: .fix)
            try container.encode(help, forKey: .help)
            try container.encode(related, forKey: .related)
            try container.encode(stage, forKey: .stage)
            try container.encode(epochs, forKey: .epochs)
        }

        enum CodingKeys: String, CodingKey {
            case code, name, severity, message, path, line, column, endLine = "end_line", endColumn = "end_column"
            case fix, help, related, stage, epochs
        }
    }

    struct Related: Encodable {
        var path: String
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var message: String

        init(_ related: FindingRecord.Related) {
            path = related.path
            line = related.line
            column = related.column
            endLine = related.endLine
            endColumn = related.endColumn
            message = related.message
        }

        enum CodingKeys: String, CodingKey {
            case path, line, column, endLine = "end_line", endColumn = "end_column", message
        }
    }

    struct Session: Encodable {
        var name: String
        var script: String
        var arguments: [String]
        var python: String
        var startedAt: String
        var endedAt: String?
        var status: String
        var exitCode: Int?
        var note: String?
        var epochs: Int
        var findings: Int

        init(_ record: SessionRecord, epochs: Int, findings: Int) {
            name = record.name
            script = record.script
            arguments = record.arguments
            python = record.python
            startedAt = SessionJSON.timestamp(record.startedAt)
            endedAt = record.endedAt.map(SessionJSON.timestamp)
            status = record.displayStatus
            exitCode = record.exitCode
            note = record.note
            self.epochs = epochs
            self.findings = findings
        }

        enum CodingKeys: String, CodingKey {
            case name, script, arguments, python, startedAt = "started_at", endedAt = "ended_at", status
            case exitCode = "exit_code", note, epochs, findings
        }
    }

    struct Epoch: Encodable {
        var model: String
        /// 1-based.
        var epoch: Int
        var duration: Double?
        var learningRate: JSONValue?
        var metrics: [String: JSONValue]

        init(_ record: EpochRecord) {
            model = record.model
            epoch = record.epoch + 1
            duration = record.duration
            learningRate = record.learningRate.map(JSONValue.number)
            metrics = record.metrics.mapValues(JSONValue.number)
        }

        enum CodingKeys: String, CodingKey {
            case model, epoch, duration, learningRate = "learning_rate", metrics
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Any JSON value; non-finite numbers are written as the strings "nan", "inf", "-inf" (as in
/// the event protocol).
enum JSONValue: Encodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init?(json: String) {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else { return nil }
        self.init(any: value)
    }

    init(any value: Any) {
        switch value {
        case let number as NSNumber where String(cString: number.objCType) == "c": self = .bool(number.boolValue)
        case let number as NSNumber: self = .number(number.doubleValue)
        case let string as String: self = .string(string)
        case let array as [Any]: self = .array(array.map(JSONValue.init(any:)))
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(any:)))
        default: self = .null
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.isNaN { try container.encode("nan") } else if value.isInfinite { try container.encode(value > 0 ? "inf" : "-inf") }
            else if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int(value)) }
            else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
