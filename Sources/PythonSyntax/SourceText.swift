/// The UTF-8 text of one Python source, with its line index.
///
/// A value type: copies share storage until one is edited. All syntax ranges in Umlaut are byte
/// ranges into `bytes`; `lineIndex` converts them to lines and columns in any `ColumnUnit`.
package struct SourceText: Sendable {
    package let bytes: [UInt8]
    package let lineIndex: LineIndex

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.lineIndex = LineIndex(bytes)
    }

    package init(_ string: String) {
        self.init(Array(string.utf8))
    }

    /// The whole text as a `String` (malformed UTF-8 becomes U+FFFD).
    package var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The text of a byte range, clamped into the source.
    package func text(in range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The tree-sitter point (zero-based row, UTF-8 byte column) of a byte offset.
    package func point(ofByte offset: Int) -> LineColumn {
        lineIndex.position(ofByte: offset, unit: .utf8)
    }

    /// Replaces a byte range, returning the new text and the edit that tells a syntax tree what
    /// changed (for incremental re-parsing).
    package func replacing(_ range: Range<Int>, with replacement: [UInt8]) -> (text: SourceText, edit: InputEdit) {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        var newBytes = [UInt8]()
        newBytes.reserveCapacity(bytes.count - (upper - lower) + replacement.count)
        newBytes.append(contentsOf: bytes[0..<lower])
        newBytes.append(contentsOf: replacement)
        newBytes.append(contentsOf: bytes[upper...])
        let newText = SourceText(newBytes)
        let newEnd = lower + replacement.count
        let edit = InputEdit(
            startByte: lower,
            oldEndByte: upper,
            newEndByte: newEnd,
            startPoint: point(ofByte: lower),
            oldEndPoint: point(ofByte: upper),
            newEndPoint: newText.point(ofByte: newEnd)
        )
        return (newText, edit)
    }

    /// Replaces a byte range with a string.
    package func replacing(_ range: Range<Int>, with replacement: String) -> (text: SourceText, edit: InputEdit) {
        replacing(range, with: Array(replacement.utf8))
    }
}

/// A change to a text, described the way tree-sitter needs it to re-parse incrementally:
/// byte offsets and (row, byte column) points before and after the edit.
package struct InputEdit: Hashable, Sendable {
    package var startByte: Int
    package var oldEndByte: Int
    package var newEndByte: Int
    package var startPoint: LineColumn
    package var oldEndPoint: LineColumn
    package var newEndPoint: LineColumn

    package init(
        startByte: Int, oldEndByte: Int, newEndByte: Int,
        startPoint: LineColumn, oldEndPoint: LineColumn, newEndPoint: LineColumn
    ) {
        self.startByte = startByte
        self.oldEndByte = oldEndByte
        self.newEndByte = newEndByte
        self.startPoint = startPoint
        self.oldEndPoint = oldEndPoint
        self.newEndPoint = newEndPoint
    }

    /// The same edit, said to reach further: over the rest of the line after it, the blank lines
    /// that follow, and the first character of the next line with any (`new` is the text after
    /// the edit; what follows the edit is the same text before and after it).
    ///
    /// Why: tree-sitter 0.20.7 does not reuse a node whose external scanner state differs at its
    /// start, and skips it whole instead of descending into it. Python's scanner emits zero-width
    /// `_newline`/`_dedent` tokens where a block ends; an edit at the end of a block's last line
    /// (`return model` + `x`) left the next function's node to be checked before those tokens
    /// were lexed again, so it and, node after node, the rest of the file were parsed afresh: a
    /// 0.3 ms re-parse took 15 ms on a 2,000-line script. Marking the next line as changed
    /// makes the parser lex up to it first. The trees are the same (checked against a fresh
    /// parse on the bench's 1,000 edits); only what is re-lexed grows, by about a line.
    package func widenedToNextLine(in new: SourceText) -> InputEdit {
        let bytes = new.bytes
        var end = newEndByte
        var lines = 0
        var lastLineStart: Int?
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        while end < bytes.count,
            [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(bytes[end])
        {
            if bytes[end] == UInt8(ascii: "\n") {
                lines += 1
                lastLineStart = end + 1
            }
            end += 1
        }
        if end < bytes.count { end += 1 }
        let extra = end - newEndByte
        guard extra > 0 else { return self }
        func moved(_ point: LineColumn) -> LineColumn {
            guard let lastLineStart else { return LineColumn(line: point.line, column: point.column + extra) }
            return LineColumn(line: point.line + lines, column: end - lastLineStart)
        }
        return InputEdit(
            startByte: startByte, oldEndByte: oldEndByte + extra, newEndByte: newEndByte + extra,
            startPoint: startPoint, oldEndPoint: moved(oldEndPoint), newEndPoint: moved(newEndPoint))
    }
}
