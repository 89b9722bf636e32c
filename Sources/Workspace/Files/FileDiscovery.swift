/// Finds the files to check under the paths given on the command line.
///
/// Named files are always checked, whatever their directory (the corpus test names
/// `site-packages/...` directories). Walking into a directory takes `.py` and `.ipynb` files
/// and skips hidden entries, `Configuration.defaultExcludes` and the `exclude` globs of the
/// configuration that applies there. Symbolic links are followed; a link back to a directory
/// being walked, or a link that loops on itself, is reported as a warning and not followed (a
/// looping link named on the command line is an error, as any path that cannot be read). The
/// result is sorted by path and has no duplicates.
public struct FileDiscovery {
    /// A file to check.
    public struct File: Sendable, Hashable {
        /// The path as shown to the user: relative to the working directory when given so.
        public var path: String
        /// The absolute path, for configuration look-up and per-file ignores.
        public var absolutePath: String
        public var isNotebook: Bool

        public init(path: String, absolutePath: String, isNotebook: Bool) {
            self.path = path
            self.absolutePath = absolutePath
            self.isNotebook = isNotebook
        }
    }

    /// A path that could not be used.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var message: String
        /// Errors make `umlaut check` exit with 2; warnings do not change the exit status.
        public var isError: Bool

        public init(path: String, message: String, isError: Bool) {
            self.path = path
            self.message = message
            self.isError = isError
        }

        public var description: String { "\(path): \(isError ? "error" : "warning"): \(message)" }
    }

    public private(set) var files: [File] = []
    public private(set) var problems: [Problem] = []
    private var seen: Set<String> = []

    /// Walks every path; `resolver` supplies the `exclude` patterns for each directory.
    public init(paths: [String], resolver: inout ConfigurationResolver) throws(ConfigurationError) {
        let base = resolver.workingDirectory == "/" ? "/" : resolver.workingDirectory + "/"
        for path in paths {
            var display = Self.displayPath(path)
            // An absolute path under the working directory is shown relative to it, as ruff does.
            if display.hasPrefix(base), display.count > base.count { display = String(display.dropFirst(base.count)) }
            let absolute = resolver.absolute(path)
            switch FileSystem.kind(of: absolute) {
            case let .failure(failure):
                problems.append(Problem(path: display, message: failure.message, isError: true))
            case .success(.file):
                add(display, absolute: absolute)
            case let .success(.directory(id)):
                try walk(display, absolute: absolute, id: id, ancestors: [], resolver: &resolver)
            case .success(.other):
                problems.append(Problem(path: display, message: "not a regular file or directory", isError: true))
            }
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private mutating func add(_ path: String, absolute: String) {
        guard seen.insert(absolute).inserted else { return }
        files.append(File(path: path, absolutePath: absolute, isNotebook: path.hasSuffix(".ipynb")))
    }

    private mutating func walk(
        _ directory: String, absolute: String, id: FileSystem.FileID, ancestors: Set<FileSystem.FileID>, resolver: inout ConfigurationResolver
    ) throws(ConfigurationError) {
        let entries: [FileSystem.Entry]
        switch FileSystem.list(absolute) {
        case let .success(listed): entries = listed
        case let .failure(failure):
            problems.append(Problem(path: directory, message: "cannot read the directory: \(failure)", isError: true))
            return
        }
        let configuration = try resolver.configuration(for: absolute, isDirectory: true)
        let ancestors = ancestors.union([id])
        for entry in entries where !entry.name.hasPrefix(".") {
            let path = directory == "." ? entry.name : (directory.hasSuffix("/") ? directory + entry.name : directory + "/" + entry.name)
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
                    problems.append(Problem(path: path, message: "symbolic link loop: the link leads back to itself; not followed", isError: false))
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
                guard !Configuration.defaultExcludes.contains(entry.name),
                      !configuration.isExcluded(childAbsolute) else { continue }
                if ancestors.contains(childID) {
                    problems.append(Problem(path: path, message: "symbolic link loop: leads back to a directory being checked; not followed", isError: false))
                    continue
                }
                try walk(path, absolute: childAbsolute, id: childID, ancestors: ancestors, resolver: &resolver)
            } else if entry.name.hasSuffix(".py") || entry.name.hasSuffix(".ipynb") {
                guard !configuration.isExcluded(childAbsolute) else { continue }
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
