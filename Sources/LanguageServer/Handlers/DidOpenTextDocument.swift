import LSPTypes

extension LanguageServer {
    /// `textDocument/didOpen`: parses the document and schedules its diagnostics. Documents
    /// that are not Python are ignored.
    func didOpen(_ notification: DidOpenTextDocumentNotification) {
        let item = notification.textDocument
        guard
            item.languageId == "python" || item.uri.stringValue.hasSuffix(".py")
                || item.uri.stringValue.hasSuffix(".pyi")
        else {
            log(.debug, "not analysing \(item.uri) (language \(item.languageId))")
            return
        }
        if documents[item.uri] != nil { log(.warning, "\(item.uri) was opened twice; using the new text") }
        documents[item.uri] = OpenDocument(item, parser: parser, parsedOnActorLimit: options.largeDocumentSize)
        scheduleDiagnostics(for: item.uri)
    }
}
