/// The client opened a document: from now on the client owns its text.
package struct DidOpenTextDocumentNotification: NotificationType, Hashable {
    package static let method = "textDocument/didOpen"
    package var textDocument: TextDocumentItem
    package init(textDocument: TextDocumentItem) { self.textDocument = textDocument }
}
