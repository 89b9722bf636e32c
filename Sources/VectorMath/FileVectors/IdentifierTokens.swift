/// The identifier sub-tokens of source text, the words of the file-vector baseline: every
/// identifier (`[A-Za-z_][A-Za-z0-9_]*`, so also words in strings and comments) split at
/// underscores, at camelCase humps (`HTTPServer` → `http`, `server`) and between letters and
/// digits (`conv2d` → `conv`, `2`, `d`), lowercased; Python's keywords (also as sub-tokens, in
/// lower case: `is_valid` loses `is`) and tokens of one character are dropped.
package enum IdentifierTokens {
    /// Python 3's keywords and soft keywords, lowercased.
    package static let keywords: Set<String> = [
        "false", "none", "true", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match",
        "case", "type",
    ]

    package static func tokens(in source: String) -> [String] {
        var result: [String] = []
        var identifier: [UInt8] = []
        func flush() {
            defer { identifier.removeAll(keepingCapacity: true) }
            guard !identifier.isEmpty else { return }
            for part in split(identifier) where part.count > 1 {
                let word = String(decoding: part, as: UTF8.self)
                if !keywords.contains(word) { result.append(word) }
            }
        }
        for byte in source.utf8 {
            let isLetter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
            let isDigit = byte >= 48 && byte <= 57
            if isLetter || (isDigit && !identifier.isEmpty) {
                identifier.append(byte)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// One identifier's sub-tokens, lowercased (ASCII).
    static func split(_ identifier: [UInt8]) -> [[UInt8]] {
        enum Kind { case lower, upper, digit }
        func kind(_ byte: UInt8) -> Kind {
            byte >= 48 && byte <= 57 ? .digit : (byte >= 65 && byte <= 90 ? .upper : .lower)
        }
        var parts: [[UInt8]] = []
        var current: [UInt8] = []
        for (index, byte) in identifier.enumerated() {
            if byte == 95 {
                if !current.isEmpty { parts.append(current) }
                current = []
                continue
            }
            if !current.isEmpty {
                let previous = kind(identifier[index - 1]), this = kind(byte)
                let next = index + 1 < identifier.count ? kind(identifier[index + 1]) : nil
                let boundary =
                    (previous == .lower && this == .upper)
                    || (previous == .digit) != (this == .digit)
                    || (previous == .upper && this == .upper && next == .lower && identifier[index + 1] != 95)
                if boundary {
                    parts.append(current)
                    current = []
                }
            }
            current.append(kind(byte) == .upper ? byte + 32 : byte)
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
