/// A small JSON reader that remembers where every value sits in the text.
///
/// Notebooks are JSON; to write fixes back without disturbing outputs, metadata, key order or
/// formatting, Umlaut replaces only the byte range of each changed cell's `source`. Foundation's
/// `JSONSerialization` forgets those ranges, hence this reader (RFC 8259, no extensions).
struct JSONDocument {
    indirect enum Value {
        case object([(key: String, value: Node)])
        case array([Node])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    /// A value and its byte range in the text.
    struct Node {
        var value: Value
        var range: Range<Int>

        subscript(key: String) -> Node? {
            guard case let .object(members) = value else { return nil }
            return members.last { $0.key == key }?.value
        }

        var string: String? {
            if case let .string(text) = value { return text }
            return nil
        }

        var array: [Node]? {
            if case let .array(elements) = value { return elements }
            return nil
        }

        var number: Double? {
            if case let .number(number) = value { return number }
            return nil
        }

        var isObject: Bool {
            if case .object = value { return true }
            return false
        }
    }

    /// Where and why the text is not JSON; line and column one-based.
    struct SyntaxError: Error, Hashable {
        var message: String
        var line: Int
        var column: Int
    }

    let root: Node

    init(_ bytes: [UInt8]) throws(SyntaxError) {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let root = try reader.value(depth: 0)
        reader.skipWhitespace()
        if reader.index < bytes.count { throw reader.error("unexpected text after the end of the JSON value") }
        self.root = root
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func error(_ message: String) -> SyntaxError {
            var line = 1
            var lineStart = 0
            let end = min(index, bytes.count)
            for offset in 0..<end where bytes[offset] == 0x0A {
                line += 1
                lineStart = offset + 1
            }
            let column = 1 + bytes[lineStart..<end].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            return SyntaxError(message: message, line: line, column: column)
        }

        mutating func value(depth: Int) throws(SyntaxError) -> Node {
            guard depth < 512 else { throw error("nested too deeply") }
            guard index < bytes.count else { throw error("unexpected end of file") }
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: Node)] = []
                skipWhitespace()
                if peek(UInt8(ascii: "}")) { return Node(value: .object(members), range: start..<index) }
                while true {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw error("expected a string key")
                    }
                    let key = try string()
                    skipWhitespace()
                    guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after an object key") }
                    skipWhitespace()
                    members.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    if peek(UInt8(ascii: ",")) { continue }
                    if peek(UInt8(ascii: "}")) { return Node(value: .object(members), range: start..<index) }
                    throw error("expected ',' or '}' in an object")
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [Node] = []
                skipWhitespace()
                if peek(UInt8(ascii: "]")) { return Node(value: .array(elements), range: start..<index) }
                while true {
                    skipWhitespace()
                    elements.append(try value(depth: depth + 1))
                    skipWhitespace()
                    if peek(UInt8(ascii: ",")) { continue }
                    if peek(UInt8(ascii: "]")) { return Node(value: .array(elements), range: start..<index) }
                    throw error("expected ',' or ']' in an array")
                }
            case UInt8(ascii: "\""):
                let text = try string()
                return Node(value: .string(text), range: start..<index)
            case UInt8(ascii: "t"):
                try literal("true")
                return Node(value: .bool(true), range: start..<index)
            case UInt8(ascii: "f"):
                try literal("false")
                return Node(value: .bool(false), range: start..<index)
            case UInt8(ascii: "n"):
                try literal("null")
                return Node(value: .null, range: start..<index)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return Node(value: .number(try number()), range: start..<index)
            default:
                throw error("unexpected character '\(String(decoding: [bytes[index]], as: UTF8.self))'")
            }
        }

        mutating func peek(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
                throw error("invalid literal (expected '\(word)')")
            }
            index += utf8.count
        }

        mutating func number() throws(SyntaxError) -> Double {
            let start = index
            while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                index = start
                throw error("invalid number")
            }
            return value
        }

        /// Reads a string starting at its opening quote.
        mutating func string() throws(SyntaxError) -> String {
            index += 1
            var runStart = index
            var result = ""
            func flush(_ end: Int) {
                if end > runStart { result += String(decoding: bytes[runStart..<end], as: UTF8.self) }
            }
            while true {
                guard index < bytes.count else { throw error("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    flush(index)
                    index += 1
                    return result
                }
                if byte < 0x20 { throw error("control character in a string (must be escaped)") }
                if byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                flush(index)
                index += 1
                guard index < bytes.count else { throw error("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): result += "\""
                case UInt8(ascii: "\\"): result += "\\"
                case UInt8(ascii: "/"): result += "/"
                case UInt8(ascii: "b"): result += "\u{08}"
                case UInt8(ascii: "f"): result += "\u{0C}"
                case UInt8(ascii: "n"): result += "\n"
                case UInt8(ascii: "r"): result += "\r"
                case UInt8(ascii: "t"): result += "\t"
                case UInt8(ascii: "u"):
                    let high = try hex4()
                    var scalar = Unicode.Scalar(high)
                    if (0xD800..<0xDC00).contains(high), index + 6 <= bytes.count,
                        bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        }
                    }
                    result.unicodeScalars.append(scalar ?? "\u{FFFD}")
                default:
                    index -= 1
                    throw error("invalid escape in a string")
                }
                runStart = index
            }
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else {
                throw error("invalid \\u escape")
            }
            index += 4
            return value
        }
    }

    /// `text` as a JSON string literal, written the way Jupyter writes notebooks
    /// (`json.dump(..., ensure_ascii=False)`): only quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
