import LSPTypes
import PythonSyntax

/// Converts between LSP positions, counted in the negotiated encoding, and byte offsets into a
/// `SourceText`, through its `LineIndex`.
///
/// Out-of-range positions clamp, as the protocol asks: a character past the end of its line
/// means the line's end, a line past the last means the end of the text, and a character
/// inside a multi-unit character (half a surrogate pair) means the start of that character.
/// Nothing here can fail or trap, whatever the client sends.
struct PositionConverter {
    let text: SourceText
    let unit: ColumnUnit

    init(_ text: SourceText, encoding: PositionEncodingKind) {
        self.text = text
        self.unit = encoding.columnUnit
    }

    func byteOffset(of position: Position) -> Int {
        let line = min(max(position.line, -1), Int(Int32.max))
        return text.lineIndex.byteOffset(of: LineColumn(line: line, column: position.character), unit: unit)
    }

    /// The byte range of an LSP range; a range whose end precedes its start is read backwards.
    func byteRange(of range: LSPRange) -> Range<Int> {
        let start = byteOffset(of: range.start)
        let end = byteOffset(of: range.end)
        return min(start, end)..<max(start, end)
    }

    func position(ofByte offset: Int) -> Position {
        let position = text.lineIndex.position(ofByte: offset, unit: unit)
        return Position(line: position.line, character: position.column)
    }

    func range(ofBytes range: Range<Int>) -> LSPRange {
        LSPRange(start: position(ofByte: range.lowerBound), end: position(ofByte: range.upperBound))
    }
}

extension PositionEncodingKind {
    /// The `LineIndex` unit that counts like this encoding (UTF-32 counts scalars).
    var columnUnit: ColumnUnit {
        switch self {
        case .utf8: .utf8
        case .utf32: .scalar
        default: .utf16
        }
    }
}
