import LSPTypes

extension LanguageServer {
    /// `textDocument/diagnostic`: the document's diagnostics at its current version, or
    /// `unchanged` when the client already has them. A document that is not open has none.
    func documentDiagnostic(_ request: DocumentDiagnosticRequest) -> DocumentDiagnosticReport {
        let uri = request.textDocument.uri
        guard let unit = unit(for: uri) else { return .full([], resultId: nil) }
        let snapshot = analysis(of: unit)
        let id = snapshot.resultID
        if request.previousResultId == id { return .unchanged(resultId: id) }
        return .full(snapshot.diagnostics[uri] ?? [], resultId: id)
    }
}
