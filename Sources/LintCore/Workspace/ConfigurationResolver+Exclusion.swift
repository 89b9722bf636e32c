import Workspace

/// `umlaut check` walks with its resolver: each directory's entries are matched against the
/// `exclude` globs of the configuration that applies there. An unusable configuration file
/// stops the walk (exit status 2).
extension ConfigurationResolver: ExclusionProvider {
    package mutating func exclusion(forDirectory path: String) throws(ConfigurationError) -> Exclusion {
        let configuration = try configuration(for: path, isDirectory: true)
        guard !configuration.exclude.isEmpty else { return .nothing }
        return Exclusion { configuration.isExcluded($0) }
    }
}
