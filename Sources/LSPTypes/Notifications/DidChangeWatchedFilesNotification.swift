/// Files the client watches changed (for Umlaut: `pyproject.toml`).
package struct DidChangeWatchedFilesNotification: NotificationType, Hashable {
    package static let method = "workspace/didChangeWatchedFiles"
    package var changes: [FileEvent]
    package init(changes: [FileEvent]) { self.changes = changes }

    package struct FileEvent: Hashable, Sendable, Codable {
        package var uri: DocumentURI
        /// 1 created, 2 changed, 3 deleted.
        package var type: Int

        package init(uri: DocumentURI, type: Int) {
            self.uri = uri
            self.type = type
        }

        package static let created = 1
        package static let changed = 2
        package static let deleted = 3
    }
}
