/// A document as opened by the client, with its full text.
package struct TextDocumentItem: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    /// `python` for the documents Umlaut analyses.
    package var languageId: String
    package var version: Int
    package var text: String

    package init(uri: DocumentURI, languageId: String, version: Int, text: String) {
        self.uri = uri
        self.languageId = languageId
        self.version = version
        self.text = text
    }
}

package struct TextDocumentIdentifier: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    package init(uri: DocumentURI) { self.uri = uri }
}

package struct VersionedTextDocumentIdentifier: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    package var version: Int

    package init(uri: DocumentURI, version: Int) {
        self.uri = uri
        self.version = version
    }
}

/// A document and, when the server knows it, the version an edit applies to (`null` for a file
/// that is not open).
package struct OptionalVersionedTextDocumentIdentifier: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    package var version: Int?

    package init(uri: DocumentURI, version: Int?) {
        self.uri = uri
        self.version = version
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uri, forKey: .uri)
        // `version` is `integer | null`: always present.
        try container.encode(version, forKey: .version)
    }
}

/// One change of `textDocument/didChange`: a range replaced with text, or (without a range) the
/// whole new text.
package struct TextDocumentContentChangeEvent: Hashable, Sendable, Codable {
    package var range: LSPRange?
    /// Deprecated by the protocol; read for old clients' sake, never trusted over `range`.
    package var rangeLength: Int?
    package var text: String

    package init(range: LSPRange? = nil, rangeLength: Int? = nil, text: String) {
        self.range = range
        self.rangeLength = rangeLength
        self.text = text
    }
}

/// A textual edit: replace `range` with `newText`.
package struct TextEdit: Hashable, Sendable, Codable {
    package var range: LSPRange
    package var newText: String

    package init(range: LSPRange, newText: String) {
        self.range = range
        self.newText = newText
    }
}

/// Edits of one document at one version.
package struct TextDocumentEdit: Hashable, Sendable, Codable {
    package var textDocument: OptionalVersionedTextDocumentIdentifier
    package var edits: [TextEdit]

    package init(textDocument: OptionalVersionedTextDocumentIdentifier, edits: [TextEdit]) {
        self.textDocument = textDocument
        self.edits = edits
    }
}

/// Changes to documents: versioned `documentChanges` for clients that support them, otherwise
/// `changes` keyed by URI.
package struct WorkspaceEdit: Hashable, Sendable, Codable {
    package var changes: [DocumentURI: [TextEdit]]?
    package var documentChanges: [TextDocumentEdit]?

    package init(changes: [DocumentURI: [TextEdit]]? = nil, documentChanges: [TextDocumentEdit]? = nil) {
        self.changes = changes
        self.documentChanges = documentChanges
    }

    private enum CodingKeys: String, CodingKey { case changes, documentChanges }

    // `[DocumentURI: _]` would encode as an array of pairs: go through `[String: _]`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try container.decodeIfPresent([String: [TextEdit]].self, forKey: .changes)
        changes = raw.map { Dictionary(uniqueKeysWithValues: $0.map { (DocumentURI($0.key), $0.value) }) }
        documentChanges = try container.decodeIfPresent([TextDocumentEdit].self, forKey: .documentChanges)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let changes {
            let raw = Dictionary(uniqueKeysWithValues: changes.map { ($0.key.stringValue, $0.value) })
            try container.encode(raw, forKey: .changes)
        }
        try container.encodeIfPresent(documentChanges, forKey: .documentChanges)
    }
}

/// Text for the user, Markdown or plain.
package struct MarkupContent: Hashable, Sendable, Codable {
    package enum Kind: String, Hashable, Sendable, Codable {
        case plaintext
        case markdown
    }

    package var kind: Kind
    package var value: String

    package init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// A root folder of the workspace.
package struct WorkspaceFolder: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    package var name: String

    package init(uri: DocumentURI, name: String) {
        self.uri = uri
        self.name = name
    }
}
