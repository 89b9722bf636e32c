import LSPTypes

extension LanguageServer {
    /// `codeAction/resolve`: fills in the edit of an action from `textDocument/codeAction`.
    /// Fix-all is computed here, on the current text; if the document changed since the action
    /// was offered, the answer is `ContentModified`.
    func resolveCodeAction(_ request: CodeActionResolveRequest) async throws(ResponseError) -> CodeAction {
        var action = request.codeAction
        // Edits already there, or a command (a runtime finding's actions) with nothing to resolve.
        guard action.edit == nil, action.command == nil || action.data != nil else { return action }
        guard let data = CodeActionData(action.data) else {
            throw .invalidParams("the code action carries no data Umlaut can resolve")
        }
        guard let unit = unit(for: data.uri) else { throw .contentModified }
        guard unit.version == data.version else { throw .contentModified }
        guard let snapshot = await analysis(of: unit), snapshot.version == data.version else { throw .contentModified }
        if data.fixAll == true {
            action.edit = workspaceEdit(
                FixAll.edits(for: snapshot, rules: options.rules, encoding: encoding) ?? [], versions: snapshot)
        } else {
            action.edit = workspaceEdit(data.edits ?? [], versions: snapshot)
        }
        return action
    }
}
