import LSPTypes

extension LanguageServer {
    /// `workspace/didChangeWorkspaceFolders`: adds and removes roots; documents may now belong
    /// to another folder, with other settings.
    func didChangeWorkspaceFolders(_ notification: DidChangeWorkspaceFoldersNotification) {
        let removed = Set(notification.event.removed.map(\.uri))
        folders.removeAll { removed.contains($0.uri) }
        for added in notification.event.added where !folders.contains(where: { $0.uri == added.uri }) {
            guard var folder = WorkspaceFolderState(uri: added.uri) else { continue }
            loadProjectSettings(&folder)
            folders.append(folder)
        }
        configurationChanged()
    }
}
