import LintCore
import Workspace

/// The `[tool.umlaut]` configuration of each document, found as `umlaut check` finds it: the
/// nearest `pyproject.toml` with a `[tool.umlaut]` table in the document's directory or above
/// (LintCore's `ConfigurationResolver`), else the defaults.
///
/// Owned by the server actor. What a file resolves to is cached until `reset()`, which a change
/// to any `pyproject.toml` calls, so an analysis per keystroke reads nothing from disk. Problems
/// in a configuration file come back once per reading of it, for the server to report once.
struct ProjectConfiguration {
    /// What applies to one file.
    struct Resolved: Equatable {
        var settings: Settings
        /// The file's path relative to the configuration's directory, for `per-file-ignores`.
        var relativePath: String?
        /// The `pyproject.toml` it came from; nil for the defaults.
        var file: String?
    }

    /// Problems found while resolving, not reported before.
    struct Problems {
        var warnings: [ConfigurationWarning] = []
        /// Files that could not be used at all (invalid TOML, unreadable); their documents get
        /// the defaults until the file is fixed.
        var errors: [ConfigurationError] = []

        var isEmpty: Bool { warnings.isEmpty && errors.isEmpty }
    }

    /// Every rule code, static and runtime: the editor's settings are checked against them too.
    let knownCodes: [RuleCode]
    private var resolver: ConfigurationResolver
    private var byFile: [String: Resolved] = [:]
    private var reportedWarnings = 0
    private var reportedErrors = Set<ConfigurationError>()
    /// The editor's settings, whose `exclude` (when it sets one) replaces the project's in the walk.
    var editorLayer = SettingsLayer()

    /// `knownCodes`: every rule code, static and runtime, so that `select = ["UM5"]` is valid.
    init(knownCodes: [RuleCode]) {
        self.knownCodes = knownCodes
        resolver = Self.makeResolver(knownCodes)
    }

    /// Discovery from each file's own directory; with no file above it, the defaults (the
    /// resolver's fallback search starts at `/`, never at the editor's working directory).
    private static func makeResolver(_ codes: [RuleCode]) -> ConfigurationResolver {
        ConfigurationResolver(source: .discover, workingDirectory: "/", knownCodes: codes)
    }

    /// The configuration of a local file (absolute path), and the problems met reading it.
    mutating func resolve(filePath path: String) -> (Resolved, Problems) {
        if let cached = byFile[path] { return (cached, Problems()) }
        var problems = Problems()
        let resolved: Resolved
        do {
            let configuration = try resolver.configuration(for: path)
            resolved = Resolved(
                settings: configuration.settings, relativePath: configuration.relativePath(path),
                file: configuration.file)
        } catch {
            if reportedErrors.insert(error).inserted { problems.errors.append(error) }
            resolved = Resolved(settings: Settings(), relativePath: nil, file: error.file)
        }
        let warnings = resolver.warnings
        if warnings.count > reportedWarnings {
            problems.warnings = Array(warnings[reportedWarnings...])
            reportedWarnings = warnings.count
        }
        byFile[path] = resolved
        return (resolved, problems)
    }

    /// The `[tool.umlaut.compare]` table that applies to a directory (the nearest
    /// `pyproject.toml` with a `[tool.umlaut]` table, as for the files in it), with the directory
    /// its relative paths are read from, and the problems met reading it (not reported before).
    mutating func compareSettings(forDirectory path: String) -> (CompareSettings?, root: String, Problems) {
        var problems = Problems()
        var result: (CompareSettings?, String) = (nil, path)
        do {
            let configuration = try resolver.configuration(for: path, isDirectory: true)
            result = (configuration.compare, configuration.root.isEmpty ? path : configuration.root)
        } catch {
            if reportedErrors.insert(error).inserted { problems.errors.append(error) }
        }
        let warnings = resolver.warnings
        if warnings.count > reportedWarnings {
            problems.warnings = Array(warnings[reportedWarnings...])
            reportedWarnings = warnings.count
        }
        return (result.0, result.1, problems)
    }

    /// Forgets everything read: the next `resolve` reads the files again.
    mutating func reset() {
        resolver = Self.makeResolver(knownCodes)
        byFile.removeAll()
        reportedWarnings = 0
        reportedErrors.removeAll()
    }
}

/// The server's workspace walk leaves out what `[tool.umlaut]`'s `exclude` leaves out, as
/// `umlaut check` does (or the editor's `exclude`, when it sets one). A configuration file that cannot be used excludes nothing here; its
/// problem is reported when a file it configures is resolved.
extension ProjectConfiguration: ExclusionProvider {
    mutating func exclusion(forDirectory path: String) -> Exclusion {
        guard
            let configuration = (try? resolver.configuration(for: path, isDirectory: true)).map(
                editorLayer.applied(to:)),
            !configuration.exclude.isEmpty
        else { return .nothing }
        return Exclusion { configuration.isExcluded($0) }
    }
}
