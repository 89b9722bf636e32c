/// The client pulls one document's diagnostics (LSP 3.17 pull model).
public struct DocumentDiagnosticRequest: RequestType, Hashable {
    public static let method = "textDocument/diagnostic"
    public typealias Response = DocumentDiagnosticReport

    public var textDocument: TextDocumentIdentifier
    public var identifier: String?
    /// The `resultId` of the last report the client has; if still valid, the server answers
    /// `unchanged`.
    public var previousResultId: String?

    public init(textDocument: TextDocumentIdentifier, identifier: String? = nil, previousResultId: String? = nil) {
        self.textDocument = textDocument
        self.identifier = identifier
        self.previousResultId = previousResultId
    }
}

/// A pulled report: the full list, or `unchanged` since `resultId`.
public struct DocumentDiagnosticReport: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case full
        case unchanged
    }

    public var kind: Kind
    public var resultId: String?
    /// Present for `full` reports only.
    public var items: [Diagnostic]?

    public init(kind: Kind, resultId: String?, items: [Diagnostic]? = nil) {
        self.kind = kind
        self.resultId = resultId
        self.items = items
    }

    public static func full(_ items: [Diagnostic], resultId: String?) -> Self {
        .init(kind: .full, resultId: resultId, items: items)
    }
    public static func unchanged(resultId: String) -> Self { .init(kind: .unchanged, resultId: resultId) }
}
