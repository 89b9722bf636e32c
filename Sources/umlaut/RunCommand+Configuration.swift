import ArgumentParser
import LintCore
import PythonSyntax
import Runtime

/// The `[tool.umlaut]` configuration that applies to a script run by `umlaut run` or imported
/// by `umlaut import`: the same discovery as `umlaut check`, so thresholds, `select`/`ignore`
/// and per-file ignores hold for the static findings reported before training and for the
/// runtime rules alike.
struct ScriptConfiguration {
    var settings: Settings
    /// The script's path relative to the configuration's root (for per-file ignores).
    var relativePath: String?

    /// Reads the configuration for `script`; prints its warnings; a broken file is exit status 2.
    static func load(for script: String) throws -> ScriptConfiguration {
        let workingDirectory = CheckCommand.currentDirectory()
        var resolver = ConfigurationResolver(
            source: .discover, workingDirectory: workingDirectory, knownCodes: RuleCatalogue.umlaut.codes)
        do {
            let absolute = resolver.absolute(script)
            let configuration = try resolver.configuration(for: absolute)
            CheckCommand.printWarnings(resolver.warnings, workingDirectory: workingDirectory)
            return ScriptConfiguration(
                settings: configuration.settings, relativePath: configuration.relativePath(absolute))
        } catch {
            CheckCommand.printWarnings(resolver.warnings, workingDirectory: workingDirectory)
            var error = error
            error.file = CheckCommand.relative(error.file, to: workingDirectory)
            StandardError.write("umlaut: \(error)\n")
            throw ExitCode(2)
        }
    }

    /// The script's one static analysis, with this configuration: its findings are reported
    /// before training, its model and suppressions serve the runtime rules' root causes.
    func analysis(_ source: SourceText, path: String) -> ScriptAnalysis {
        let tree = Parser().parse(source)
        return ScriptAnalysis(
            source: source,
            lint: Linter(rules: RuleCatalogue.umlaut.rules, settings: settings).lint(tree, path: relativePath ?? path))
    }
}
