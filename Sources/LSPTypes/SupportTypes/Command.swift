/// A command the client asks the server to run with `workspace/executeCommand` (a code action
/// may carry one instead of, or besides, an edit).
package struct Command: Hashable, Sendable, Codable {
    /// Shown to the user.
    package var title: String
    /// The identifier the server advertised in `executeCommandProvider.commands`.
    package var command: String
    package var arguments: [LSPAny]?

    package init(title: String, command: String, arguments: [LSPAny]? = nil) {
        self.title = title
        self.command = command
        self.arguments = arguments
    }
}
