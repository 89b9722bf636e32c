import ArgumentParser
import Foundation
import LanguageServer
import LintCore
import LSPTransport
import LSPTypes

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

    @Option(help: "The least important log messages shown: error, warning, info or debug.")
    var logLevel: String = "info"

    @Option(help: "Milliseconds of quiet before analysing when edits arrive faster than analysis.")
    var debounce: Int = 30

    func validate() throws {
        guard MessageKind(logLevelName: logLevel) != nil else {
            throw ValidationError("--log-level must be error, warning, info or debug, not \(logLevel)")
        }
        guard (0...10_000).contains(debounce) else {
            throw ValidationError("--debounce must be between 0 and 10000 milliseconds")
        }
    }

    func run() throws {
        MemoryTuning.keepFreedMemory()
        // Before anything can print: the protocol gets the real stdout, stray output goes to stderr.
        let protocolOutput = StandardIO.protectStandardOutput()
        signal(SIGPIPE, SIG_IGN)
        let sink = FileDescriptorSink(descriptor: protocolOutput)
        let options = ServerOptions(
            rules: RuleCatalogue.umlaut.rules,
            runtimeRules: RuleCatalogue.umlaut.runtimeDescriptions,
            logLevel: MessageKind(logLevelName: logLevel) ?? .info,
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

extension MessageKind {
    init?(logLevelName name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warning": self = .warning
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }
}
