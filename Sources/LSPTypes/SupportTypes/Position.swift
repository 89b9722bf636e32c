/// A zero-based line and character offset, counted in the negotiated `PositionEncodingKind`.
package struct Position: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    package var line: Int
    /// Offset within the line, in UTF-16 code units unless UTF-8 was negotiated.
    package var character: Int

    package init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    package static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }

    package var description: String { "\(line):\(character)" }
}

/// A range between two positions, the end exclusive.
package struct LSPRange: Hashable, Sendable, Codable, CustomStringConvertible {
    package var start: Position
    package var end: Position

    package init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    /// Whether `position` lies inside the range (both ends included, as editors treat a cursor
    /// placed just after a word as on it).
    package func contains(_ position: Position) -> Bool {
        start <= position && position <= end
    }

    /// Whether two ranges share at least one position.
    package func overlaps(_ other: LSPRange) -> Bool {
        start <= other.end && other.start <= end
    }

    package var description: String { "\(start)-\(end)" }
}

/// The unit in which `Position.character` counts.
package struct PositionEncodingKind: RawRepresentable, Hashable, Sendable, Codable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package static let utf8 = PositionEncodingKind(rawValue: "utf-8")
    /// The protocol's default, which every client supports.
    package static let utf16 = PositionEncodingKind(rawValue: "utf-16")
    package static let utf32 = PositionEncodingKind(rawValue: "utf-32")
}

/// A place in a document.
package struct Location: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    package var range: LSPRange

    package init(uri: DocumentURI, range: LSPRange) {
        self.uri = uri
        self.range = range
    }
}
