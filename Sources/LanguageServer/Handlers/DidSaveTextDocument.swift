import LSPTypes

extension LanguageServer {
    /// `textDocument/didSave`: nothing to do, the server already has the text. (Saving a
    /// `pyproject.toml` reaches the server as `workspace/didChangeWatchedFiles`.)
    func didSave(_ notification: DidSaveTextDocumentNotification) {
        log(.debug, "saved \(notification.textDocument.uri)")
    }
}
