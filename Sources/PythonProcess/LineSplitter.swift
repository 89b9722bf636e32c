/// Splits a child's byte stream (the event channel) into lines, bounding memory: a line longer
/// than `maxLineLength` (binary garbage without newlines, a flood) is cut, and the rest of it
/// until the next newline dropped, so one bad writer cannot exhaust umlaut's memory.
package struct LineSplitter: Sendable {
    /// A line, without its `\n`.
    package struct Line: Equatable, Sendable {
        package var bytes: [UInt8]
        /// Whether the line was longer than the limit and `bytes` is only its start.
        package var isTruncated: Bool

        package init(bytes: [UInt8], isTruncated: Bool) {
            self.bytes = bytes
            self.isTruncated = isTruncated
        }
    }

    package let maxLineLength: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    package init(maxLineLength: Int = 1 << 20) {
        self.maxLineLength = maxLineLength
    }

    /// Feeds bytes; returns the lines they complete.
    package mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [Line] where Bytes.Element == UInt8 {
        var lines: [Line] = []
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            append(bytes[start..<newline], into: &lines)
            if discarding {
                discarding = false
            } else {
                lines.append(Line(bytes: buffer, isTruncated: false))
            }
            buffer.removeAll(keepingCapacity: true)
            start = bytes.index(after: newline)
        }
        append(bytes[start...], into: &lines)
        return lines
    }

    /// The unterminated last line at end of stream, if any.
    package mutating func finish() -> Line? {
        defer { buffer.removeAll(); discarding = false }
        guard !buffer.isEmpty, !discarding else { return nil }
        return Line(bytes: buffer, isTruncated: false)
    }

    private mutating func append(_ bytes: some Collection<UInt8>, into lines: inout [Line]) {
        guard !discarding else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count > maxLineLength {
            lines.append(Line(bytes: Array(buffer.prefix(256)), isTruncated: true))
            buffer.removeAll(keepingCapacity: true)
            discarding = true
        }
    }
}
