import LSPTypes

extension LanguageServer {
    /// `textDocument/didClose`: forgets the document and clears its diagnostics.
    func didClose(_ notification: DidCloseTextDocumentNotification) {
        let uri = notification.textDocument.uri
        guard let document = documents.removeValue(forKey: uri) else { return }
        document.groups.cancelPreparation()
        runs.documentClosed(uri)
        published[uri, default: []].insert(uri)
        clearDiagnostics(of: uri)
    }
}
