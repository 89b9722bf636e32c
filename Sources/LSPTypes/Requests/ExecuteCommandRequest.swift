/// The client asks the server to run one of the commands it advertised
/// (`executeCommandProvider.commands`): from a code action, a command palette, a key binding.
public struct ExecuteCommandRequest: RequestType, Hashable {
    public static let method = "workspace/executeCommand"
    /// Whatever the command returns; Umlaut's commands answer an object or `null`.
    public typealias Response = LSPAny?

    public var command: String
    public var arguments: [LSPAny]?
    /// When the client created the progress itself, the token to report it under.
    public var workDoneToken: ProgressToken?

    public init(command: String, arguments: [LSPAny]? = nil, workDoneToken: ProgressToken? = nil) {
        self.command = command
        self.arguments = arguments
        self.workDoneToken = workDoneToken
    }
}
