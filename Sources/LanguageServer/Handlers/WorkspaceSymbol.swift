import LSPTypes

extension LanguageServer {
    /// `workspace/symbol`: files of the workspace's project index matching the query's words
    /// and `field:value` terms (`ProjectSearch/`).
    func workspaceSymbols(_ request: WorkspaceSymbolRequest) async -> [SymbolInformation]? {
        await projectSymbols(query: request.query)
    }
}
