import LSPTypes

extension LanguageServer {
    /// `textDocument/diagnostic`: the document's diagnostics at its current version, with the
    /// runtime findings of the last runs, or `unchanged` when the client already has them. A
    /// document that is not open has none.
    func documentDiagnostic(
        _ request: DocumentDiagnosticRequest
    ) async throws(ResponseError) -> DocumentDiagnosticReport {
        let uri = request.textDocument.uri
        guard let unit = unit(for: uri) else { return .full([], resultId: nil) }
        guard let snapshot = await analysis(of: unit) else { throw Task.isCancelled ? .cancelled : .contentModified }
        let id = resultID(of: snapshot)
        if request.previousResultId == id { return .unchanged(resultId: id) }
        return .full((snapshot.diagnostics[uri] ?? []) + runDiagnostics(for: uri, snapshot: snapshot), resultId: id)
    }

    /// A pulled result id: the analysis's (version and settings) and the runtime findings'.
    func resultID(of snapshot: AnalysisSnapshot) -> String {
        "\(snapshot.resultID).r\(runs.generation)"
    }
}
