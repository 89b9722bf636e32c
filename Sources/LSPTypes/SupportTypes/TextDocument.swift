/// A document as opened by the client, with its full text.
public struct TextDocumentItem: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    /// `python` for the documents Umlaut analyses.
    public var languageId: String
    public var version: Int
    public var text: String

    public init(uri: DocumentURI, languageId: String, version: Int, text: String) {
        self.uri = uri
        self.languageId = languageId
        self.version = version
        self.text = text
    }
}

public struct TextDocumentIdentifier: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    public init(uri: DocumentURI) { self.uri = uri }
}

public struct VersionedTextDocumentIdentifier: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    public var version: Int

    public init(uri: DocumentURI, version: Int) {
        self.uri = uri
        self.version = version
    }
}

/// A document and, when the server knows it, the version an edit applies to (`null` for a file
/// that is not open).
public struct OptionalVersionedTextDocumentIdentifier: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    public var version: Int?

    public init(uri: DocumentURI, version: Int?) {
        self.uri = uri
        self.version = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uri, forKey: .uri)
        // `version` is `integer | null`: always present.
        try container.encode(version, forKey: .version)
    }
}

/// One change of `textDocument/didChange`: a range replaced with text, or (without a range) the
/// whole new text.
public struct TextDocumentContentChangeEvent: Hashable, Sendable, Codable {
    public var range: LSPRange?
    /// Deprecated by the protocol; read for old clients' sake, never trusted over `range`.
    public var rangeLength: Int?
    public var text: String

    public init(range: LSPRange? = nil, rangeLength: Int? = nil, text: String) {
        self.range = range
        self.rangeLength = rangeLength
        self.text = text
    }
}

/// A textual edit: replace `range` with `newText`.
public struct TextEdit: Hashable, Sendable, Codable {
    public var range: LSPRange
    public var newText: String

    public init(range: LSPRange, newText: String) {
        self.range = range
        self.newText = newText
    }
}

/// Edits of one document at one version.
public struct TextDocumentEdit: Hashable, Sendable, Codable {
    public var textDocument: OptionalVersionedTextDocumentIdentifier
    public var edits: [TextEdit]

    public init(textDocument: OptionalVersionedTextDocumentIdentifier, edits: [TextEdit]) {
        self.textDocument = textDocument
        self.edits = edits
    }
}

/// Changes to documents: versioned `documentChanges` for clients that support them, otherwise
/// `changes` keyed by URI.
public struct WorkspaceEdit: Hashable, Sendable, Codable {
    public var changes: [DocumentURI: [TextEdit]]?
    public var documentChanges: [TextDocumentEdit]?

    public init(changes: [DocumentURI: [TextEdit]]? = nil, documentChanges: [TextDocumentEdit]? = nil) {
        self.changes = changes
        self.documentChanges = documentChanges
    }

    private enum CodingKeys: String, CodingKey { case changes, documentChanges }

    // `[DocumentURI: _]` would encode as an array of pairs: go through `[String: _]`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try container.decodeIfPresent([String: [TextEdit]].self, forKey: .changes)
        changes = raw.map { Dictionary(uniqueKeysWithValues: $0.map { (DocumentURI($0.key), $0.value) }) }
        documentChanges = try container.decodeIfPresent([TextDocumentEdit].self, forKey: .documentChanges)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let changes {
            let raw = Dictionary(uniqueKeysWithValues: changes.map { ($0.key.stringValue, $0.value) })
            try container.encode(raw, forKey: .changes)
        }
        try container.encodeIfPresent(documentChanges, forKey: .documentChanges)
    }
}

/// Text for the user, Markdown or plain.
public struct MarkupContent: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case plaintext
        case markdown
    }

    public var kind: Kind
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// A root folder of the workspace.
public struct WorkspaceFolder: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    public var name: String

    public init(uri: DocumentURI, name: String) {
        self.uri = uri
        self.name = name
    }
}
