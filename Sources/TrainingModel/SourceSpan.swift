import PythonSyntax

/// A range of the source with its positions precomputed: byte offsets for edits and for
/// tree-sitter, and zero-based line / UTF-8 column for reading golden files.
package struct SourceSpan: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    package var startByte: Int
    package var endByte: Int
    /// Zero-based line and UTF-8 byte column of the start.
    package var start: LineColumn
    /// Zero-based line and UTF-8 byte column of the end.
    package var end: LineColumn

    package init(startByte: Int, endByte: Int, start: LineColumn, end: LineColumn) {
        self.startByte = startByte
        self.endByte = endByte
        self.start = start
        self.end = end
    }

    /// The span of a syntax node.
    package init(_ node: Node) {
        self.init(startByte: node.startByte, endByte: node.endByte, start: node.startPoint, end: node.endPoint)
    }

    /// The span of a byte range of a source.
    package init(_ range: Range<Int>, in source: SourceText) {
        self.init(
            startByte: range.lowerBound,
            endByte: range.upperBound,
            start: source.point(ofByte: range.lowerBound),
            end: source.point(ofByte: range.upperBound)
        )
    }

    package var byteRange: Range<Int> { startByte..<endByte }

    package static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.startByte, lhs.endByte) < (rhs.startByte, rhs.endByte)
    }

    /// `line:column` of the start, one-based, for messages ("Dense(64) at 12:5").
    package var description: String { "\(start.line + 1):\(start.column + 1)" }

    /// The one-based line of the start, for messages.
    package var line: Int { start.line + 1 }
}
