/// The actions available for a range: quick fixes for its diagnostics, "disable for this line",
/// and the document's fix-all.
package struct CodeActionRequest: RequestType, Hashable {
    package static let method = "textDocument/codeAction"
    package typealias Response = [CodeAction]?

    package var textDocument: TextDocumentIdentifier
    package var range: LSPRange
    package var context: CodeActionContext

    package init(textDocument: TextDocumentIdentifier, range: LSPRange, context: CodeActionContext) {
        self.textDocument = textDocument
        self.range = range
        self.context = context
    }
}
