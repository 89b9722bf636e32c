import EditorLink
import Foundation
import LSPTypes

/// The editor → page half of the link: `umlaut.showRun`.
///
/// Finds the dashboard serving the workspace folder (`DashboardLocator`: `.umlaut/ui.json`, a
/// live process that answers) or starts `umlaut ui --no-browser --workspace <folder>` and waits
/// for it, then asks the client to open the session's page, at the finding when one is named,
/// in the browser (`window/showDocument` with `external: true`). A client that cannot show
/// documents is told the address with `window/showMessage`. The answer says the address, whether
/// the dashboard was started and whether the client opened it.
extension LanguageServer {
    /// `umlaut.showRun` with `[sessionID, findingID?, uri?]`: the session and finding ids of the
    /// session database (numbers, or strings of digits), and a document or folder URI choosing
    /// the workspace folder (else the first).
    func showRun(arguments: [LSPAny]) async throws(ResponseError) -> LSPAny {
        let usage = "umlaut.showRun takes a session id, then optionally a finding id and a document URI"
        guard let session = arguments.first.flatMap(Self.identifier) else { throw .invalidParams(usage) }
        var finding: Int64?
        if arguments.count > 1, arguments[1] != .null {
            guard let id = Self.identifier(arguments[1]) else { throw .invalidParams(usage) }
            finding = id
        }
        var root = folders.first?.path
        if arguments.count > 2, arguments[2] != .null {
            guard let text = arguments[2].stringValue else { throw .invalidParams(usage) }
            let uri = text.hasPrefix("/") ? DocumentURI(filePath: text) : DocumentURI(text)
            guard let path = uri.filePath else { throw .invalidParams("umlaut.showRun: not a file URI: \(text)") }
            root = folder(of: uri).folder?.path ?? folders.first { $0.path == path }?.path ?? root
        }
        guard let root else {
            throw runFailed("Umlaut cannot show the dashboard without a workspace folder")
        }
        let executable = umlautExecutable
        let located: (instance: DashboardLocator.Instance, started: Bool)
        do {
            located = try await DashboardLocator.findOrStart(executable: executable, workspace: root)
        } catch {
            throw runFailed("Umlaut could not start the dashboard: \(error.description)")
        }
        if located.started { log(.info, "started the dashboard for \(root): pid \(located.instance.pid)") }
        let address = located.instance.sessionPage(session: session, finding: finding)
        var shown = false
        if client.window?.showDocument?.support == true {
            switch await sendRequest(ShowDocumentRequest(uri: DocumentURI(address), external: true)) {
            case .success(let result)?: shown = result.success
            case .failure(let error)?: log(.warning, "the client did not open the dashboard: \(error.message)")
            case nil: break
            }
        }
        if !shown {
            send(ShowMessageNotification(type: .info, message: "Umlaut dashboard: \(address)"))
        }
        return .object(["url": .string(address), "started": .bool(located.started), "shown": .bool(shown)])
    }

    /// A database id: a positive integer or a string of digits.
    private static func identifier(_ value: LSPAny) -> Int64? {
        switch value {
        case .int(let number) where number > 0: Int64(number)
        case .string(let text): Int64(text).flatMap { $0 > 0 ? $0 : nil }
        default: nil
        }
    }
}
