import ArgumentParser

/// The `umlaut` command: lists the subcommands, does nothing itself.
@main
struct Umlaut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "umlaut",
        abstract: "Finds the silent bugs in deep-learning training scripts.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, RulesCommand.self, RuleCommand.self,
            RunCommand.self,
            SessionsCommand.self,
            ShowCommand.self,
            DiffCommand.self,
            ImportCommand.self,
        ]
    )
}
