/// A value Umlaut could work out statically, or `unknown` with the expression's text.
///
/// Encoded in golden files as plain JSON (`5`, `0.1`, `"relu"`, `true`, `null`, arrays), with
/// `{"unknown": "<expression>"}` for what could not be evaluated.
package indirect enum Value: Hashable, Sendable {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    case none
    /// A tuple or a list.
    case sequence([Value])
    /// An expression that could not be evaluated, with its source text.
    case unknown(String)

    /// The value as a number, if it is one (bools are not numbers here).
    package var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }

    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var isKnown: Bool {
        if case .unknown = self { return false }
        return true
    }

    /// How the value reads in a message: `0.8`, `"softmax"`, `(32, 32, 3)`.
    package var pythonLiteral: String {
        switch self {
        case .int(let value): return String(value)
        case .float(let value): return Self.format(value)
        case .bool(let value): return value ? "True" : "False"
        case .string(let value): return "\"\(value)\""
        case .none: return "None"
        case .sequence(let values):
            return "(" + values.map(\.pythonLiteral).joined(separator: ", ") + (values.count == 1 ? ",)" : ")")
        case .unknown(let text): return text
        }
    }

    /// Formats a float the way Python's repr would for the common cases (0.1, 1e-07, 1000.0).
    package static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        // Swift's shortest round-trip form matches Python's repr: 0.1, 1e-07, 1000.0, 1e+16.
        return "\(value)"
    }
}

extension Value: Codable {
    private struct Unknown: Codable { var unknown: String }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .none; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int.self) { self = .int(value); return }
        if let value = try? container.decode(Double.self) { self = .float(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([Value].self) { self = .sequence(value); return }
        self = .unknown(try container.decode(Unknown.self).unknown)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .float(let value) where !value.isFinite:
            // JSON has no NaN or infinity: `float("nan")` is written the way Python writes it.
            try container.encode(Unknown(unknown: self.pythonLiteral))
        case .float(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .none: try container.encodeNil()
        case .sequence(let values): try container.encode(values)
        case .unknown(let text): try container.encode(Unknown(unknown: text))
        }
    }
}
