import LSPTypes

extension LanguageServer {
    /// `workspace/didChangeWorkspaceFolders`: adds and removes roots; the folders' session
    /// databases are watched for runtime findings, and their files reported by `workspace/diagnostic`;
    /// the editor channel is advertised in the new set of folders.
    func didChangeWorkspaceFolders(_ notification: DidChangeWorkspaceFoldersNotification) {
        let removed = Set(notification.event.removed.map(\.uri))
        folders.removeAll { removed.contains($0.uri) }
        for added in notification.event.added where !folders.contains(where: { $0.uri == added.uri }) {
            guard let folder = WorkspaceFolderState(uri: added.uri) else { continue }
            folders.append(folder)
        }
        configurationChanged()
        if link.listener != nil {
            stopEditorChannel()
            startEditorChannel()
        }
    }
}
