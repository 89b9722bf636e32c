import ArgumentParser
import Foundation
import LintCore
import LintRules
import Runtime
import SessionStore

/// `umlaut import FILE`: store a JSON Lines event file as a session (the explicit integration's
/// `file:` channel, or what `umlaut run` saved when the database was unavailable).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store a file of runtime events as a session and check it."
    )

    @Argument(help: "A JSON Lines file of events (see Docs/RuntimeEvents.md).")
    var file: String

    @Option(name: .long, help: "A name for the session (default: the script's name).")
    var session: String?

    @Option(name: .long, help: "The session database (default: .umlaut/sessions.sqlite in the workspace).")
    var db: String?

    func run() throws {
        do {
            let outcome = try EventImporter.importFile(
                file, sessionName: session,
                databasePath: db ?? SessionDatabase.defaultPath(startingAt: FileManager.default.currentDirectoryPath),
                configure: { script in
                    let configuration = try ScriptConfiguration.load(for: script)
                    return (configuration.settings, configuration.relativePath, { configuration.staticFindings($0, path: script) })
                })
            if !outcome.isRecorded { throw ExitCode(2) }
        } catch let error as RunnerError {
            FileHandle.standardError.write(Data("umlaut: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
