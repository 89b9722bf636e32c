/// A code action kind: `quickfix`, `source.fixAll.umlaut`, ... Kinds are hierarchical: `source`
/// includes `source.fixAll`, which includes `source.fixAll.umlaut`.
package struct CodeActionKind: RawRepresentable, Hashable, Sendable, Codable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package static let quickFix = CodeActionKind(rawValue: "quickfix")
    package static let source = CodeActionKind(rawValue: "source")
    package static let sourceFixAll = CodeActionKind(rawValue: "source.fixAll")
    /// Umlaut's fix-all: every safe fix of the document.
    package static let sourceFixAllUmlaut = CodeActionKind(rawValue: "source.fixAll.umlaut")

    /// Whether a client asking for `requested` wants actions of this kind (`source.fixAll`
    /// covers `source.fixAll.umlaut`).
    package func isIncluded(in requested: CodeActionKind) -> Bool {
        rawValue == requested.rawValue || rawValue.hasPrefix(requested.rawValue + ".")
    }
}

/// What the client tells about the context of a code action request.
package struct CodeActionContext: Hashable, Sendable, Codable {
    /// The diagnostics overlapping the range, as the client got them (with their `data`).
    package var diagnostics: [Diagnostic]
    /// When present, only actions of these kinds are wanted.
    package var only: [CodeActionKind]?
    /// 1: invoked by the user, 2: automatically.
    package var triggerKind: Int?

    package init(diagnostics: [Diagnostic], only: [CodeActionKind]? = nil, triggerKind: Int? = nil) {
        self.diagnostics = diagnostics
        self.only = only
        self.triggerKind = triggerKind
    }

    private enum CodingKeys: String, CodingKey { case diagnostics, only, triggerKind }

    /// Lenient: a diagnostic the client mangled (another tool's, or one rebuilt without its
    /// range) is left out rather than failing the whole request, and an empty list encoded as
    /// `{}` (as Lua clients do) reads as empty.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if var list = try? container.nestedUnkeyedContainer(forKey: .diagnostics) {
            var diagnostics: [Diagnostic] = []
            while !list.isAtEnd {
                if let diagnostic = try? list.decode(Diagnostic.self) {
                    diagnostics.append(diagnostic)
                } else {
                    _ = try? list.decode(LSPAny.self)
                }
            }
            self.diagnostics = diagnostics
        } else {
            diagnostics = []
        }
        only = try? container.decodeIfPresent([CodeActionKind].self, forKey: .only)
        triggerKind = try? container.decodeIfPresent(Int.self, forKey: .triggerKind)
    }
}

/// A change the user can make with one action.
package struct CodeAction: Hashable, Sendable, Codable {
    package var title: String
    package var kind: CodeActionKind?
    /// The diagnostics this action resolves.
    package var diagnostics: [Diagnostic]?
    /// Whether editors may apply it with their "auto fix" command.
    package var isPreferred: Bool?
    /// Filled at once, or later by `codeAction/resolve` when the client supports it.
    package var edit: WorkspaceEdit?
    /// Run after the edit is applied (or instead of one): `workspace/executeCommand`.
    package var command: Command?
    /// What `codeAction/resolve` needs to fill `edit`.
    package var data: LSPAny?

    package init(
        title: String, kind: CodeActionKind? = nil, diagnostics: [Diagnostic]? = nil, isPreferred: Bool? = nil,
        edit: WorkspaceEdit? = nil, command: Command? = nil, data: LSPAny? = nil
    ) {
        self.title = title
        self.kind = kind
        self.diagnostics = diagnostics
        self.isPreferred = isPreferred
        self.edit = edit
        self.command = command
        self.data = data
    }
}
