import PythonSyntax
import Testing

@Suite struct LineIndexTests {
    @Test func asciiLinesAndColumns() {
        let index = LineIndex("ab\ncd\n")
        #expect(index.lineCount == 3)
        #expect(index.position(ofByte: 0, unit: .utf8) == LineColumn(line: 0, column: 0))
        #expect(index.position(ofByte: 4, unit: .utf16) == LineColumn(line: 1, column: 1))
        #expect(index.position(ofByte: 6, unit: .scalar) == LineColumn(line: 2, column: 0))
        #expect(index.byteOffset(of: LineColumn(line: 1, column: 2), unit: .utf16) == 5)
    }

    @Test func lineTerminators() {
        // \n, \r\n and a lone \r each end a line, as in Python and LSP.
        let index = LineIndex("a\r\nb\rc\nd")
        #expect(index.lineStarts == [0, 3, 5, 7])
        #expect(index.contentRange(ofLine: 0) == 0..<1)
        #expect(index.contentRange(ofLine: 1) == 3..<4)
        #expect(index.contentRange(ofLine: 3) == 7..<8)
        #expect(index.line(ofByte: 2) == 0)
    }

    @Test func emojiAndAccentsCountDifferentlyPerUnit() {
        // "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "🧠" is 4 bytes and 2 UTF-16 units.
        let text = "x = 'é🧠' + y"
        let index = LineIndex(text)
        let yByte = Array(text.utf8).firstIndex(of: UInt8(ascii: "y"))!
        #expect(index.position(ofByte: yByte, unit: .utf8).column == 15)
        #expect(index.position(ofByte: yByte, unit: .utf16).column == 12)
        #expect(index.position(ofByte: yByte, unit: .scalar).column == 11)
        for unit in ColumnUnit.allCases {
            let position = index.position(ofByte: yByte, unit: unit)
            #expect(index.byteOffset(of: position, unit: unit) == yByte)
        }
    }

    @Test func columnInsideASurrogatePairResolvesToTheCharacterStart() {
        let index = LineIndex("🧠x")
        #expect(index.byteOffset(of: LineColumn(line: 0, column: 1), unit: .utf16) == 0)
        #expect(index.byteOffset(of: LineColumn(line: 0, column: 2), unit: .utf16) == 4)
        #expect(index.byteOffset(of: LineColumn(line: 0, column: 2), unit: .utf8) == 0)
    }

    @Test func outOfRangePositionsClamp() {
        let index = LineIndex("abc\nde")
        #expect(index.byteOffset(of: LineColumn(line: 0, column: 99), unit: .utf16) == 3)
        #expect(index.byteOffset(of: LineColumn(line: 9, column: 0), unit: .utf16) == 6)
        #expect(index.byteOffset(of: LineColumn(line: -1, column: 5), unit: .utf16) == 0)
        #expect(index.position(ofByte: 100, unit: .utf16) == LineColumn(line: 1, column: 2))
        #expect(index.position(ofByte: -3, unit: .utf16) == LineColumn(line: 0, column: 0))
    }

    @Test func malformedUTF8CountsOneUnitPerByte() {
        let bytes: [UInt8] = [0x61, 0xFF, 0xC3, 0x62, 0x0A, 0x63]
        let index = LineIndex(bytes)
        #expect(index.position(ofByte: 3, unit: .utf16) == LineColumn(line: 0, column: 3))
        #expect(index.position(ofByte: 5, unit: .scalar) == LineColumn(line: 1, column: 0))
    }

    @Test func convertBetweenUnits() {
        let index = LineIndex("s = '🧠🧠'\nt = 1")
        let utf16 = LineColumn(line: 0, column: 9)
        #expect(index.convert(utf16, from: .utf16, to: .scalar) == LineColumn(line: 0, column: 7))
        #expect(index.convert(utf16, from: .utf16, to: .utf8) == LineColumn(line: 0, column: 13))
    }

    @Test func emptyText() {
        let index = LineIndex("")
        #expect(index.lineCount == 1)
        #expect(index.position(ofByte: 0, unit: .utf16) == LineColumn(line: 0, column: 0))
        #expect(index.byteOffset(of: LineColumn(line: 3, column: 3), unit: .scalar) == 0)
    }

    /// `SourceText.replacing` edits the old index rather than scanning the new text: the result
    /// must be the index of the new text, whatever the edit does to line breaks (a `\r` and a
    /// `\n` meeting, a break removed, a multi-byte character next to one).
    @Test func anEditedIndexEqualsAFreshOne() {
        let pieces: [[UInt8]] = ["a", "bc", "\n", "\r", "\r\n", "é", "😀", " "].map { Array($0.utf8) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text(_ count: Int) -> [UInt8] { (0..<count).flatMap { _ in pieces[next(pieces.count)] } }
        for _ in 0..<2_000 {
            var source = SourceText(text(next(12)))
            for _ in 0..<4 {
                let lower = next(source.bytes.count + 1)
                let upper = lower + next(source.bytes.count - lower + 1)
                let edited = source.replacing(lower..<upper, with: text(next(4))).text
                let fresh = LineIndex(edited.bytes)
                #expect(edited.lineIndex.lineStarts == fresh.lineStarts)
                for offset in 0...edited.bytes.count {
                    #expect(
                        edited.lineIndex.position(ofByte: offset, unit: .utf16)
                            == fresh.position(ofByte: offset, unit: .utf16))
                }
                source = edited
            }
        }
    }
}
