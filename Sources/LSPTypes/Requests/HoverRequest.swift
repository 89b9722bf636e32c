/// What the server can say about the code at a position: for Umlaut, a rule's explanation on a
/// diagnostic and what it understood of a layer, loss or optimizer.
package struct HoverRequest: RequestType, Hashable {
    package static let method = "textDocument/hover"
    package typealias Response = Hover?

    package var textDocument: TextDocumentIdentifier
    package var position: Position

    package init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

package struct Hover: Hashable, Sendable, Codable {
    package var contents: MarkupContent
    /// The range the hover is about, highlighted by some editors.
    package var range: LSPRange?

    package init(contents: MarkupContent, range: LSPRange? = nil) {
        self.contents = contents
        self.range = range
    }
}
