import ArgumentParser
import VectorMath

/// The `umlaut` command: lists the subcommands, does nothing itself.
///
/// Usage errors (an unknown option, an invalid rule code, a bad combination) exit with 2, like
/// ruff and most linters, rather than ArgumentParser's 64.
@main
struct Umlaut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "umlaut",
        abstract: "Finds the silent bugs in deep-learning training scripts.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self,
            LspCommand.self,
            RulesCommand.self,
            RuleCommand.self,
            LatencyCommand.self,
            RunCommand.self,
            SessionsCommand.self,
            ShowCommand.self,
            DiffCommand.self,
            ImportCommand.self,
            UICommand.self,
            OpenCommand.self,
            CompareCommand.self,
            IndexCommand.self,
            SearchCommand.self,
        ]
    )

    static func main() {
        // Most commands never call BLAS; the ones that do start its threads again.
        BLAS.stopIdleThreads()
        do {
            if let check = CheckFastPath.command(for: Array(CommandLine.arguments.dropFirst())) {
                try check.run()
                return
            }
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write(fullMessage(for: error) + "\n")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
