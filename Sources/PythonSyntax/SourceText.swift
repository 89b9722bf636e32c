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

    private init(_ bytes: [UInt8], lineIndex: LineIndex) {
        self.bytes = bytes
        self.lineIndex = lineIndex
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
        let newText = SourceText(
            newBytes, lineIndex: lineIndex.replacing(lower..<upper, replacementCount: replacement.count, in: newBytes))
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

    /// The one edit that turns this text into `new`: the lines from the first byte that differs
    /// to the last (the longest common prefix and suffix, both cut back to whole lines so that no
    /// edit starts or ends inside a character or a line break). Nil when the texts are equal.
    package func difference(to new: SourceText) -> InputEdit? {
        let old = bytes
        let other = new.bytes
        let shorter = min(old.count, other.count)
        // Eight bytes at a time, then byte by byte: an edit is compared on every keystroke.
        let (prefix, suffix) = old.withUnsafeBytes { a in
            other.withUnsafeBytes { b in
                var prefix = 0
                while prefix + 8 <= shorter,
                    a.loadUnaligned(fromByteOffset: prefix, as: UInt64.self)
                        == b.loadUnaligned(fromByteOffset: prefix, as: UInt64.self)
                {
                    prefix += 8
                }
                while prefix < shorter, a[prefix] == b[prefix] { prefix += 1 }
                let most = shorter - prefix
                var suffix = 0
                while suffix + 8 <= most,
                    a.loadUnaligned(fromByteOffset: a.count - suffix - 8, as: UInt64.self)
                        == b.loadUnaligned(fromByteOffset: b.count - suffix - 8, as: UInt64.self)
                {
                    suffix += 8
                }
                while suffix < most, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
                return (prefix, suffix)
            }
        }
        if prefix == old.count, old.count == other.count { return nil }
        // Back to the start of the first differing line; on to the end of the last one (its
        // `\n` included), within the common suffix, which both texts share byte for byte.
        var start = prefix
        while start > 0, old[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var kept = suffix
        while kept > 0, kept < old.count, old[old.count - kept - 1] != UInt8(ascii: "\n") { kept -= 1 }
        let oldEnd = old.count - kept
        let newEnd = other.count - kept
        return InputEdit(
            startByte: start, oldEndByte: oldEnd, newEndByte: newEnd,
            startPoint: point(ofByte: start), oldEndPoint: point(ofByte: oldEnd),
            newEndPoint: new.point(ofByte: newEnd))
    }
}

extension InputEdit {
    /// How many bytes the edit covers, in the old text and the new one together.
    package var changedBytes: Int { (oldEndByte - startByte) + (newEndByte - startByte) }
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

    /// The same edit, said to reach further on both sides: back over the whitespace before it
    /// to the last character before that (so it starts inside the token there), and on over the
    /// rest of its line, the blank lines that follow, and the first character of the next line
    /// with any. `new` is the text after the edit: the bytes before the edit and after it are
    /// the same in both texts, so the description stays true.
    ///
    /// Why: tree-sitter 0.20.7 checks a reusable node's external scanner state before it checks
    /// whether the node changed, and when the state differs it skips the node whole instead of
    /// descending into it. Python's scanner emits zero-width `_newline`/`_dedent` tokens where a
    /// block ends. After an edit at the end of a block's last line (`return model` + `x`), or on
    /// a blank line after it (whose bytes those tokens looked ahead over), the next function's
    /// node was checked before those tokens were lexed again, so it, and node after node the
    /// rest of the file, were parsed afresh: a 0.3 ms re-parse took 15 ms on a 2,000-line
    /// script. Starting inside the last token before the edit and ending inside the next line
    /// makes the parser lex that stretch again before it checks a node, and the states match.
    /// The trees are the same as a fresh parse's (checked on the bench's 1,000 edits and on
    /// typing at line ends in 34 real scripts); what is re-lexed grows by about two lines.
    package func widened(in new: SourceText) -> InputEdit {
        let bytes = new.bytes
        func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\n")
        }
        // Back: over whitespace, then into the character before it (its first byte).
        var start = startByte
        while start > 0, isSpace(bytes[start - 1]) { start -= 1 }
        if start > 0 {
            start -= 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        }
        // On: the rest of the line, the blank lines, the next line's first character.
        var end = newEndByte
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
        while end < bytes.count, isSpace(bytes[end]) { end += 1 }
        if end < bytes.count { end += 1 }
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        // Points as `LineIndex` counts them (a lone `\r` ends a line too); the text before the
        // edit and the text after it are the same in both versions.
        let before = new.point(ofByte: newEndByte)
        let after = new.point(ofByte: end)
        func moved(_ point: LineColumn) -> LineColumn {
            after.line == before.line
                ? LineColumn(line: point.line, column: point.column + after.column - before.column)
                : LineColumn(line: point.line + after.line - before.line, column: after.column)
        }
        return InputEdit(
            startByte: start, oldEndByte: oldEndByte + end - newEndByte, newEndByte: end,
            startPoint: start == startByte ? startPoint : new.point(ofByte: start),
            oldEndPoint: moved(oldEndPoint), newEndPoint: moved(newEndPoint))
    }
}
