import LSPTypes

/// What Umlaut puts in a code action's `data` when the client resolves edits lazily: enough
/// for `codeAction/resolve` to fill in the edit.
struct CodeActionData: Codable, Hashable, Sendable {
    /// The document or notebook the action was computed for, and its version then.
    var uri: DocumentURI
    var version: Int
    /// The edits of a quick fix or a disable comment, already computed.
    var edits: [DocumentTextEdit]?
    /// Set for fix-all, whose edits are only computed on resolve.
    var fixAll: Bool?

    init(uri: DocumentURI, version: Int, edits: [DocumentTextEdit]? = nil, fixAll: Bool? = nil) {
        self.uri = uri
        self.version = version
        self.edits = edits
        self.fixAll = fixAll
    }

    init?(_ value: LSPAny?) {
        guard let value, let data = try? value.decode(as: CodeActionData.self) else { return nil }
        self = data
    }

    var lspAny: LSPAny? { try? LSPAny(encoding: self) }
}
