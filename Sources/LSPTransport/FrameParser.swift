/// Splits a byte stream into JSON-RPC message bodies (the LSP base protocol's framing).
///
/// A frame is a header block of `Name: value` lines ending in `\r\n\r\n`, then exactly
/// `Content-Length` bytes of body. `Content-Type` is optional and otherwise ignored (bodies are
/// read as UTF-8, as the protocol allows only `utf-8` and the legacy `utf8`); other headers are
/// ignored.
///
/// A pure value with no I/O, so it can be tested byte by byte: feed it bytes with `append` as
/// they arrive, in pieces of any size, then call `next()` until it returns nil.
///
/// Bad input never stops it. A header block without a valid `Content-Length` (missing, not a
/// number, or above `maxContentLength`) is reported and dropped, and parsing resumes after it;
/// bytes that are not a header (the rest of a body whose length was wrong) are skipped up to the
/// next header block, and a `Content-Length` preceded by junk on its line is still found.
package struct FrameParser: Sendable {
    /// The largest body accepted: far above any real document, far below memory trouble.
    package static let maxContentLength = 256 << 20
    /// A header block longer than this without its blank line is junk: dropped.
    package static let maxHeaderLength = 16 << 10

    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already consumed.
    private var start = 0
    /// The body being waited for: where it starts in `buffer` and its length.
    private var pendingBody: (start: Int, length: Int)?

    package init() {}

    /// Bytes buffered and not yet returned as a frame.
    package var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes read from the stream.
    package mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame body or framing error, or nil when more bytes are needed.
    package mutating func next() -> FrameEvent? {
        while true {
            if let body = pendingBody {
                guard buffer.count - body.start >= body.length else { return nil }
                let bytes = Array(buffer[body.start..<(body.start + body.length)])
                consume(upTo: body.start + body.length)
                pendingBody = nil
                return .message(bytes)
            }
            guard let separator = findHeaderEnd() else {
                if buffer.count - start > Self.maxHeaderLength {
                    let dropped = buffer.count - start - 3
                    consume(upTo: buffer.count - 3)
                    return .error(.headerTooLong(droppedBytes: dropped))
                }
                return nil
            }
            let header = buffer[start..<separator]
            let bodyStart = separator + 4
            if header.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) {
                // Stray blank lines between frames: skip silently.
                consume(upTo: bodyStart)
                continue
            }
            switch Self.parseHeader(header) {
            case .success(let length):
                pendingBody = (bodyStart, length)
            case .failure(let error):
                consume(upTo: bodyStart)
                return .error(error)
            }
        }
    }

    /// Frames a body for sending: `Content-Length: N\r\n\r\n` then the body.
    package static func frame(_ body: some Collection<UInt8>) -> [UInt8] {
        var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes.reserveCapacity(bytes.count + body.count)
        bytes.append(contentsOf: body)
        return bytes
    }

    // MARK: Header parsing

    /// The body length a header block declares.
    static func parseHeader(_ header: ArraySlice<UInt8>) -> Result<Int, FramingError> {
        var length: Int?
        var lengthText: String?
        for line in header.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            guard let value = valueOfContentLength(in: line) else { continue }
            let text = String(decoding: value, as: UTF8.self).trimmingASCIISpaces()
            lengthText = text
            if let parsed = Int(text), parsed >= 0, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                length = parsed
            } else {
                length = nil
            }
        }
        guard let lengthText else { return .failure(.missingContentLength) }
        guard let length else {
            // Digits beyond Int's range, or not a number at all.
            if !lengthText.isEmpty, lengthText.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return .failure(.contentTooLarge(declared: lengthText))
            }
            return .failure(.invalidContentLength(lengthText))
        }
        guard length <= maxContentLength else { return .failure(.contentTooLarge(declared: String(length))) }
        return .success(length)
    }

    private static let contentLengthName = Array("content-length:".utf8)

    /// The value after `Content-Length:` on a line, found case-insensitively anywhere in the
    /// line (junk left by a bad frame may precede it).
    private static func valueOfContentLength(in line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let name = contentLengthName
        guard line.count >= name.count else { return nil }
        var index = line.startIndex
        while index + name.count <= line.endIndex {
            var matches = true
            for offset in 0..<name.count {
                var byte = line[index + offset]
                if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                if byte != name[offset] { matches = false; break }
            }
            if matches { return line[(index + name.count)...] }
            index += 1
        }
        return nil
    }

    // MARK: Buffer

    private func findHeaderEnd() -> Int? {
        let count = buffer.count
        guard count - start >= 4 else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            var index = start
            while index + 3 < count {
                if bytes[index + 3] != 0x0A { index += 1; continue }
                if bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D { return index }
                index += 1
            }
            return nil
        }
    }

    private mutating func consume(upTo offset: Int) {
        start = offset
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        } else if start > 1 << 16 && start > buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

/// What `FrameParser.next()` found.
package enum FrameEvent: Hashable, Sendable {
    /// A complete message body (JSON, not yet decoded).
    case message([UInt8])
    /// Bytes that could not be framed; they were dropped and parsing went on.
    case error(FramingError)
}

/// Why bytes could not be framed.
package enum FramingError: Error, Hashable, Sendable, CustomStringConvertible {
    case missingContentLength
    case invalidContentLength(String)
    case contentTooLarge(declared: String)
    case headerTooLong(droppedBytes: Int)

    package var description: String {
        switch self {
        case .missingContentLength: "a header block without Content-Length was dropped"
        case .invalidContentLength(let text):
            "a header block with an invalid Content-Length (\(text.prefix(40))) was dropped"
        case .contentTooLarge(let declared):
            "a header block declaring \(declared.prefix(40)) bytes (more than \(FrameParser.maxContentLength)) was dropped"
        case .headerTooLong(let count): "\(count) bytes without a header end were dropped"
        }
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
