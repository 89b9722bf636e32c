import Foundation
import LintCore
import Runtime
import Store

/// The JSON of `umlaut show --format json`, `sessions --format json` and `diff --format json`.
/// A finding has the fields of `umlaut check --format json`, in the same order (code, name,
/// severity, message, summary, path, line, column, end_line, end_column, fix, help, related; 1-based
/// positions, Unicode-scalar columns), then `stage` and `epochs` (1-based, as Keras prints them;
/// empty for static findings). A related place also has its `role` (`root-cause`, `symptom`,
/// `context`), and its message and a runtime finding's carry no role or epoch label.
enum SessionJSON {
    static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }

    static func crash(_ record: CrashRecord) -> JSONValue {
        .object([
            ("type", .string(record.exceptionType)),
            ("message", .string(record.message)),
            ("kind", .optional(record.kind)),
            ("path", .optional(record.path)),
            ("line", optional(record.line)),
            ("column", optional(record.column)),
            ("end_line", optional(record.endLine)),
            ("end_column", optional(record.endColumn)),
            (
                "cause",
                record.cause.map { cause in
                    .object([
                        ("message", .string(cause.message)), ("path", .string(cause.path)), ("line", .int(cause.line)),
                        ("column", .int(cause.column)), ("end_line", .int(cause.endLine)),
                        ("end_column", .int(cause.endColumn)),
                    ])
                } ?? .null
            ),
            (
                "frames",
                .array(
                    record.frames.map { frame in
                        .object([
                            ("path", .string(frame.path)), ("line", .int(frame.line)),
                            ("function", .optional(frame.function)),
                            ("user", .bool(frame.isUser)),
                        ])
                    })
            ),
        ])
    }

    static func finding(_ record: FindingRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(record.code)),
            ("name", .string(record.name)),
            ("severity", .string(record.severity.rawValue)),
            ("message", .string(record.message)),
            ("summary", .optional(record.summary)),
            ("path", .optional(record.path)),
            ("line", optional(record.line)),
            ("column", optional(record.column)),
            ("end_line", optional(record.endLine)),
            ("end_column", optional(record.endColumn)),
        ]
        members.append(
            (
                "fix",
                record.fix.map { fix in
                    .object([
                        ("title", .string(fix.title)),
                        ("applicability", .string(fix.applicability.rawValue)),
                        (
                            "edits",
                            .array(
                                fix.edits.map { edit in
                                    .object([
                                        ("line", .int(edit.line)), ("column", .int(edit.column)),
                                        ("end_line", .int(edit.endLine)),
                                        ("end_column", .int(edit.endColumn)), ("content", .string(edit.content)),
                                    ])
                                })
                        ),
                    ])
                } ?? .null
            ))
        members.append(("help", .optional(record.help)))
        members.append(
            (
                "related",
                .array(
                    record.related.map { related in
                        .object([
                            ("role", .string(role(related.role))), ("message", .string(related.message)),
                            ("path", .string(related.path)), ("line", .int(related.line)),
                            ("column", .int(related.column)), ("end_line", .int(related.endLine)),
                            ("end_column", .int(related.endColumn)),
                        ])
                    })
            ))
        members.append(("stage", .string(record.stage.rawValue)))
        members.append(("epochs", .array(record.epochs.map { .int($0 + 1) })))
        return .object(members)
    }

    /// `root-cause`, `symptom` or `context`, spelled as the JSON's other values are.
    static func role(_ role: FindingRecord.Related.Role) -> String {
        switch role {
        case .rootCause: "root-cause"
        case .symptom: "symptom"
        case .context: "context"
        }
    }

    static func session(_ record: SessionRecord, epochs: Int, findings: Int) -> JSONValue {
        .object([
            ("name", .string(record.name)),
            ("script", .string(record.script)),
            ("arguments", .array(record.arguments.map(JSONValue.string))),
            ("python", .string(record.python)),
            ("started_at", .string(timestamp(record.startedAt))),
            ("ended_at", record.endedAt.map { .string(timestamp($0)) } ?? .null),
            ("status", .string(record.displayStatus)),
            ("exit_code", optional(record.exitCode)),
            ("note", .optional(record.note)),
            ("epochs", .int(epochs)),
            ("findings", .int(findings)),
        ])
    }

    static func epoch(_ record: EpochRecord) -> JSONValue {
        .object([
            ("model", .string(record.model)),
            ("epoch", .int(record.epoch + 1)),
            ("duration", record.duration.map(JSONValue.double) ?? .null),
            ("learning_rate", record.learningRate.map(JSONValue.double) ?? .null),
            ("metrics", .object(record.metrics.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) })),
        ])
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
