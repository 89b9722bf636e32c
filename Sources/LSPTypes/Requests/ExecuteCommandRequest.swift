/// The client asks the server to run one of the commands it advertised
/// (`executeCommandProvider.commands`): from a code action, a command palette, a key binding.
package struct ExecuteCommandRequest: RequestType, Hashable {
    package static let method = "workspace/executeCommand"
    /// Whatever the command returns; Umlaut's commands answer an object or `null`.
    package typealias Response = LSPAny?

    package var command: String
    package var arguments: [LSPAny]?
    /// When the client created the progress itself, the token to report it under.
    package var workDoneToken: ProgressToken?

    package init(command: String, arguments: [LSPAny]? = nil, workDoneToken: ProgressToken? = nil) {
        self.command = command
        self.arguments = arguments
        self.workDoneToken = workDoneToken
    }
}
