/// The client pulls one document's diagnostics (LSP 3.17 pull model).
package struct DocumentDiagnosticRequest: RequestType, Hashable {
    package static let method = "textDocument/diagnostic"
    package typealias Response = DocumentDiagnosticReport

    package var textDocument: TextDocumentIdentifier
    package var identifier: String?
    /// The `resultId` of the last report the client has; if still valid, the server answers
    /// `unchanged`.
    package var previousResultId: String?

    package init(textDocument: TextDocumentIdentifier, identifier: String? = nil, previousResultId: String? = nil) {
        self.textDocument = textDocument
        self.identifier = identifier
        self.previousResultId = previousResultId
    }
}

/// A pulled report: the full list, or `unchanged` since `resultId`.
package struct DocumentDiagnosticReport: Hashable, Sendable, Codable {
    package enum Kind: String, Hashable, Sendable, Codable {
        case full
        case unchanged
    }

    package var kind: Kind
    package var resultId: String?
    /// Present for `full` reports only.
    package var items: [Diagnostic]?

    package init(kind: Kind, resultId: String?, items: [Diagnostic]? = nil) {
        self.kind = kind
        self.resultId = resultId
        self.items = items
    }

    package static func full(_ items: [Diagnostic], resultId: String?) -> Self {
        .init(kind: .full, resultId: resultId, items: items)
    }
    package static func unchanged(resultId: String) -> Self { .init(kind: .unchanged, resultId: resultId) }
}
