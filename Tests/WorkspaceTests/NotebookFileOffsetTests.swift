import Testing
import Workspace

/// `Notebook.fileOffset(ofCell:sourceByte:)`: where a cell's code is written in the file.
@Suite struct NotebookFileOffsetTests {
    /// Every byte of each cell's source maps to the file's byte that encodes it.
    @Test func offsetsPointAtTheCodeInsideTheJSONStrings() throws {
        let file = #"""
            {"cells": [
             {"cell_type": "code", "metadata": {}, "outputs": [], "source": [
              "x = \"é\\\u00e9\ud83d\ude00\tq\"\n",
              "y = 2"
             ]},
             {"cell_type": "code", "metadata": {}, "outputs": [], "source": "a = 1\nb = \"\\\"\n"}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """#
        let bytes = Array(file.utf8)
        let notebook = try Notebook(bytes: bytes)
        func fileText(_ cell: Int, _ range: Range<Int>) -> String {
            let lower = notebook.fileOffset(ofCell: cell, sourceByte: range.lowerBound)
            let upper = notebook.fileOffset(ofCell: cell, sourceByte: range.upperBound)
            return String(decoding: bytes[lower..<upper], as: UTF8.self)
        }
        func offset(of text: String, inCell cell: Int) -> Range<Int> {
            let source = Array(notebook.cells[cell].source.utf8)
            let needle = Array(text.utf8)
            let start = (0...(source.count - needle.count)).first { Array(source[$0..<($0 + needle.count)]) == needle }!
            return start..<(start + needle.count)
        }
        #expect(notebook.cells[0].source == "x = \"é\\é😀\tq\"\ny = 2")
        // Past an escaped quote, a raw two-byte character, an escaped backslash, a \u escape
        // and a surrogate pair: the code after them is found as written.
        #expect(fileText(0, offset(of: "q", inCell: 0)) == "q")
        #expect(fileText(0, offset(of: "é\\é😀", inCell: 0)) == #"é\\\u00e9\ud83d\ude00"#)
        // The next line starts in the next string of the list.
        #expect(fileText(0, offset(of: "y = 2", inCell: 0)) == "y = 2")
        // A source written as one string.
        #expect(fileText(1, offset(of: "b", inCell: 1)) == "b")
        #expect(fileText(1, offset(of: "\"\\\"", inCell: 1)) == #"\"\\\""#)
        // The end of the source is the end of its last string.
        let end = notebook.fileOffset(ofCell: 0, sourceByte: notebook.cells[0].source.utf8.count)
        #expect(bytes[end] == UInt8(ascii: "\""))
        #expect(String(decoding: bytes[(end - 5)..<end], as: UTF8.self) == "y = 2")
    }
}
