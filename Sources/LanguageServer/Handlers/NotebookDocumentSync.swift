import LSPTypes

extension LanguageServer {
    /// `notebookDocument/didOpen`: joins the notebook's Python cells into one source.
    func didOpenNotebook(_ notification: DidOpenNotebookDocumentNotification) {
        let notebook = NotebookState(
            notification.notebookDocument, cellDocuments: notification.cellTextDocuments, parser: parser)
        notebooks[notebook.uri] = notebook
        for cell in notebook.cellURIs { notebookOfCell[cell] = notebook.uri }
        scheduleDiagnostics(for: notebook.uri)
    }

    /// `notebookDocument/didChange`: cells added, removed or edited.
    func didChangeNotebook(_ notification: DidChangeNotebookDocumentNotification) {
        guard let notebook = notebooks[notification.notebookDocument.uri] else {
            log(.debug, "ignored a change of notebook \(notification.notebookDocument.uri), which is not open")
            return
        }
        let before = Set(notebook.cellURIs)
        notebook.apply(
            notification.change, version: notification.notebookDocument.version, encoding: encoding, parser: parser)
        let after = Set(notebook.cellURIs)
        for removed in before.subtracting(after) { notebookOfCell[removed] = nil }
        for added in after.subtracting(before) { notebookOfCell[added] = notebook.uri }
        scheduleDiagnostics(for: notebook.uri)
        cancelAnalysis(of: notebook.uri)
    }

    /// `notebookDocument/didClose`: forgets the notebook and clears its cells' diagnostics.
    func didCloseNotebook(_ notification: DidCloseNotebookDocumentNotification) {
        guard let notebook = notebooks.removeValue(forKey: notification.notebookDocument.uri) else { return }
        for cell in notebook.cellURIs { notebookOfCell[cell] = nil }
        published[notebook.uri, default: []].formUnion(notebook.sourceMap.documents.map(\.uri))
        clearDiagnostics(of: notebook.uri)
    }
}
