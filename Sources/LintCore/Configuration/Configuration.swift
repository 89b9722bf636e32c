/// What one `[tool.umlaut]` table says, resolved: the linter's `Settings`, the files to leave
/// out, and where it came from.
///
/// Paths in `per-file-ignores` and `exclude` are relative to `root`, the directory of the
/// `pyproject.toml` (or the working directory when there is no file). A value type, `Sendable`:
/// the CLI resolves configurations on one thread and hands them to its workers.
package struct Configuration: Sendable, Equatable {
    /// Rules, thresholds, severities, per-file ignores.
    package var settings: Settings
    /// Glob patterns (relative to `root`) of files and directories to skip while walking
    /// directories, in addition to Workspace's `FileDiscovery.skippedDirectories`.
    package var exclude: [String]
    /// Directory the patterns are relative to, without a trailing `/`.
    package var root: String
    /// The `pyproject.toml` this came from; nil for the built-in defaults.
    package var file: String?
    /// `[tool.umlaut.compare]`, when the file has one (`umlaut.compareModels`' arguments).
    package var compare: CompareSettings?

    package init(settings: Settings = Settings(), exclude: [String] = [], root: String, file: String? = nil) {
        self.settings = settings
        self.exclude = exclude
        self.root = root
        self.file = file
    }

    /// `path` relative to `root` (`/`-separated), or nil when it lies outside `root`.
    package func relativePath(_ path: String) -> String? {
        if root.isEmpty || root == "." { return path.hasPrefix("/") ? nil : Self.trimmingDotSlash(path) }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    /// Whether a file or directory (absolute or cwd-relative path, as `root` is) matches `exclude`.
    package func isExcluded(_ path: String) -> Bool {
        guard !exclude.isEmpty, let relative = relativePath(path) else { return false }
        return exclude.contains { Glob.matches(Self.trimmingSlash($0), relative) }
    }

    static func trimmingDotSlash(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return String(path)
    }

    static func trimmingSlash(_ pattern: String) -> String {
        pattern.hasSuffix("/") && pattern.count > 1 ? String(pattern.dropLast()) : pattern
    }
}

/// A problem with a configuration file that does not stop Umlaut: an unknown key, a value of the
/// wrong type, an unknown rule code. Printed as `umlaut: FILE: warning: MESSAGE`.
package struct ConfigurationWarning: Hashable, Sendable, CustomStringConvertible {
    package var file: String
    package var message: String

    package init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    package var description: String { "\(file): warning: \(message)" }
}

/// A configuration file that cannot be used at all: unreadable, or not valid TOML.
package struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    package var file: String
    package var message: String
    /// One-based line of a TOML syntax error.
    package var line: Int?
    package var column: Int?

    package init(file: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.message = message
        self.line = line
        self.column = column
    }

    package var description: String {
        let position = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
        return "\(file)\(position): error: \(message)"
    }
}
