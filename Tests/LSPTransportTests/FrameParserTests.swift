import LSPTransport
import Testing

@Suite struct FrameParserTests {
    static func frame(_ body: String) -> [UInt8] { FrameParser.frame(Array(body.utf8)) }

    static func events(_ bytes: [UInt8], pieces: Int? = nil) -> [FrameEvent] {
        var parser = FrameParser()
        var events: [FrameEvent] = []
        let size = pieces ?? max(bytes.count, 1)
        var index = 0
        while index < bytes.count {
            parser.append(bytes[index..<min(index + size, bytes.count)])
            while let event = parser.next() { events.append(event) }
            index += size
        }
        return events
    }

    @Test func framesABody() {
        #expect(String(decoding: Self.frame("{}"), as: UTF8.self) == "Content-Length: 2\r\n\r\n{}")
    }

    @Test func readsOneFrame() {
        #expect(Self.events(Self.frame(#"{"a":1}"#)) == [.message(Array(#"{"a":1}"#.utf8))])
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func readsFramesSplitAtEveryPossiblePlace(pieceSize: Int) {
        let bytes = Self.frame(#"{"id":1}"#) + Self.frame(#"{"id":"é🔥"}"#) + Self.frame("[]")
        #expect(
            Self.events(bytes, pieces: pieceSize) == [
                .message(Array(#"{"id":1}"#.utf8)), .message(Array(#"{"id":"é🔥"}"#.utf8)), .message(Array("[]".utf8)),
            ])
    }

    @Test func waitsForTheWholeBody() {
        var parser = FrameParser()
        parser.append(Array("Content-Length: 10\r\n\r\n12345".utf8))
        #expect(parser.next() == nil)
        parser.append(Array("67890Content-Len".utf8))
        #expect(parser.next() == .message(Array("1234567890".utf8)))
        #expect(parser.next() == nil)
        #expect(parser.bufferedByteCount == "Content-Len".utf8.count)
    }

    @Test func acceptsContentTypeAndAnyHeaderCaseOrOrder() {
        let bytes =
            Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}".utf8)
            + Array("CONTENT-LENGTH:3\r\nX-Other: yes\r\n\r\n[1]".utf8)
        #expect(Self.events(bytes) == [.message(Array("{}".utf8)), .message(Array("[1]".utf8))])
    }

    @Test func emptyBodyIsAFrame() {
        #expect(Self.events(Array("Content-Length: 0\r\n\r\n".utf8)) == [.message([])])
    }

    @Test func missingContentLengthIsReportedAndSkipped() {
        let bytes = Array("Content-Type: text/plain\r\n\r\n".utf8) + Self.frame("{}")
        #expect(Self.events(bytes) == [.error(.missingContentLength), .message(Array("{}".utf8))])
    }

    @Test(arguments: ["-5", "abc", "12x", "", "1.5"])
    func invalidContentLengthIsReportedAndSkipped(value: String) {
        let bytes = Array("Content-Length: \(value)\r\n\r\n".utf8) + Self.frame("{}")
        #expect(Self.events(bytes) == [.error(.invalidContentLength(value)), .message(Array("{}".utf8))])
    }

    @Test(arguments: ["999999999999999999999999", "\(FrameParser.maxContentLength + 1)"])
    func hugeContentLengthIsRefusedWithoutWaitingForIt(value: String) {
        let bytes = Array("Content-Length: \(value)\r\n\r\n".utf8) + Self.frame("{}")
        #expect(Self.events(bytes) == [.error(.contentTooLarge(declared: value)), .message(Array("{}".utf8))])
    }

    @Test func junkBeforeAHeaderIsSkipped() {
        // The rest of a body whose declared length was too short, then a good frame.
        let bytes = Array(#"trailing junk "x":1}"#.utf8) + Self.frame("{}")
        #expect(Self.events(bytes) == [.message(Array("{}".utf8))])
        let lines = Array("garbage line\r\nmore: junk\r\n".utf8) + Self.frame("[2]")
        #expect(Self.events(lines) == [.message(Array("[2]".utf8))])
    }

    @Test func strayBlankLinesBetweenFramesAreIgnored() {
        let bytes = Self.frame("{}") + Array("\r\n\r\n".utf8) + Self.frame("[]")
        #expect(Self.events(bytes) == [.message(Array("{}".utf8)), .message(Array("[]".utf8))])
    }

    @Test func headerWithoutEndIsDroppedOnceTooLong() {
        var parser = FrameParser()
        parser.append([UInt8](repeating: UInt8(ascii: "x"), count: FrameParser.maxHeaderLength + 10))
        guard case .error(.headerTooLong)? = parser.next() else {
            Issue.record("expected headerTooLong")
            return
        }
        parser.append(Array("\r\n\r\n".utf8) + Self.frame("{}"))
        var events: [FrameEvent] = []
        while let event = parser.next() { events.append(event) }
        #expect(events.last == .message(Array("{}".utf8)))
    }

    @Test func bodyBytesAreNotInterpreted() {
        // A body may hold anything, even invalid UTF-8 and header-like text.
        let body: [UInt8] = [0xFF, 0xFE] + Array("\r\n\r\nContent-Length: 3\r\n\r\n".utf8)
        #expect(
            Self.events(FrameParser.frame(body) + Self.frame("{}")) == [.message(body), .message(Array("{}".utf8))])
    }
}
