import ArgumentParser
import EditorLink
import Foundation
import Store

/// `umlaut open SESSION`: the dashboard's page of a session, from the terminal — the same place
/// the editor's `umlaut.showRun` opens. Finds the `umlaut ui` serving the workspace (its
/// `.umlaut/ui.json`, a live process that answers) or starts one in the background, prints the
/// page's address and opens it in the browser.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a session's page of the dashboard (`umlaut ui`), starting the dashboard if needed.",
        discussion: """
            SESSION is a session's id or name (as `umlaut sessions` lists them). The dashboard is the one \
            serving the workspace: --workspace, else the nearest directory above this one with a .umlaut/ \
            directory. A dashboard started here keeps running after this command; stop it with its pid \
            (in .umlaut/ui.json).
            """)

    @Argument(help: "The session's id or name.")
    var session: String

    @Option(name: .long, help: "Open the page at this finding (its id, as in `umlaut show --format json`).")
    var finding: Int64?

    @Option(name: .long, help: "The workspace whose dashboard to use (default: the nearest with a .umlaut/).")
    var workspace: String?

    @Flag(name: .long, help: "Print the address only; do not open the browser.")
    var noBrowser = false

    func run() throws {
        let root = workspace.map { FileSystemPath.absolute($0) } ?? Self.nearestWorkspace()
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let located: (instance: DashboardLocator.Instance, started: Bool)
        do {
            located = try DashboardLocator.findOrStartWaiting(executable: executable, workspace: root)
        } catch {
            throw CLIFailure.exit(CLIFailure(error.description))
        }
        let address = located.instance.sessionPage(session: session, finding: finding)
        if located.started {
            FileHandle.standardError.write(
                Data("umlaut: started the dashboard for \(root) (pid \(located.instance.pid))\n".utf8))
        }
        print(address)
        if !noBrowser { Self.openInBrowser(address) }
    }

    /// The directory holding the nearest `.umlaut/` above the current one (the current one if none).
    static func nearestWorkspace() -> String {
        let database = SessionDatabase.defaultPath(startingAt: FileManager.default.currentDirectoryPath)
        return ((database as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    }

    /// Opens `address` with the desktop's opener (`xdg-open`, `open` on macOS), if there is one.
    static func openInBrowser(_ address: String) {
        #if os(macOS)
        let opener = "/usr/bin/open"
        #else
        let opener = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        #endif
        guard let opener else {
            FileHandle.standardError.write(
                Data("umlaut: no xdg-open to start a browser: open the address above\n".utf8))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}

/// Absolute paths of command-line arguments.
enum FileSystemPath {
    static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute =
            expanded.hasPrefix("/")
            ? expanded : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        return (absolute as NSString).standardizingPath
    }
}
