/// One value of a settings source as `SettingsSchema` reads it. TOML values (`pyproject.toml`,
/// `Settings+TOML.swift`) and the editor's JSON (`LSPAny`, in LanguageServer) implement it, so
/// that both are read by the same code and accept and reject the same things.
package protocol SettingsValue {
    var shape: SettingsValueShape<Self> { get }
}

/// What a settings value is, with what it holds.
package enum SettingsValueShape<Value: SettingsValue> {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case array([Value])
    /// A TOML table or a JSON object.
    case table([String: Value])
    /// JSON's `null`: the editor says nothing for this key (TOML has no null).
    case null
    /// A TOML date or time, which no setting takes.
    case dateOrTime
}

extension SettingsValue {
    var string: String? {
        if case .string(let value) = shape { return value }
        return nil
    }

    /// An integer or a floating-point number.
    var number: Double? {
        switch shape {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    var array: [Self]? {
        if case .array(let value) = shape { return value }
        return nil
    }

    var table: [String: Self]? {
        if case .table(let value) = shape { return value }
        return nil
    }

    var isNull: Bool {
        if case .null = shape { return true }
        return false
    }

    /// A short description for messages: `the string "x"`, `a table`, `the integer 3`.
    var described: String {
        switch shape {
        case .string(let value): "the string \"\(value)\""
        case .integer(let value): "the integer \(value)"
        case .number(let value): "the number \(value)"
        case .boolean(let value): "the boolean \(value)"
        case .array: "an array"
        case .table: "a table"
        case .null: "null"
        case .dateOrTime: "a date or time"
        }
    }
}
