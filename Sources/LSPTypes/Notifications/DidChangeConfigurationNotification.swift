/// The editor's settings changed. `settings` holds them (an object with an `umlaut` member), or
/// is `null` for clients that expect the server to ask with `workspace/configuration`.
public struct DidChangeConfigurationNotification: NotificationType, Hashable {
    public static let method = "workspace/didChangeConfiguration"
    public var settings: LSPAny?
    public init(settings: LSPAny?) { self.settings = settings }
}
