import ArgumentParser
import LintCore
import LintRules
import PythonSyntax
import Workspace

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `umlaut check PATH...`: lint files and directories; the command CI runs.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check Python scripts and notebooks for silent training bugs.",
        discussion: """
            Checks .py and .ipynb files, walking directories (hidden directories, __pycache__, \
            venv, site-packages and node_modules are skipped unless named). Configuration comes \
            from the nearest pyproject.toml with a [tool.umlaut] table.

            Exit status: 0 when nothing was found, 1 when problems remain, 2 for bad usage, an \
            invalid configuration or a file that could not be read. Syntax errors are reported \
            on standard error but do not change the exit status.
            """
    )

    @Argument(help: ArgumentHelp("Files or directories to check, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(help: "Output format: text, concise, json or sarif.")
    var format: OutputFormat = .text

    @Option(
        help: ArgumentHelp(
            "Only these rules: comma-separated codes or prefixes (UM1,UM302) or ALL; replaces `select` from the configuration.",
            valueName: "codes"))
    var select: String?

    @Option(
        help: ArgumentHelp(
            "Not these rules: comma-separated codes or prefixes; replaces `ignore` from the configuration.",
            valueName: "codes"))
    var ignore: String?

    @Flag(help: "Apply the safe fixes, writing the files.")
    var fix = false

    @Flag(help: "Also apply (with --fix) or offer the unsafe fixes.")
    var unsafeFixes = false

    @Flag(help: "Show what --fix would change as a diff, without writing.")
    var diff = false

    @Flag(help: "Exit with 0 even when problems are found.")
    var exitZero = false

    @Option(
        help: ArgumentHelp(
            "Use this pyproject.toml (or a TOML file with the [tool.umlaut] keys at its top) for every file.",
            valueName: "file"))
    var config: String?

    @Flag(help: "Ignore every configuration file; use the defaults.")
    var noConfig = false

    @Option(help: ArgumentHelp("The path to report (and configure) standard input as, with -.", valueName: "path"))
    var stdinFilename: String?

    @Option(help: .hidden)
    var threads: Int?

    func validate() throws {
        if config != nil && noConfig { throw ValidationError("--config and --no-config cannot be used together.") }
        if paths.contains("-") && paths.count > 1 {
            throw ValidationError("- (standard input) cannot be combined with other paths.")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        for list in [select, ignore].compactMap({ $0 }) {
            let selectors = RuleSelector.split(list)
            if selectors.isEmpty { throw ValidationError("--select and --ignore need at least one rule code.") }
            for selector in selectors {
                if let problem = RuleSelector.problem(with: selector, known: RuleCatalogue.umlaut.codes) {
                    throw ValidationError(problem)
                }
            }
        }
    }

    func run() throws {
        MemoryTuning.keepFreedMemory()
        let workingDirectory = Self.currentDirectory()
        let source: ConfigurationResolver.Source = noConfig ? .none : config.map { .file($0) } ?? .discover
        let select = self.select.map(RuleSelector.split)?.map { $0.uppercased() }
        let ignore = self.ignore.map(RuleSelector.split)?.map { $0.uppercased() }
        var resolver = ConfigurationResolver(
            source: source, workingDirectory: workingDirectory, knownCodes: RuleCatalogue.umlaut.codes
        ) { configuration in
            if let select { configuration.settings.select = select }
            if let ignore { configuration.settings.ignore = ignore }
        }
        let readsStandardInput = paths == ["-"] || (paths.isEmpty && stdinFilename != nil)
        var problems: [FileDiscovery.Problem] = []
        var jobs: [FileChecker.Job] = []
        do {
            if readsStandardInput {
                let name = stdinFilename ?? "-"
                let input: [UInt8]
                switch FileSystem.readAll(STDIN_FILENO) {
                case let .success(bytes): input = bytes
                case let .failure(failure):
                    StandardError.write("umlaut: -: error: cannot read standard input: \(failure)\n")
                    throw ExitCode(2)
                }
                let file = FileDiscovery.File(
                    path: name, absolutePath: resolver.absolute(stdinFilename ?? "stdin.py"),
                    isNotebook: name.hasSuffix(".ipynb"))
                jobs.append(
                    .init(
                        file: file, configuration: try resolver.configuration(for: file.absolutePath),
                        standardInput: input))
            } else {
                let discovery = try FileDiscovery(
                    paths: paths.isEmpty ? ["."] : paths, workingDirectory: resolver.workingDirectory,
                    exclusions: &resolver)
                problems = discovery.problems
                for file in discovery.files {
                    jobs.append(.init(file: file, configuration: try resolver.configuration(for: file.absolutePath)))
                }
                if jobs.isEmpty && problems.isEmpty {
                    StandardError.write("umlaut: warning: no Python files or notebooks found\n")
                }
            }
        } catch let error as ConfigurationError {
            Self.printWarnings(resolver.warnings, workingDirectory: workingDirectory)
            var error = error
            error.file = Self.relative(error.file, to: workingDirectory)
            StandardError.write("umlaut: \(error)\n")
            throw ExitCode(2)
        }
        Self.printWarnings(resolver.warnings, workingDirectory: workingDirectory)

        let style = Style.forStandardOutput()
        let options = RenderOptions(format: format, style: style, unsafeFixes: unsafeFixes)
        let rules = BuiltInRules.all
        let catalogue = RuleCatalogue.umlaut.descriptions
        let checker = FileChecker(
            rules: rules, options: options, fixMode: diff ? .diff : (fix ? .apply : .none),
            maxFileSize: Linter.maximumSourceSize,
            ruleIndex: Dictionary(uniqueKeysWithValues: catalogue.enumerated().map { ($1.code, $0) }))
        let outcomes = CheckRunner.run(jobs, checker: checker, threads: threads ?? CheckRunner.defaultThreadCount)
        let status = report(outcomes, problems: problems, readsStandardInput: readsStandardInput, catalogue: catalogue)
        if status != 0 { throw ExitCode(status) }
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
