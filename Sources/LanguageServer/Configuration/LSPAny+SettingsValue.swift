import LSPTypes
import LintCore

/// The editor's settings, read by the same schema as `pyproject.toml` (`SettingsSchema`).
extension LSPAny: SettingsValue {
    package var shape: SettingsValueShape<LSPAny> {
        switch self {
        case .null: .null
        case .bool(let value): .boolean(value)
        case .int(let value): .integer(value)
        case .double(let value): .number(value)
        case .string(let value): .string(value)
        case .array(let value): .array(value)
        case .object(let value): .table(value)
        }
    }
}
