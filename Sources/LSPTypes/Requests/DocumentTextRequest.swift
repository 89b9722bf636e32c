/// Umlaut's own request, for tests and debugging: the text and version the server holds for an
/// open document, so a client can check that incremental edits left both sides equal.
package struct DocumentTextRequest: RequestType, Hashable {
    package static let method = "umlaut/documentText"
    package typealias Response = DocumentTextResult?

    package var textDocument: TextDocumentIdentifier

    package init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }
}

package struct DocumentTextResult: Hashable, Sendable, Codable {
    package var version: Int
    package var text: String

    package init(version: Int, text: String) {
        self.version = version
        self.text = text
    }
}
