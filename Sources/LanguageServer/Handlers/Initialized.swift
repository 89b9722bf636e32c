import LSPTypes

extension LanguageServer {
    /// `initialized`: asks the client to watch `pyproject.toml` files (when it can register
    /// watchers) and for the editor's `umlaut` settings (when it answers
    /// `workspace/configuration`), and starts watching the session databases for runtime
    /// findings, and opens the editor channel for the dashboard (`EditorLink/`).
    func initialized(_ notification: InitializedNotification) {
        if client.workspace?.didChangeWatchedFiles?.dynamicRegistration == true {
            let registration = RegisterCapabilityRequest.Registration(
                id: "umlaut-pyproject",
                method: DidChangeWatchedFilesNotification.method,
                registerOptions: .object(["watchers": .array([.object(["globPattern": .string("**/pyproject.toml")])])])
            )
            Task {
                if case .failure(let error)? = await self.sendRequest(
                    RegisterCapabilityRequest(registrations: [registration]))
                {
                    self.log(.info, "the client would not watch pyproject.toml: \(error.message)")
                }
            }
        }
        pullEditorSettings()
        startWatchingSessions()
        startEditorChannel()
    }
}
