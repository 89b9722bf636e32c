/// Turns the IPython additions to Python in a notebook cell into plain Python of the same byte
/// length, so that tree-sitter can parse the cell and offsets stay put.
///
/// - a line magic or shell escape (`%matplotlib inline`, `!pip install x`, `x = !ls`) becomes a
///   comment: its `%`/`!` is replaced by `#` (by `0#` when indented, so a block keeps a body);
/// - help syntax (`model.fit?`, `??keras`) loses its question marks;
/// - a cell magic on the first line (`%%time`) becomes a comment when its body is Python
///   (`time`, `timeit`, `capture`, `prun`, `debug`, `python`, ...); any other cell magic
///   (`%%bash`, `%%html`, `%%writefile`, ...) means the cell is not Python: it is left out.
///
/// As in IPython, only a line that starts a logical line can be a magic: a line inside open
/// brackets, inside a triple-quoted string or after a backslash continuation is Python
/// (`print("..."\n      %(a, b))` is string formatting, not the magic `%(`).
enum IPythonSyntax {
    /// Cell magics whose body is Python code.
    static let pythonCellMagics: Set<String> = [
        "time", "timeit", "capture", "prun", "debug", "python", "python3", "python2", "ipython",
    ]

    /// The neutralised bytes and the changed ranges, or nil when the cell is not Python.
    static func neutralise(_ source: [UInt8]) -> (bytes: [UInt8], changed: [Range<Int>])? {
        var bytes = source
        var changed: [Range<Int>] = []
        var lineStart = 0
        var continuation = false
        var first = true
        var python = LogicalLines()
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
            var next = lineEnd
            if next < bytes.count {
                next += bytes[next] == 0x0D && next + 1 < bytes.count && bytes[next + 1] == 0x0A ? 2 : 1
            } else {
                next = bytes.count + 1
            }
            var indent = lineStart
            while indent < lineEnd, bytes[indent] == 0x20 || bytes[indent] == 0x09 { indent += 1 }
            let isMagicContinued = lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\\")

            if python.isContinued {
                // Inside brackets, a string or after `\`: Python, never a magic.
            } else if continuation {
                // The rest of a magic continued with a backslash.
                if indent < lineEnd {
                    bytes[indent] = UInt8(ascii: "#")
                    changed.append(indent..<indent + 1)
                }
                continuation = isMagicContinued
            } else if first, lineEnd - indent >= 2, bytes[indent] == UInt8(ascii: "%"),
                bytes[indent + 1] == UInt8(ascii: "%")
            {
                let nameStart = indent + 2
                var nameEnd = nameStart
                while nameEnd < lineEnd, bytes[nameEnd] != 0x20, bytes[nameEnd] != 0x09 { nameEnd += 1 }
                let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
                guard pythonCellMagics.contains(name) else { return nil }
                bytes[indent] = UInt8(ascii: "#")
                changed.append(indent..<lineEnd)
            } else if indent < lineEnd, bytes[indent] == UInt8(ascii: "%") || bytes[indent] == UInt8(ascii: "!") {
                comment(&bytes, from: indent, to: lineEnd, indented: indent > lineStart, changed: &changed)
                continuation = isMagicContinued
            } else if let magic = assignedMagic(bytes, line: indent..<lineEnd) {
                comment(&bytes, from: magic, to: lineEnd, indented: true, changed: &changed)
                continuation = isMagicContinued
            } else {
                neutraliseHelp(&bytes, line: indent..<lineEnd, changed: &changed)
            }
            if indent < lineEnd { first = false }
            python.scan(bytes[lineStart..<lineEnd])
            lineStart = next
        }
        return (bytes, changed)
    }

    /// Where a Python tokenizer would be at the end of each line: bracket depth, an open
    /// triple-quoted string, a backslash continuation. Lines already neutralised are comments
    /// and change nothing.
    struct LogicalLines {
        private var depth = 0
        /// The quote byte of an open triple-quoted string.
        private var tripleQuote: UInt8?
        private var backslash = false

        /// Whether the next line continues the current logical line.
        var isContinued: Bool { depth > 0 || tripleQuote != nil || backslash }

        mutating func scan(_ line: ArraySlice<UInt8>) {
            backslash = false
            var index = line.startIndex
            while index < line.endIndex {
                let byte = line[index]
                if let quote = tripleQuote {
                    if byte == UInt8(ascii: "\\") { index += 2; continue }
                    if byte == quote, index + 2 < line.endIndex, line[index + 1] == quote, line[index + 2] == quote {
                        tripleQuote = nil
                        index += 3
                        continue
                    }
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "#"):
                    return
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth = max(0, depth - 1)
                case UInt8(ascii: "\\"):
                    if index + 1 == line.endIndex { backslash = true }
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if index + 2 < line.endIndex, line[index + 1] == byte, line[index + 2] == byte {
                        tripleQuote = byte
                        index += 3
                        continue
                    }
                    // A one-line string: skip to its closing quote (or the end of the line).
                    index += 1
                    while index < line.endIndex, line[index] != byte {
                        index += line[index] == UInt8(ascii: "\\") ? 2 : 1
                    }
                default:
                    break
                }
                index += 1
            }
        }
    }

    /// Replaces a magic's leading `%`/`!` with `#`, or `0#` where an expression must stand.
    private static func comment(
        _ bytes: inout [UInt8], from start: Int, to end: Int, indented: Bool, changed: inout [Range<Int>]
    ) {
        if indented, end - start >= 2, bytes[start + 1] < 0x80 {
            bytes[start] = UInt8(ascii: "0")
            bytes[start + 1] = UInt8(ascii: "#")
        } else {
            bytes[start] = UInt8(ascii: "#")
        }
        changed.append(start..<end)
    }

    /// The offset of `!` or `%` in `x = !ls` / `files = %sx ls` (never valid Python), if any.
    private static func assignedMagic(_ bytes: [UInt8], line: Range<Int>) -> Int? {
        var index = line.lowerBound
        // A target: names, dots, commas, brackets, spaces.
        while index < line.upperBound {
            let byte = bytes[index]
            let isTarget =
                byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == 0x20
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80
            guard isTarget else { break }
            index += 1
        }
        guard index > line.lowerBound, index < line.upperBound, bytes[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        guard index < line.upperBound, bytes[index] != UInt8(ascii: "=") else { return nil }
        while index < line.upperBound, bytes[index] == 0x20 { index += 1 }
        guard index < line.upperBound, bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "%") else {
            return nil
        }
        return index
    }

    /// `name?`, `name??`, `?name`, `??name` (dotted names only): question marks become spaces.
    private static func neutraliseHelp(_ bytes: inout [UInt8], line: Range<Int>, changed: inout [Range<Int>]) {
        var end = line.upperBound
        while end > line.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var start = line.lowerBound
        var leading = 0
        while start < end, bytes[start] == UInt8(ascii: "?"), leading < 2 { start += 1; leading += 1 }
        var trailing = 0
        while end > start, bytes[end - 1] == UInt8(ascii: "?"), trailing < 2 { end -= 1; trailing += 1 }
        guard leading + trailing > 0, leading == 0 || trailing == 0, start < end else { return }
        let isDottedName = bytes[start..<end].allSatisfy { byte in
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte >= 0x80
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        guard isDottedName else { return }
        for index in line.lowerBound..<start { bytes[index] = 0x20 }
        for index in end..<(end + trailing) { bytes[index] = 0x20 }
        changed.append(line.lowerBound..<start)
        changed.append(end..<(end + trailing))
    }
}
