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
}
