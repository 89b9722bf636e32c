import Workspace

/// Finds the configuration that applies to each file: the nearest `pyproject.toml` with a
/// `[tool.umlaut]` table in the file's directory or above it (as ruff does), else the one found
/// from the working directory upwards, else the defaults.
///
/// Caches by directory, so a tree of thousands of files reads each `pyproject.toml` once. Not
/// thread-safe: resolve on one thread, then share the `Configuration` values (they are `Sendable`).
package struct ConfigurationResolver {
    /// Where configuration comes from.
    package enum Source: Sendable, Equatable {
        /// Discover `pyproject.toml` files.
        case discover
        /// Use this file for every checked file (`--config`).
        case file(String)
        /// Built-in defaults only (`--no-config`).
        case none
    }

    package let source: Source
    /// The working directory, absolute, without a trailing slash.
    package let workingDirectory: String
    let knownCodes: [RuleCode]
    /// Applied to every configuration found (command-line `--select` and `--ignore`).
    let adjust: @Sendable (inout Configuration) -> Void
    private var byDirectory: [String: Configuration?] = [:]
    private var fallback: Configuration?
    /// Warnings about the configuration files read so far, in the order they were read.
    package private(set) var warnings: [ConfigurationWarning] = []

    package init(
        source: Source, workingDirectory: String, knownCodes: [RuleCode],
        adjust: @escaping @Sendable (inout Configuration) -> Void = { _ in }
    ) {
        self.source = source
        self.workingDirectory =
            workingDirectory.count > 1 && workingDirectory.hasSuffix("/")
            ? String(workingDirectory.dropLast()) : workingDirectory
        self.knownCodes = knownCodes
        self.adjust = adjust
    }

    /// `path` made absolute against the working directory, with `.` and `..` segments resolved.
    package func absolute(_ path: String) -> String {
        FileSystem.absolutePath(path, workingDirectory: workingDirectory)
    }

    /// The configuration for a file (or directory) at `path`.
    package mutating func configuration(
        for path: String, isDirectory: Bool = false
    ) throws(ConfigurationError) -> Configuration {
        let absolutePath = absolute(path)
        switch source {
        case .none:
            return try defaults()
        case let .file(file):
            if let cached = fallback { return cached }
            let file = absolute(file)
            var configuration =
                try read(file, required: true)
                ?? Configuration(root: Self.parent(of: file), file: file)
            adjust(&configuration)
            fallback = configuration
            return configuration
        case .discover:
            let directory = isDirectory ? absolutePath : Self.parent(of: absolutePath)
            if let found = try nearest(from: directory) { return found }
            if let found = try nearest(from: workingDirectory) { return found }
            return try defaults()
        }
    }

    private mutating func defaults() throws(ConfigurationError) -> Configuration {
        if let fallback { return fallback }
        var configuration = Configuration(root: workingDirectory)
        adjust(&configuration)
        fallback = configuration
        return configuration
    }

    /// The configuration of the nearest directory at or above `directory` that has one.
    private mutating func nearest(from directory: String) throws(ConfigurationError) -> Configuration? {
        var visited: [String] = []
        var current = directory
        var found: Configuration?
        while true {
            if let cached = byDirectory[current] {
                found = cached
                break
            }
            visited.append(current)
            let candidate = (current == "/" ? "" : current) + "/pyproject.toml"
            if case .success(.file) = FileSystem.kind(of: candidate),
                var configuration = try read(candidate, required: false)
            {
                adjust(&configuration)
                found = configuration
                break
            }
            if current == "/" { break }
            current = Self.parent(of: current)
        }
        for directory in visited { byDirectory[directory] = .some(found) }
        return found
    }

    /// Reads one file: nil when it has no `[tool.umlaut]` table.
    private mutating func read(_ file: String, required: Bool) throws(ConfigurationError) -> Configuration? {
        let bytes: [UInt8]
        switch FileSystem.read(file) {
        case let .success(read): bytes = read
        case let .failure(failure):
            throw ConfigurationError(file: file, message: "cannot read the configuration: \(failure)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError(file: file, message: "not valid UTF-8")
        }
        let isPyproject = file.hasSuffix("/pyproject.toml") || file == "pyproject.toml"
        let configuration = try Configuration.parse(
            toml: text, file: file, root: Self.parent(of: file), knownCodes: knownCodes, warnings: &warnings,
            topLevel: !isPyproject)
        if configuration == nil, required {
            warnings.append(ConfigurationWarning(file: file, message: "no [tool.umlaut] table; using the defaults"))
        }
        return configuration
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
