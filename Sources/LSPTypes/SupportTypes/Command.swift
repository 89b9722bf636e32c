/// A command the client asks the server to run with `workspace/executeCommand` (a code action
/// may carry one instead of, or besides, an edit).
public struct Command: Hashable, Sendable, Codable {
    /// Shown to the user.
    public var title: String
    /// The identifier the server advertised in `executeCommandProvider.commands`.
    public var command: String
    public var arguments: [LSPAny]?

    public init(title: String, command: String, arguments: [LSPAny]? = nil) {
        self.title = title
        self.command = command
        self.arguments = arguments
    }
}
