import EditorLink

/// The editor link's state: the channel the dashboard asks this server through to show a place
/// (`LanguageServer+EditorChannel`), and the command that opens a session's page from the
/// editor (`umlaut.showRun`, `LanguageServer+ShowRunCommand`).
///
/// The channel is open while the session runs, for clients that answer `window/showDocument`
/// and have a workspace folder: started by `initialized`, stopped by `shutdown` or at the end.
struct EditorLinkFeature {
    static let showRunCommand = "umlaut.showRun"

    /// The listening channel, when one is open.
    var listener: EditorChannelListener?
    /// How long a request from the channel waits for the client's answer to `window/showDocument`.
    static let showDocumentTimeout: Duration = .seconds(10)
}
