/// A JSON value with ordered keys, written the way `json.dumps(indent=2)` writes: stable key
/// order for golden files and machine readers, no Foundation encoder in the loop.
indirect enum JSONValue: Sendable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case int(Int)
    /// A measurement; NaN and infinities are written as the strings "nan", "inf", "-inf" (as in
    /// the runtime event protocol), whole numbers without a fraction.
    case double(Double)
    case bool(Bool)
    case null

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// The value pretty-printed with two-space indentation, starting at `level`.
    func rendered(level: Int = 0) -> String {
        var out = ""
        write(to: &out, level: level)
        return out
    }

    func write(to out: inout String, level: Int) {
        switch self {
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += String(repeating: "  ", count: level + 1)
                Self.quote(key, into: &out)
                out += ": "
                value.write(to: &out, level: level + 1)
                out += index + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: level) + "}"
        case let .array(elements):
            if elements.isEmpty { out += "[]"; return }
            out += "[\n"
            for (index, value) in elements.enumerated() {
                out += String(repeating: "  ", count: level + 1)
                value.write(to: &out, level: level + 1)
                out += index + 1 < elements.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: level) + "]"
        case let .string(text): Self.quote(text, into: &out)
        case let .int(number): out += String(number)
        case let .double(number):
            if number.isNaN {
                out += "\"nan\""
            } else if number.isInfinite {
                out += number > 0 ? "\"inf\"" : "\"-inf\""
            } else if number == number.rounded(), abs(number) < 1e15 {
                out += String(Int(number))
            } else {
                out += "\(number)"
            }
        case let .bool(flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20 || control.value == 0x7F:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
