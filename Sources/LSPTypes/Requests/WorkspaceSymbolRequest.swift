/// Client to server: the symbols of the whole workspace matching `query`. Umlaut answers from
/// the workspace's project index: files by text and by attribute (`loss:dice framework:pytorch`).
package struct WorkspaceSymbolRequest: RequestType, Hashable {
    package static let method = "workspace/symbol"
    package typealias Response = [SymbolInformation]?

    package var query: String

    package init(query: String) { self.query = query }
}

/// One symbol found: its name, kind and place, and what contains it.
package struct SymbolInformation: Hashable, Sendable, Codable {
    package var name: String
    package var kind: SymbolKind
    package var location: Location
    package var containerName: String?

    package init(name: String, kind: SymbolKind, location: Location, containerName: String? = nil) {
        self.name = name
        self.kind = kind
        self.location = location
        self.containerName = containerName
    }
}

/// The protocol's symbol kinds that Umlaut uses.
package struct SymbolKind: RawRepresentable, Hashable, Sendable, Codable {
    package var rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }
    package init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package static let file = SymbolKind(rawValue: 1)
    package static let module = SymbolKind(rawValue: 2)
}
