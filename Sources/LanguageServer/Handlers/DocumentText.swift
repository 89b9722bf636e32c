import LSPTypes

extension LanguageServer {
    /// `umlaut/documentText`: the text and version held for an open document or notebook cell.
    func documentText(_ request: DocumentTextRequest) -> DocumentTextResult? {
        let uri = request.textDocument.uri
        if let document = documents[uri] {
            return DocumentTextResult(version: document.version, text: document.source.string)
        }
        if let owner = notebookOfCell[uri], let cell = notebooks[owner]?.cellTexts[uri] {
            return DocumentTextResult(version: cell.version, text: cell.text.string)
        }
        return nil
    }
}
