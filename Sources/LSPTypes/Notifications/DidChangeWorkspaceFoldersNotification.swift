/// Root folders were added to or removed from the workspace.
public struct DidChangeWorkspaceFoldersNotification: NotificationType, Hashable {
    public static let method = "workspace/didChangeWorkspaceFolders"
    public var event: Event
    public init(event: Event) { self.event = event }

    public struct Event: Hashable, Sendable, Codable {
        public var added: [WorkspaceFolder]
        public var removed: [WorkspaceFolder]

        public init(added: [WorkspaceFolder], removed: [WorkspaceFolder]) {
            self.added = added
            self.removed = removed
        }
    }
}
