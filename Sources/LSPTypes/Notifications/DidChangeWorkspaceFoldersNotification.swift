/// Root folders were added to or removed from the workspace.
package struct DidChangeWorkspaceFoldersNotification: NotificationType, Hashable {
    package static let method = "workspace/didChangeWorkspaceFolders"
    package var event: Event
    package init(event: Event) { self.event = event }

    package struct Event: Hashable, Sendable, Codable {
        package var added: [WorkspaceFolder]
        package var removed: [WorkspaceFolder]

        package init(added: [WorkspaceFolder], removed: [WorkspaceFolder]) {
            self.added = added
            self.removed = removed
        }
    }
}
