import LintCore
import Testing
import Workspace

@Suite struct PythonFileTests {
    @Test func readsUTF8AndRemembersTheByteOrderMarkAndLineEnding() throws {
        let file = try PythonFile.decode([0xEF, 0xBB, 0xBF] + Array("x = 1\r\ny = 2\r\n".utf8)).get()
        #expect(file.hasByteOrderMark)
        #expect(file.lineEnding == .crlf)
        #expect(file.text.string == "x = 1\r\ny = 2\r\n")
        #expect(file.encoded(file.text) == [0xEF, 0xBB, 0xBF] + Array("x = 1\r\ny = 2\r\n".utf8))
        #expect(try PythonFile.decode(Array("a\rb".utf8)).get().lineEnding == .cr)
        #expect(try PythonFile.decode(Array("no newline".utf8)).get().lineEnding == .lf)
        #expect(try PythonFile.decode([]).get().text.bytes.isEmpty)
    }

    @Test func refusesOtherEncodingsSayingWhere() {
        // Latin-1 "é" on line 2 after "x = '".
        let latin1 = Array("# ok\nx = '".utf8) + [0xE9] + Array("'\n".utf8)
        #expect(throws: SourceDecodingError.notUTF8(line: 2, column: 6, byte: 0xE9)) {
            try PythonFile.decode(latin1).get()
        }
        // Truncated sequence at the end, overlong encoding, surrogate.
        #expect(throws: SourceDecodingError.notUTF8(line: 1, column: 3, byte: 0xE2)) {
            try PythonFile.decode(Array("é ".utf8) + [0xE2, 0x82]).get()
        }
        #expect(throws: SourceDecodingError.notUTF8(line: 1, column: 1, byte: 0xC0)) {
            try PythonFile.decode([0xC0, 0xAF]).get()
        }
        #expect(throws: SourceDecodingError.notUTF8(line: 1, column: 1, byte: 0xED)) {
            try PythonFile.decode([0xED, 0xA0, 0x80]).get()
        }
        #expect(throws: SourceDecodingError.binary(line: 3)) {
            try PythonFile.decode(Array("a\nb\n".utf8) + [0, 1, 2]).get()
        }
        // Valid four-byte sequences pass.
        #expect(throws: Never.self) { try PythonFile.decode(Array("s = '😀𝄞'\n".utf8)).get() }
        #expect(
            SourceDecodingError.notUTF8(line: 2, column: 6, byte: 0xE9).description.hasPrefix(
                "not valid UTF-8 (byte 0xE9 at line 2, column 6)"))
    }

    @Test func fixReplacementsUseTheFilesLineEnding() {
        #expect(LineEnding.crlf.applied(to: "a\nb\r\nc\n") == "a\r\nb\r\nc\r\n")
        #expect(LineEnding.lf.applied(to: "a\nb") == "a\nb")
        let fix = Fix(title: "t", applicability: .safe, edits: [.insert("import keras\n", at: 0)])
        #expect(LineEnding.crlf.applied(to: fix).edits[0].replacement == "import keras\r\n")
    }
}
