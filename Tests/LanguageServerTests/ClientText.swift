import LSPTypes

/// The client's copy of a document, edited the way an editor does, independently of the
/// server's `LineIndex`: positions are resolved on Swift's UTF-8 / UTF-16 views of each line,
/// with the protocol's clamping (past the line end → line end, past the last line → text end,
/// inside a character → its start).
struct ClientText: Equatable {
    var text: String
    let encoding: PositionEncodingKind

    init(_ text: String, encoding: PositionEncodingKind = .utf16) {
        self.text = text
        self.encoding = encoding
    }

    /// The string index of a position. Lines end at `\n`, `\r\n` or a lone `\r`, as the
    /// protocol says; the scan is over Unicode scalars (Swift's `Character` would treat `\r\n`
    /// as one).
    func index(of position: Position) -> String.Index {
        let scalars = text.unicodeScalars
        if position.line < 0 { return text.startIndex }
        var lineStart = scalars.startIndex
        var line = 0
        while line < position.line {
            guard let terminator = scalars[lineStart...].firstIndex(where: { $0 == "\n" || $0 == "\r" }) else {
                return text.endIndex
            }
            var next = scalars.index(after: terminator)
            if scalars[terminator] == "\r", next < scalars.endIndex, scalars[next] == "\n" {
                next = scalars.index(after: next)
            }
            lineStart = next
            line += 1
        }
        let lineEnd = scalars[lineStart...].firstIndex(where: { $0 == "\n" || $0 == "\r" }) ?? scalars.endIndex
        var index = lineStart
        var remaining = position.character
        for scalar in scalars[lineStart..<lineEnd] {
            let width = encoding == .utf8 ? scalar.utf8.count : scalar.utf16.count
            if remaining < width { break }
            remaining -= width
            index = scalars.index(after: index)
        }
        return index
    }

    mutating func replace(_ range: LSPRange, with newText: String) {
        var start = index(of: range.start)
        var end = index(of: range.end)
        if end < start { swap(&start, &end) }
        text.unicodeScalars.replaceSubrange(start..<end, with: newText.unicodeScalars)
    }

    mutating func apply(_ edits: [TextEdit]) {
        // Edits of one set refer to the original text: apply from the last to the first.
        for edit in edits.sorted(by: { $0.range.start > $1.range.start }) { replace(edit.range, with: edit.newText) }
    }

    /// The position of a UTF-8 offset (for test markers).
    func position(ofUTF8Offset offset: Int) -> Position {
        let target = text.utf8.index(text.startIndex, offsetBy: offset)
        var line = 0
        var lineStart = text.startIndex
        while let newline = text[lineStart...].firstIndex(of: "\n"), newline < target {
            line += 1
            lineStart = text.index(after: newline)
        }
        let prefix = text[lineStart..<target]
        return Position(line: line, character: encoding == .utf8 ? prefix.utf8.count : prefix.utf16.count)
    }
}
