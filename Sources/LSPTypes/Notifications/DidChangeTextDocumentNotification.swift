/// The client edited an open document. Changes apply one after the other, each range relative
/// to the text left by the previous one.
package struct DidChangeTextDocumentNotification: NotificationType, Hashable {
    package static let method = "textDocument/didChange"
    package var textDocument: VersionedTextDocumentIdentifier
    package var contentChanges: [TextDocumentContentChangeEvent]

    package init(textDocument: VersionedTextDocumentIdentifier, contentChanges: [TextDocumentContentChangeEvent]) {
        self.textDocument = textDocument
        self.contentChanges = contentChanges
    }
}
