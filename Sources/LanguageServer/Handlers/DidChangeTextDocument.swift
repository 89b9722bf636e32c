import LSPTypes

extension LanguageServer {
    /// `textDocument/didChange`: applies the edits to the text and the syntax tree (edit, then
    /// incremental re-parse) and schedules the diagnostics of the new version.
    func didChange(_ notification: DidChangeTextDocumentNotification) {
        let uri = notification.textDocument.uri
        let version = notification.textDocument.version
        if let document = documents[uri] {
            if version <= document.version {
                log(.warning, "\(uri): version \(version) does not follow \(document.version); applying it anyway")
            }
            document.apply(notification.contentChanges, version: version, encoding: encoding, parser: parser)
            scheduleDiagnostics(for: uri)
            cancelAnalysis(of: uri)
        } else if let owner = notebookOfCell[uri], let notebook = notebooks[owner] {
            notebook.applyText(
                notification.contentChanges, toCell: uri, version: version, encoding: encoding, parser: parser)
            scheduleDiagnostics(for: owner)
            cancelAnalysis(of: owner)
        } else {
            log(.debug, "ignored a change of \(uri), which is not open")
        }
    }
}
