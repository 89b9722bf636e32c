import LSPTypes

extension LanguageServer {
    /// `workspace/didChangeConfiguration`: takes the `umlaut` settings the client sent, or asks
    /// for them with `workspace/configuration` when it sent none (the modern way).
    func didChangeConfiguration(_ notification: DidChangeConfigurationNotification) {
        let settings = notification.settings
        let section = settings?["umlaut"]
        if section == nil, client.workspace?.configuration == true {
            pullEditorSettings()
            return
        }
        if adoptEditorSettings(section ?? settings) { configurationChanged() }
    }
}
