import ArgumentParser

/// `umlaut check ARGS...` parsed without the rest of the command tree: the command CI and
/// editors' save hooks run on every file, where start-up is a visible share of a small check.
///
/// The root parser first tries the arguments as `--generate-completion-script` requests (two
/// throwaway parsers, each reflecting its type and throwing on the usual arguments) before it
/// parses the subcommand. A root with a super-command name skips that check, so this type
/// stands in for `umlaut check` and parses the very same `CheckCommand` as an option group.
/// Anything out of the ordinary (help, version, completion requests, and every parse or
/// validation error) returns nil and goes through the whole tree, so help texts and error
/// messages are exactly those of `umlaut check`.
struct CheckFastPath: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", _superCommandName: "umlaut")

    @OptionGroup var check: CheckCommand

    /// The parsed `check` command for `arguments` (without the program name), or nil when the
    /// whole command tree must parse them.
    static func command(for arguments: [String]) -> CheckCommand? {
        guard arguments.first == "check" else { return nil }
        let rest = arguments.dropFirst()
        let special = rest.contains { argument in
            argument.hasPrefix("-h") || argument == "--help" || argument == "--version"
                || argument.hasPrefix("--generate-completion") || argument.hasPrefix("---")
                || argument.hasPrefix("--experimental")
        }
        if special { return nil }
        guard let parsed = try? parseAsRoot(Array(rest)) as? CheckFastPath else { return nil }
        return parsed.check
    }

    func run() throws { try check.run() }
}
