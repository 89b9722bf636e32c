import Foundation
import LintCore
import Runtime
import SessionStore

/// The JSON of `umlaut show --format json`, `sessions --format json` and `diff --format json`.
/// A finding has the fields of `umlaut check --format json`, in the same order (code, name,
/// severity, message, path, line, column, end_line, end_column, fix, help, related, url; 1-based
/// positions, Unicode-scalar columns), then `stage` and `epochs` (1-based, as Keras prints them;
/// empty for static findings).
enum SessionJSON {
    static func finding(_ record: FindingRecord) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("code", .string(record.code)),
            ("name", .string(record.name)),
            ("severity", .string(record.severity)),
            ("message", .string(record.message)),
            ("path", .optional(record.path)),
            ("line", .optional(record.line)),
            ("column", .optional(record.column)),
            ("end_line", .optional(record.endLine)),
            ("end_column", .optional(record.endColumn)),
        ]
        members.append(("fix", record.fix.map { fix in
            .object([
                ("title", .string(fix.title)),
                ("applicability", .string(fix.applicability)),
                ("edits", .array(fix.edits.map { edit in
                    .object([("line", .int(edit.line)), ("column", .int(edit.column)), ("end_line", .int(edit.endLine)),
                             ("end_column", .int(edit.endColumn)), ("content", .string(edit.content))])
                })),
            ])
        } ?? .null))
        members.append(("help", .optional(record.help)))
        members.append(("related", .array(record.related.map { related in
            .object([("message", .string(related.message)), ("path", .string(related.path)), ("line", .int(related.line)),
                     ("column", .int(related.column)), ("end_line", .int(related.endLine)), ("end_column", .int(related.endColumn))])
        })))
        members.append(("url", RuleCode(rawValue: record.code).map { .string(documentationURL($0)) } ?? .null))
        members.append(("stage", .string(record.stage.rawValue)))
        members.append(("epochs", .array(record.epochs.map { .int($0 + 1) })))
        return .object(members)
    }

    static func documentationURL(_ code: RuleCode) -> String {
        if let rule = RuntimeRules.rule(code) { return type(of: rule).description.documentationURL }
        return "https://github.com/umlaut-lint/umlaut/blob/main/Docs/rules/\(code.rawValue).md"
    }

    static func session(_ record: SessionRecord, epochs: Int, findings: Int) -> OrderedJSON {
        .object([
            ("name", .string(record.name)),
            ("script", .string(record.script)),
            ("arguments", .array(record.arguments.map(OrderedJSON.string))),
            ("python", .string(record.python)),
            ("started_at", .string(timestamp(record.startedAt))),
            ("ended_at", record.endedAt.map { .string(timestamp($0)) } ?? .null),
            ("status", .string(record.displayStatus)),
            ("exit_code", .optional(record.exitCode)),
            ("note", .optional(record.note)),
            ("epochs", .int(epochs)),
            ("findings", .int(findings)),
        ])
    }

    static func epoch(_ record: EpochRecord) -> OrderedJSON {
        .object([
            ("model", .string(record.model)),
            ("epoch", .int(record.epoch + 1)),
            ("duration", record.duration.map(OrderedJSON.number) ?? .null),
            ("learning_rate", record.learningRate.map(OrderedJSON.number) ?? .null),
            ("metrics", .object(record.metrics.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
        ])
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// A JSON value with ordered keys, pretty-printed with two-space indentation. Non-finite
/// numbers are written as the strings "nan", "inf" and "-inf", as in the event protocol.
indirect enum OrderedJSON {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case null

    static func optional(_ text: String?) -> OrderedJSON { text.map(OrderedJSON.string) ?? .null }
    static func optional(_ value: Int?) -> OrderedJSON { value.map(OrderedJSON.int) ?? .null }

    func rendered(level: Int = 0) -> String {
        var out = ""
        write(to: &out, level: level)
        return out
    }

    private func write(to out: inout String, level: Int) {
        let indent = String(repeating: "  ", count: level + 1)
        switch self {
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += indent
                Self.quote(key, into: &out)
                out += ": "
                value.write(to: &out, level: level + 1)
                out += index + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: level) + "}"
        case .array(let values):
            if values.isEmpty { out += "[]"; return }
            out += "[\n"
            for (index, value) in values.enumerated() {
                out += indent
                value.write(to: &out, level: level + 1)
                out += index + 1 < values.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: level) + "]"
        case .string(let text): Self.quote(text, into: &out)
        case .int(let value): out += String(value)
        case .number(let value):
            if value.isNaN { out += "\"nan\"" } else if value.isInfinite { out += value > 0 ? "\"inf\"" : "\"-inf\"" }
            else if value == value.rounded(), abs(value) < 1e15 { out += String(Int(value)) }
            else { out += "\(value)" }
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
