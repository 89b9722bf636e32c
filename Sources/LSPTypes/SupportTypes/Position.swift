/// A zero-based line and character offset, counted in the negotiated `PositionEncodingKind`.
public struct Position: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var line: Int
    /// Offset within the line, in UTF-16 code units unless UTF-8 was negotiated.
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }

    public var description: String { "\(line):\(character)" }
}

/// A range between two positions, the end exclusive.
public struct LSPRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    /// Whether `position` lies inside the range (both ends included, as editors treat a cursor
    /// placed just after a word as on it).
    public func contains(_ position: Position) -> Bool {
        start <= position && position <= end
    }

    /// Whether two ranges share at least one position.
    public func overlaps(_ other: LSPRange) -> Bool {
        start <= other.end && other.start <= end
    }

    public var description: String { "\(start)-\(end)" }
}

/// The unit in which `Position.character` counts.
public struct PositionEncodingKind: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let utf8 = PositionEncodingKind(rawValue: "utf-8")
    /// The protocol's default, which every client supports.
    public static let utf16 = PositionEncodingKind(rawValue: "utf-16")
    public static let utf32 = PositionEncodingKind(rawValue: "utf-32")
}

/// A place in a document.
public struct Location: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    public var range: LSPRange

    public init(uri: DocumentURI, range: LSPRange) {
        self.uri = uri
        self.range = range
    }
}
