import LSPTypes

/// What Umlaut puts in a diagnostic's `data`, so that a code action request, which sends the
/// diagnostic back, can be answered without any server state (as ruff does).
struct DiagnosticData: Codable, Hashable, Sendable {
    /// The rule's fix, if it has one.
    var fix: FixData?
    /// The edit that adds `# umlaut: ignore[CODE]` to the diagnostic's line, when a comment
    /// can go there.
    var disable: DocumentTextEdit?

    /// A fix in LSP terms.
    struct FixData: Codable, Hashable, Sendable {
        var title: String
        /// `safe`, `unsafe` or `display-only`.
        var applicability: String
        var edits: [DocumentTextEdit]
    }

    init(fix: FixData?, disable: DocumentTextEdit?) {
        self.fix = fix
        self.disable = disable
    }

    /// Reads the data of a diagnostic sent back by the client; nil if it is not ours.
    init?(_ value: LSPAny?) {
        guard let value, let data = try? value.decode(as: DiagnosticData.self) else { return nil }
        self = data
    }

    /// The data as JSON, built directly: a JSON round trip per diagnostic was a tenth of the
    /// time of an analysis on a large file.
    var lspAny: LSPAny {
        var object: [String: LSPAny] = [:]
        if let fix {
            object["fix"] = .object([
                "title": .string(fix.title),
                "applicability": .string(fix.applicability),
                "edits": .array(fix.edits.map(\.lspAny)),
            ])
        }
        if let disable { object["disable"] = disable.lspAny }
        return .object(object)
    }
}

/// A text edit and the document it applies to (a notebook fix may touch another cell).
struct DocumentTextEdit: Codable, Hashable, Sendable {
    var uri: DocumentURI
    var range: LSPRange
    var newText: String

    var textEdit: TextEdit { TextEdit(range: range, newText: newText) }

    var lspAny: LSPAny {
        .object(["uri": .string(uri.stringValue), "range": range.lspAny, "newText": .string(newText)])
    }
}

extension LSPRange {
    var lspAny: LSPAny {
        .object([
            "start": .object(["line": .int(start.line), "character": .int(start.character)]),
            "end": .object(["line": .int(end.line), "character": .int(end.character)]),
        ])
    }
}
