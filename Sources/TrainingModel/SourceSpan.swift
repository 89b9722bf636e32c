import PythonSyntax

/// A range of the source with its positions precomputed: byte offsets for edits and for
/// tree-sitter, and zero-based line / UTF-8 column for reading golden files.
public struct SourceSpan: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var startByte: Int
    public var endByte: Int
    /// Zero-based line and UTF-8 byte column of the start.
    public var start: LineColumn
    /// Zero-based line and UTF-8 byte column of the end.
    public var end: LineColumn

    public init(startByte: Int, endByte: Int, start: LineColumn, end: LineColumn) {
        self.startByte = startByte
        self.endByte = endByte
        self.start = start
        self.end = end
    }

    /// The span of a syntax node.
    public init(_ node: Node) {
        self.init(startByte: node.startByte, endByte: node.endByte, start: node.startPoint, end: node.endPoint)
    }

    /// The span of a byte range of a source.
    public init(_ range: Range<Int>, in source: SourceText) {
        self.init(
            startByte: range.lowerBound,
            endByte: range.upperBound,
            start: source.point(ofByte: range.lowerBound),
            end: source.point(ofByte: range.upperBound)
        )
    }

    public var byteRange: Range<Int> { startByte..<endByte }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.startByte, lhs.endByte) < (rhs.startByte, rhs.endByte)
    }

    /// `line:column` of the start, one-based, for messages ("Dense(64) at 12:5").
    public var description: String { "\(start.line + 1):\(start.column + 1)" }

    /// The one-based line of the start, for messages.
    public var line: Int { start.line + 1 }
}
