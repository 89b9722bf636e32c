/// The editor's settings changed. `settings` holds them (an object with an `umlaut` member), or
/// is `null` for clients that expect the server to ask with `workspace/configuration`.
package struct DidChangeConfigurationNotification: NotificationType, Hashable {
    package static let method = "workspace/didChangeConfiguration"
    package var settings: LSPAny?
    package init(settings: LSPAny?) { self.settings = settings }
}
