import PythonProcess
import Testing

@Suite struct LineSplitterTests {
    @Test func splitsAcrossChunksAndKeepsTheUnterminatedTail() {
        var splitter = LineSplitter()
        #expect(splitter.feed(Array("ab".utf8)).isEmpty)
        #expect(
            splitter.feed(Array("c\nde\n\nf".utf8)).map { String(decoding: $0.bytes, as: UTF8.self) } == [
                "abc", "de", "",
            ])
        #expect(splitter.finish().map { String(decoding: $0.bytes, as: UTF8.self) } == "f")
        #expect(splitter.finish() == nil)
    }

    @Test func aLineOverTheLimitIsCutOnceAndTheRestDropped() {
        var splitter = LineSplitter(maxLineLength: 10)
        var lines = splitter.feed(Array(repeating: UInt8(ascii: "x"), count: 25))
        lines += splitter.feed(Array(repeating: UInt8(ascii: "x"), count: 25) + Array("\nok\n".utf8))
        #expect(lines.count == 2)
        #expect(lines[0].isTruncated)
        #expect(lines[1] == .init(bytes: Array("ok".utf8), isTruncated: false))
    }
}
