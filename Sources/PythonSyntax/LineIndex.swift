/// The unit in which a column is counted.
///
/// tree-sitter and our byte ranges count UTF-8 bytes; LSP clients count UTF-16 code units by
/// default (or UTF-8 when negotiated); terminal output and JSON count Unicode scalars, like ruff.
package enum ColumnUnit: String, Sendable, Codable, CaseIterable {
    case utf8
    case utf16
    case scalar
}

/// A zero-based line and a zero-based column, counted in some `ColumnUnit`.
package struct LineColumn: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    package static func < (lhs: LineColumn, rhs: LineColumn) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    package var description: String { "\(line):\(column)" }
}

/// The one place that converts between byte offsets, line/column pairs and column units.
///
/// Built once per text in O(n); each conversion then costs a binary search over line starts plus
/// a scan of one line, except on lines that are plain ASCII, where every unit counts the same
/// (so that a thousand findings on one generated 200 KB line do not cost a thousand scans). Lines end at `\n`, `\r\n` or a lone `\r`, as in Python and LSP. Positions
/// past the end of a line clamp to its end, and lines past the end of the text clamp to the
/// text's end, which is what LSP asks of servers receiving out-of-range positions.
///
/// Invalid UTF-8 is tolerated: each byte of a malformed sequence counts as one scalar and one
/// UTF-16 unit, matching how `String(decoding:as:)` replaces it with U+FFFD.
package struct LineIndex: Sendable {
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    package let lineStarts: [Int]
    /// Total length of the text in bytes.
    package let byteCount: Int
    private let bytes: [UInt8]
    /// Whether each line is plain ASCII: then a column is the same in every unit.
    private let asciiLines: [Bool]

    package init(_ bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        var ascii = [true]
        ascii.reserveCapacity(bytes.count / 32 + 1)
        Self.scan(bytes, from: 0, into: &starts, &ascii, stoppingAfter: Int.max)
        self.init(bytes: bytes, lineStarts: starts, asciiLines: ascii)
    }

    private init(bytes: [UInt8], lineStarts: [Int], asciiLines: [Bool]) {
        self.bytes = bytes
        self.byteCount = bytes.count
        self.lineStarts = lineStarts
        self.asciiLines = asciiLines
    }

    /// The index of `newBytes`, which is this index's text with the bytes in `range` replaced
    /// by `replacementCount` bytes, built from this one: the lines before the edit are kept, the
    /// edited lines are scanned again, and the lines after it are shifted. What an edit costs
    /// then follows the number of lines, not of bytes (a keystroke rebuilt the index of the
    /// whole file). Equal to `LineIndex(newBytes)` (test `anEditedIndexEqualsAFreshOne`).
    package func replacing(_ range: Range<Int>, replacementCount: Int, in newBytes: [UInt8]) -> LineIndex {
        let lower = min(max(range.lowerBound, 0), byteCount)
        let upper = min(max(range.upperBound, lower), byteCount)
        let delta = replacementCount - (upper - lower)
        let newEnd = lower + replacementCount
        guard newBytes.count == byteCount + delta else { return LineIndex(newBytes) }
        // Scan again from the start of the line holding the byte before the edit: a `\r` there
        // and a `\n` that the edit puts after it make one line break, not two.
        let first = line(ofByte: max(lower - 1, 0))
        var starts = Array(lineStarts[...first])
        var ascii = Array(asciiLines[..<first])
        ascii.append(true)
        // Up to the first line start past the edit's new end: from there on the bytes, and so
        // the lines, are the old ones shifted by `delta`.
        let resumed = Self.scan(newBytes, from: starts[first], into: &starts, &ascii, stoppingAfter: newEnd)
        if let resumed {
            var old = line(ofByte: resumed - delta)
            precondition(lineStarts[old] == resumed - delta, "a line start past an edit is an old line start")
            // `scan` has appended the line that starts at `resumed`; take the old flags from there.
            ascii[ascii.count - 1] = asciiLines[old]
            old += 1
            starts.reserveCapacity(starts.count + lineStarts.count - old)
            ascii.reserveCapacity(ascii.count + lineStarts.count - old)
            while old < lineStarts.count {
                starts.append(lineStarts[old] + delta)
                ascii.append(asciiLines[old])
                old += 1
            }
        }
        return LineIndex(bytes: newBytes, lineStarts: starts, asciiLines: ascii)
    }

    /// Reads line starts and ASCII flags from `start` (a line start, whose line is the last in
    /// `starts` and `ascii`) on. Stops after appending the first line start greater than
    /// `limit`, and returns it; nil when the text ended first.
    @discardableResult
    private static func scan(
        _ bytes: [UInt8], from start: Int, into starts: inout [Int], _ ascii: inout [Bool], stoppingAfter limit: Int
    ) -> Int? {
        let count = bytes.count
        var index = start
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D, index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(index + 1)
                    ascii.append(true)
                    if index + 1 > limit { return index + 1 }
                } else if byte >= 0x80 {
                    ascii[ascii.count - 1] = false
                }
                index += 1
            }
            return nil
        }
    }

    package init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// The number of lines; a text ending in a newline has an empty last line.
    package var lineCount: Int { lineStarts.count }

    /// The zero-based line holding a byte offset (clamped into the text).
    package func line(ofByte offset: Int) -> Int {
        let offset = min(max(offset, 0), byteCount)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Byte range of a line's content, without its line terminator.
    package func contentRange(ofLine line: Int) -> Range<Int> {
        guard line >= 0 else { return 0..<0 }
        guard line < lineStarts.count else { return byteCount..<byteCount }
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : byteCount
        if end > start, bytes[end - 1] == 0x0A { end -= 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The line and column of a byte offset, the column counted in `unit`.
    package func position(ofByte offset: Int, unit: ColumnUnit) -> LineColumn {
        let offset = min(max(offset, 0), byteCount)
        let line = line(ofByte: offset)
        let start = lineStarts[line]
        let column = unit == .utf8 || asciiLines[line] ? offset - start : count(from: start, to: offset, unit: unit)
        return LineColumn(line: line, column: column)
    }

    /// The byte offset of a line and column counted in `unit`, clamped into the text.
    ///
    /// A column that falls inside a multi-unit character (the second half of a surrogate pair,
    /// or the middle of a UTF-8 sequence) resolves to the start of that character.
    package func byteOffset(of position: LineColumn, unit: ColumnUnit) -> Int {
        if position.line < 0 { return 0 }
        if position.line >= lineStarts.count { return byteCount }
        let content = contentRange(ofLine: position.line)
        if position.column <= 0 { return content.lowerBound }
        if asciiLines[position.line] { return min(content.lowerBound + position.column, content.upperBound) }
        var offset = content.lowerBound
        var remaining = position.column
        while offset < content.upperBound {
            let (length, units) = Self.scalarShape(bytes, at: offset, limit: content.upperBound)
            let cost: Int
            switch unit {
            case .utf8: cost = length
            case .utf16: cost = units
            case .scalar: cost = 1
            }
            if remaining < cost { break }
            remaining -= cost
            offset += length
            if remaining == 0 { break }
        }
        return offset
    }

    /// Converts a column on a line from one unit to another.
    package func convert(_ position: LineColumn, from: ColumnUnit, to: ColumnUnit) -> LineColumn {
        self.position(ofByte: byteOffset(of: position, unit: from), unit: to)
    }

    private func count(from start: Int, to end: Int, unit: ColumnUnit) -> Int {
        var offset = start
        var total = 0
        while offset < end {
            let (length, units) = Self.scalarShape(bytes, at: offset, limit: end)
            total += unit == .utf16 ? units : 1
            offset += length
        }
        return total
    }

    /// The byte length of the scalar starting at `offset` and its UTF-16 length. Malformed or
    /// truncated sequences count as one byte and one unit.
    @inline(__always)
    static func scalarShape(_ bytes: [UInt8], at offset: Int, limit: Int) -> (bytes: Int, utf16: Int) {
        let lead = bytes[offset]
        let length: Int
        switch lead {
        case 0x00..<0x80: return (1, 1)
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return (1, 1)
        }
        guard offset + length <= limit else { return (1, 1) }
        for index in 1..<length where bytes[offset + index] & 0xC0 != 0x80 {
            return (1, 1)
        }
        return (length, length == 4 ? 2 : 1)
    }
}
