import ArgumentParser
import Foundation
import LSPTransport
import LSPTypes
import LanguageServer
import LintCore

/// `umlaut lsp`: the language server, speaking LSP 3.17 on standard input and output.
struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server on standard input and output (LSP 3.17).",
        discussion: """
            Editors start this command themselves; EditorConfigs/ in the repository has the setup \
            for VS Code, Neovim, Helix, Emacs, Sublime Text and Zed. Logs go to standard error and \
            to the editor's log of the server; nothing but the protocol is written to standard output.
            """
    )

    @Option(help: ArgumentHelp("The least important log messages shown: \(MessageKind.logLevelChoices)."))
    var logLevel: String = "info"

    @Option(help: "Milliseconds of quiet before analysing when edits arrive faster than analysis.")
    var debounce: Int = 30

    func validate() throws {
        guard MessageKind(logLevel: logLevel) != nil else {
            throw ValidationError("--log-level must be \(MessageKind.logLevelChoices), not \(logLevel)")
        }
        guard (0...10_000).contains(debounce) else {
            throw ValidationError("--debounce must be between 0 and 10000 milliseconds")
        }
    }

    func run() throws {
        MemoryTuning.forLanguageServer()
        // Before anything can print: the protocol gets the real stdout, stray output goes to stderr.
        let protocolOutput = StandardIO.protectStandardOutput()
        signal(SIGPIPE, SIG_IGN)
        let sink = FileDescriptorSink(descriptor: protocolOutput)
        let options = ServerOptions(
            rules: RuleCatalogue.umlaut.rules,
            runtimeRules: RuleCatalogue.umlaut.runtimeDescriptions,
            logLevel: MessageKind(logLevel: logLevel) ?? .info,
            debounceMilliseconds: debounce,
            version: Umlaut.configuration.version)
        let server = LanguageServer(options: options, sink: sink)
        let input = StandardIO.frames(from: STDIN_FILENO)
        Task.detached {
            let code = await server.run(input)
            sink.flush()
            Foundation.exit(code)
        }
        dispatchMain()
    }
}
