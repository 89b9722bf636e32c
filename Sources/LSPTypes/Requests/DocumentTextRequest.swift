/// Umlaut's own request, for tests and debugging: the text and version the server holds for an
/// open document, so a client can check that incremental edits left both sides equal.
public struct DocumentTextRequest: RequestType, Hashable {
    public static let method = "umlaut/documentText"
    public typealias Response = DocumentTextResult?

    public var textDocument: TextDocumentIdentifier

    public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }
}

public struct DocumentTextResult: Hashable, Sendable, Codable {
    public var version: Int
    public var text: String

    public init(version: Int, text: String) {
        self.version = version
        self.text = text
    }
}
