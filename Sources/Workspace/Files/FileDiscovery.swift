/// Finds the Python files and notebooks under some paths: the one walker of `umlaut check`, the
/// editor's workspace diagnostics and (next) the project indexer.
///
/// Named files are always taken, whatever their directory (the corpus test names
/// `site-packages/...` directories). Walking into a directory takes `.py` and `.ipynb` files
/// and skips hidden entries, `FileDiscovery.skippedDirectories` and what the `ExclusionProvider`
/// leaves out there (`[tool.umlaut]`'s `exclude` globs, for `check` and the server). Symbolic
/// links are followed; a link back to a directory being walked, or a link that loops on itself,
/// is reported as a warning and not followed (a looping link named among the paths is an error,
/// as any path that cannot be read). The result is sorted by path and has no duplicates.
package struct FileDiscovery {
    /// A file to check.
    package struct File: Sendable, Hashable {
        /// The path as shown to the user: relative to the working directory when given so.
        package var path: String
        /// The absolute path, for configuration look-up and per-file ignores.
        package var absolutePath: String
        package var isNotebook: Bool

        package init(path: String, absolutePath: String, isNotebook: Bool) {
            self.path = path
            self.absolutePath = absolutePath
            self.isNotebook = isNotebook
        }
    }

    /// A path that could not be used.
    package struct Problem: Sendable, Hashable, CustomStringConvertible {
        package var path: String
        package var message: String
        /// Errors make `umlaut check` exit with 2; warnings do not change the exit status.
        package var isError: Bool

        package init(path: String, message: String, isError: Bool) {
            self.path = path
            self.message = message
            self.isError = isError
        }

        package var description: String { "\(path): \(isError ? "error" : "warning"): \(message)" }
    }

    /// Directory names never walked into (named paths are still taken), as in ruff. Hidden
    /// entries (`.git`, `.venv`, ...) are skipped too. The one skip list of every walk.
    package static let skippedDirectories: Set<String> = [
        "__pycache__", "__pypackages__", "_build", "buck-out", "node_modules", "site-packages", "venv",
    ]

    package private(set) var files: [File] = []
    package private(set) var problems: [Problem] = []
    /// Whether the walk stopped at `limit` files (some files were not looked for).
    package private(set) var isTruncated = false
    private let limit: Int
    private var seen: Set<String> = []

    /// Walks every path (relative paths against `workingDirectory`, which is absolute); asks
    /// `exclusions` once for each directory entered which of its entries to leave out. With a
    /// `limit`, stops after that many files (`isTruncated` then says so). A failure of the
    /// provider stops the walk.
    package init<Provider: ExclusionProvider>(
        paths: [String], workingDirectory: String, exclusions: inout Provider, limit: Int? = nil
    ) throws(Provider.Failure) {
        self.limit = limit ?? .max
        let workingDirectory =
            workingDirectory.count > 1 && workingDirectory.hasSuffix("/")
            ? String(workingDirectory.dropLast()) : workingDirectory
        let base = workingDirectory == "/" ? "/" : workingDirectory + "/"
        for path in paths {
            var display = Self.displayPath(path)
            // An absolute path under the working directory is shown relative to it, as ruff does.
            if display.hasPrefix(base), display.count > base.count { display = String(display.dropFirst(base.count)) }
            let absolute = FileSystem.absolutePath(path, workingDirectory: workingDirectory)
            switch FileSystem.kind(of: absolute) {
            case let .failure(failure):
                problems.append(Problem(path: display, message: failure.message, isError: true))
            case .success(.file):
                add(display, absolute: absolute)
            case let .success(.directory(id)):
                try walk(display, absolute: absolute, id: id, ancestors: [], exclusions: &exclusions)
            case .success(.other):
                problems.append(Problem(path: display, message: "not a regular file or directory", isError: true))
            }
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// Walks every path leaving out only hidden entries and `skippedDirectories`.
    package init(paths: [String], workingDirectory: String, limit: Int? = nil) {
        var none = NoExclusions()
        self.init(paths: paths, workingDirectory: workingDirectory, exclusions: &none, limit: limit)
    }

    private mutating func add(_ path: String, absolute: String) {
        guard files.count < limit else {
            isTruncated = true
            return
        }
        guard seen.insert(absolute).inserted else { return }
        files.append(File(path: path, absolutePath: absolute, isNotebook: path.hasSuffix(".ipynb")))
    }

    private mutating func walk<Provider: ExclusionProvider>(
        _ directory: String, absolute: String, id: FileSystem.FileID, ancestors: Set<FileSystem.FileID>,
        exclusions: inout Provider
    ) throws(Provider.Failure) {
        guard files.count < limit else {
            isTruncated = true
            return
        }
        let entries: [FileSystem.Entry]
        switch FileSystem.list(absolute) {
        case let .success(listed): entries = listed
        case let .failure(failure):
            problems.append(Problem(path: directory, message: "cannot read the directory: \(failure)", isError: true))
            return
        }
        let exclusion = try exclusions.exclusion(forDirectory: absolute)
        let ancestors = ancestors.union([id])
        for entry in entries where !entry.name.hasPrefix(".") {
            guard files.count < limit else {
                isTruncated = true
                return
            }
            let path =
                directory == "."
                ? entry.name : (directory.hasSuffix("/") ? directory + entry.name : directory + "/" + entry.name)
            let childAbsolute = absolute == "/" ? "/" + entry.name : absolute + "/" + entry.name
            var isDirectory = entry.isDirectory
            var childID: FileSystem.FileID?
            if isDirectory != false {
                switch FileSystem.kind(of: childAbsolute) {
                case let .success(.directory(found)):
                    isDirectory = true
                    childID = found
                case .success(.file):
                    isDirectory = false
                case .success(.other):
                    continue
                case let .failure(failure) where failure == .symbolicLinkLoop:
                    // A link to itself (`a.py -> b.py -> a.py`): skipped like a directory loop.
                    problems.append(
                        Problem(
                            path: path, message: "symbolic link loop: the link leads back to itself; not followed",
                            isError: false))
                    continue
                case let .failure(failure):
                    // A dangling link or a file that vanished while walking.
                    if entry.name.hasSuffix(".py") || entry.name.hasSuffix(".ipynb") || entry.isDirectory == true {
                        problems.append(Problem(path: path, message: failure.message, isError: true))
                    }
                    continue
                }
            }
            if isDirectory == true, let childID {
                guard !Self.skippedDirectories.contains(entry.name), !exclusion.excludes(childAbsolute) else {
                    continue
                }
                if ancestors.contains(childID) {
                    problems.append(
                        Problem(
                            path: path,
                            message: "symbolic link loop: leads back to a directory being checked; not followed",
                            isError: false))
                    continue
                }
                try walk(path, absolute: childAbsolute, id: childID, ancestors: ancestors, exclusions: &exclusions)
            } else if entry.name.hasSuffix(".py") || entry.name.hasSuffix(".ipynb") {
                guard !exclusion.excludes(childAbsolute) else { continue }
                add(path, absolute: childAbsolute)
            }
        }
    }

    /// A command-line path as shown in output: `./a/b.py` becomes `a/b.py`, a trailing `/` goes.
    static func displayPath(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./"), path.count > 2 { path = path.dropFirst(2) }
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }
}

/// What a walk leaves out beyond hidden entries and `FileDiscovery.skippedDirectories`:
/// `[tool.umlaut]`'s `exclude` globs for `umlaut check` (its `ConfigurationResolver`) and for
/// the editor's workspace diagnostics (the server's project configuration).
package protocol ExclusionProvider {
    /// Why the walk must stop (an unreadable configuration file, for `check`); `Never` for a
    /// provider that cannot fail.
    associatedtype Failure: Error
    /// Which entries of a directory (absolute path) to leave out; asked once for each directory
    /// the walk enters, before its entries.
    mutating func exclusion(forDirectory path: String) throws(Failure) -> Exclusion
}

/// Which entries of one directory a walk leaves out.
package struct Exclusion: Sendable {
    private let test: (@Sendable (String) -> Bool)?

    /// Leaves out the entries (absolute paths) for which `isExcluded` is true.
    package init(_ isExcluded: @escaping @Sendable (_ absolutePath: String) -> Bool) { test = isExcluded }

    private init() { test = nil }

    /// Leaves out nothing.
    package static let nothing = Exclusion()

    package func excludes(_ absolutePath: String) -> Bool { test?(absolutePath) ?? false }
}

/// The provider that leaves out nothing.
package struct NoExclusions: ExclusionProvider {
    package init() {}
    package func exclusion(forDirectory path: String) -> Exclusion { .nothing }
}
