/// Names of the user's objects shortened for a diagnostic's one-line `summary`, so that the line
/// stays short whatever the script calls things:
///
/// - `Conv2D(32, (3, 3), input_shape=(32, 32, 3))` → `Conv2D(32, …)` (the call with its first
///   argument when that is short, else `Conv2D(…)`);
/// - `self.encoder.blocks.attention.query` → `…attention.query` (the last dotted parts);
/// - anything else longer than the limit keeps its start and ends with `…`.
///
/// Names are returned in backticks, as messages quote code.
package enum ShortName {
    /// The longest name, in characters without the backticks, that is kept as written.
    package static let defaultLimit = 24

    /// `text` (code as written, without backticks) shortened to about `limit` characters, in backticks.
    package static func code(_ text: String, limit: Int = defaultLimit) -> String {
        "`\(shortened(text, limit: limit))`"
    }

    /// `text` shortened to about `limit` characters, without backticks. Line breaks and runs of
    /// blanks become one space.
    package static func shortened(_ text: String, limit: Int = defaultLimit) -> String {
        // Most names are short ASCII with no blanks (`Dropout`, `model`): kept as written,
        // without splitting and joining them (rules build these summaries on every edit).
        if text.utf8.count <= limit,
            !text.utf8.contains(where: { $0 >= 0x80 || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        {
            return text
        }
        let flat = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == " " }).joined(
            separator: " ")
        guard flat.count > limit else { return flat }
        if let open = flat.firstIndex(of: "("), flat.last == ")" {
            let callee = shortenedDotted(String(flat[..<open]), limit: max(limit - 5, 8))
            let first = firstArgument(String(flat[flat.index(after: open)..<flat.index(before: flat.endIndex)]))
            if let first, callee.count + first.count + 5 <= limit { return "\(callee)(\(first), …)" }
            return "\(callee)(…)"
        }
        if flat.contains("."), !flat.contains(" ") { return shortenedDotted(flat, limit: limit) }
        return String(flat.prefix(max(limit - 1, 1))) + "…"
    }

    /// A dotted name's last parts that fit, after `…`; the last part alone when even it is too
    /// long, cut when it is far too long.
    static func shortenedDotted(_ name: String, limit: Int) -> String {
        guard name.count > limit else { return name }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        for part in parts.reversed() {
            let candidate = ([part] + kept).joined(separator: ".")
            if candidate.count + 1 > limit { break }
            kept.insert(part, at: 0)
        }
        if kept.isEmpty {
            // A long last part (a class name) is kept whole when not far too long.
            guard let last = parts.last, last.count <= limit + 8 else {
                return String(name.prefix(max(limit - 1, 1))) + "…"
            }
            return parts.count > 1 ? "…" + last : String(last)
        }
        return "…" + kept.joined(separator: ".")
    }

    /// The first top-level argument of an argument list, when it is a simple value (no nested
    /// brackets or strings to cut in half).
    static func firstArgument(_ arguments: String) -> String? {
        var depth = 0
        var end = arguments.endIndex
        for index in arguments.indices {
            switch arguments[index] {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "," where depth == 0: end = index
            default: continue
            }
            if end != arguments.endIndex { break }
        }
        let first = arguments[..<end].trimmingBlanks
        guard !first.isEmpty, end != arguments.endIndex,
            !first.contains(where: { "([{".contains($0) })
        else { return nil }
        return first
    }
}

extension Substring {
    var trimmingBlanks: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
