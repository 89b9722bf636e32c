import ArgumentParser
import Foundation
import LintCore
import LintRules
import Runtime
import Store

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
        if let problem = Self.problem(withEventFile: file) {
            FileHandle.standardError.write(Data("umlaut: \(file): error: \(problem)\n".utf8))
            throw ExitCode(2)
        }
        do {
            let outcome = try EventImporter.importFile(
                file, sessionName: session,
                databasePath: db ?? SessionDatabase.defaultPath(startingAt: FileManager.default.currentDirectoryPath),
                configure: { script in
                    let configuration = try ScriptConfiguration.load(for: script)
                    return (
                        configuration.settings, configuration.relativePath, { configuration.analysis($0, path: script) }
                    )
                })
            if !outcome.isRecorded { throw ExitCode(2) }
        } catch let error as RunnerError {
            FileHandle.standardError.write(Data("umlaut: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Why `path` is not a file of runtime events, or nil when it is one. An event file starts
    /// with an event (a JSON object with an `"event"` field, as `hello` is); its last line may be
    /// cut off by a crash, but a file whose first line is not an event (a script, a log, a
    /// database) is not imported as a session.
    static func problem(withEventFile path: String) -> String? {
        // An unreadable file is not this check's to report: the importer says "no such file".
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard
            let first = data.split(separator: UInt8(ascii: "\n")).first(where: {
                !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }
            })
        else { return "no events in it: an event file has one JSON object per line (see Docs/RuntimeEvents.md)" }
        if case let .malformed(reason) = RuntimeEvent.decode(Array(first)) {
            return
                "not a file of runtime events: its first line is not an event (\(reason)); an event file has one JSON object with an \"event\" field per line (see Docs/RuntimeEvents.md)"
        }
        return nil
    }
}
