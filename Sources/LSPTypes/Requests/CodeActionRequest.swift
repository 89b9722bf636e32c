/// The actions available for a range: quick fixes for its diagnostics, "disable for this line",
/// and the document's fix-all.
public struct CodeActionRequest: RequestType, Hashable {
    public static let method = "textDocument/codeAction"
    public typealias Response = [CodeAction]?

    public var textDocument: TextDocumentIdentifier
    public var range: LSPRange
    public var context: CodeActionContext

    public init(textDocument: TextDocumentIdentifier, range: LSPRange, context: CodeActionContext) {
        self.textDocument = textDocument
        self.range = range
        self.context = context
    }
}
