import LSPTypes

/// The log level's names, for `umlaut lsp --log-level` and the editor's `logLevel` alike.
extension MessageKind {
    /// The accepted names, from the most to the least important.
    public static let logLevelNames = ["error", "warning", "info", "debug"]

    /// `error, warning, info or debug`, for messages.
    public static var logLevelChoices: String {
        logLevelNames.dropLast().joined(separator: ", ") + " or " + logLevelNames.last!
    }

    /// Reads one of `logLevelNames`, in any case.
    public init?(logLevel name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warning": self = .warning
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }
}
