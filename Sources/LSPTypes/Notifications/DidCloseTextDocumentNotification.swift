/// The client closed a document; its diagnostics are cleared.
package struct DidCloseTextDocumentNotification: NotificationType, Hashable {
    package static let method = "textDocument/didClose"
    package var textDocument: TextDocumentIdentifier
    package init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }
}
