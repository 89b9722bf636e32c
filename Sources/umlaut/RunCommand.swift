import ArgumentParser
import Foundation
import LintCore
import LintRules
import PythonSyntax
import Runtime
import Store

/// `umlaut run [--session NAME] [--db PATH] [--python EXE] script.py [args...]`: run a training
/// script under the instrumentation; exits with the script's status.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a training script and check how it trains.",
        discussion: """
            The script runs unchanged, with its own output, arguments and exit status. Umlaut reports its \
            static findings first ("before training"), then runtime findings per epoch, inline, and a summary. \
            The session is stored in the workspace database (.umlaut/sessions.sqlite): see `umlaut sessions`, \
            `umlaut show`, `umlaut diff`.
            """
    )

    @Option(name: .long, help: "A name for the session (default: the script's name; -2, -3, ... is added when taken).")
    var session: String?

    @Option(name: .long, help: "The session database (default: .umlaut/sessions.sqlite in the workspace).")
    var db: String?

    @Option(name: .long, help: "The Python interpreter (default: $UMLAUT_PYTHON, the active virtualenv's, or python3).")
    var python: String?

    @Argument(parsing: .captureForPassthrough, help: "The script and its arguments.")
    var command: [String] = []

    func validate() throws {
        // The script's arguments pass through unparsed, so `--help` arrives here; it asks for
        // this command's help (a script really named `--help` follows `--`).
        if let first = command.first, first == "--help" || first == "-h" {
            throw CleanExit.helpRequest(self)
        }
        guard let script = command.first, !script.isEmpty else {
            throw ValidationError("missing the script to run: umlaut run script.py [args...]")
        }
    }

    func run() throws {
        var command = command
        if command.first == "--" { command.removeFirst() }
        guard let script = command.first else { throw ValidationError("missing the script to run") }
        let cwd = FileManager.default.currentDirectoryPath
        let configuration = try ScriptConfiguration.load(for: script)
        let analysis = FileManager.default.contents(atPath: script).map {
            configuration.analysis(SourceText(Array($0)), path: script)
        }
        let options = RunOptions(
            script: script, arguments: Array(command.dropFirst()), python: python, sessionName: session,
            databasePath: db ?? SessionDatabase.defaultPath(startingAt: cwd), settings: configuration.settings,
            settingsPath: configuration.relativePath, analysis: analysis)
        do {
            let outcome = try TrainingRunner(options: options).run()
            throw ExitCode(outcome.exitStatus)
        } catch let error as RunnerError {
            FileHandle.standardError.write(Data("umlaut: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
