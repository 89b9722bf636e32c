import LSPTypes

/// The log level's names, for `umlaut lsp --log-level` and the editor's `logLevel` alike.
extension MessageKind {
    /// The accepted names and what they show, from the most to the least important.
    static let logLevels: [(name: String, kind: MessageKind)] = [
        ("error", .error), ("warning", .warning), ("info", .info), ("debug", .debug),
    ]

    /// `error, warning, info or debug`, for messages.
    package static var logLevelChoices: String {
        logLevels.dropLast().map(\.name).joined(separator: ", ") + " or " + logLevels.last!.name
    }

    /// Reads one of the names of `logLevels`, in any case.
    package init?(logLevel name: String) {
        guard let level = Self.logLevels.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = level.kind
    }
}
