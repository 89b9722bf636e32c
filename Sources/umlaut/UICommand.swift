import ArgumentParser
import Dispatch
import Foundation
import Store
import WebShell

/// `umlaut ui`: the training dashboard as a local web app on 127.0.0.1, with a per-launch token.
///
/// Prints the address (with the token), opens the browser unless told not to or there is no
/// display, and writes `.umlaut/ui.json` (url, token, pid, port; 0600) beside the session
/// database while it runs, so the editor can find it. SIGINT and SIGTERM stop it and remove
/// the file.
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Serve the training dashboard on 127.0.0.1.")

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port: Int = 0

    @Flag(name: .long, help: "Do not open the browser.")
    var noBrowser = false

    @Option(name: .long, help: "The workspace whose sessions to show (default: the nearest with .umlaut/).")
    var workspace: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() throws {
        let current = FileManager.default.currentDirectoryPath
        let databasePath: String
        if let workspace {
            let absolute =
                workspace.hasPrefix("/") ? workspace : (current as NSString).appendingPathComponent(workspace)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue
            else { throw CLIFailure.exit(CLIFailure("no such workspace directory: \(workspace)")) }
            databasePath = UIStateFile.path(inWorkspace: (absolute as NSString).standardizingPath)
                .replacingOccurrences(of: "/ui.json", with: "/sessions.sqlite")
        } else {
            databasePath = SessionDatabase.defaultPath(startingAt: current)
        }
        let statePath = ((databasePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "ui.json")
        let workspaceRoot = ((databasePath as NSString).deletingLastPathComponent as NSString)
            .deletingLastPathComponent
        let server = WebShellServer(
            databasePath: databasePath, source: UICommand.makeSource(),
            opener: EditorLinkOpener(workspace: workspaceRoot),
            reports: ReportsContent(workspaceRoot: workspaceRoot),
            explorer: UICommand.makeExplorer(databasePath: databasePath))
        let pid = getpid()
        let openBrowser = !noBrowser

        // Stop on SIGINT/SIGTERM: end the live streams, remove ui.json, exit.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let signalQueue = DispatchQueue(label: "umlaut.ui.signals")
        let signals: [Int32] = [SIGINT, SIGTERM]
        let sources = signals.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler {
                server.stopStreams()
                UIStateFile.remove(at: statePath, ifOwnedBy: pid)
                Foundation.exit(0)
            }
            source.resume()
            return source
        }

        let requestedPort = port
        Task {
            do {
                try await server.run(port: requestedPort) { bound in
                    let base = "http://127.0.0.1:\(bound)"
                    let state = UIStateFile(url: base, token: server.token, pid: pid, port: bound)
                    do {
                        try state.write(to: statePath)
                    } catch {
                        StandardError.write("umlaut: warning: cannot write \(statePath): \(error)\n")
                    }
                    let address = "\(base)/?token=\(server.token)"
                    // Unbuffered: whoever started the ui (a terminal, the editor) reads it at once.
                    FileHandle.standardOutput.write(
                        Data(
                            "umlaut ui: serving the sessions of \(databasePath)\n  \(address)\nPress Ctrl-C to stop.\n"
                                .utf8))
                    if openBrowser { UICommand.openBrowser(address) }
                }
                UIStateFile.remove(at: statePath, ifOwnedBy: pid)
                Foundation.exit(0)
            } catch {
                UIStateFile.remove(at: statePath, ifOwnedBy: pid)
                StandardError.write("umlaut: error: cannot serve on 127.0.0.1:\(requestedPort): \(error)\n")
                Foundation.exit(2)
            }
        }
        // The signal sources must outlive `dispatchMain()`: in a release build the optimiser ends
        // an unused local's life early, the sources were cancelled as they were freed, and
        // SIGINT/SIGTERM (ignored above) no longer stopped the server.
        withExtendedLifetime(sources) { dispatchMain() }
    }

    /// The dashboard's content.
    static func makeSource() -> any DashboardSource { DashboardContent() }

    /// Opens the address with `xdg-open` when there is a display to open it on.
    static func openBrowser(_ address: String) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else {
            FileHandle.standardOutput.write(Data("No display: open the address above in a browser.\n".utf8))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            FileHandle.standardOutput.write(
                Data("Could not start xdg-open: open the address above in a browser.\n".utf8))
        }
    }
}
