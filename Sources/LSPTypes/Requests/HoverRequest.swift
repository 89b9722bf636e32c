/// What the server can say about the code at a position: for Umlaut, a rule's explanation on a
/// diagnostic and what it understood of a layer, loss or optimizer.
public struct HoverRequest: RequestType, Hashable {
    public static let method = "textDocument/hover"
    public typealias Response = Hover?

    public var textDocument: TextDocumentIdentifier
    public var position: Position

    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

public struct Hover: Hashable, Sendable, Codable {
    public var contents: MarkupContent
    /// The range the hover is about, highlighted by some editors.
    public var range: LSPRange?

    public init(contents: MarkupContent, range: LSPRange? = nil) {
        self.contents = contents
        self.range = range
    }
}
