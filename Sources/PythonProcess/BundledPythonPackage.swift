import Foundation

/// A Python package shipped as a resource of one of our modules (the run sensor in Runtime's
/// `Python/`, next a model-comparison helper in its own module), found at run time so that its
/// directory can go first on a child's `PYTHONPATH`. Nothing is installed.
///
/// SwiftPM copies a module's resources into `<package>_<Module>.resources/` beside the
/// executable (and beside the test bundle in tests). The package is looked for there, next to
/// `Bundle.main` and next to the executable with its symbolic links resolved (`umlaut` linked
/// into `~/.local/bin`); `overrideVariable`, when set in the environment, replaces the search
/// (packagers, tests). A directory counts only when it holds `package`.
package struct BundledPythonPackage: Equatable, Sendable {
    /// The resource bundle's directory name, e.g. `umlaut_Runtime.resources`.
    package var resourceBundle: String
    /// The resource directory inside the bundle that goes on `PYTHONPATH`, e.g. `Python`.
    package var resourceDirectory: String
    /// The package's import name, e.g. `umlaut_instrument`.
    package var package: String
    /// An environment variable naming the directory to use instead, e.g. `UMLAUT_INSTRUMENTATION`.
    package var overrideVariable: String?

    package init(resourceBundle: String, resourceDirectory: String, package: String, overrideVariable: String? = nil) {
        self.resourceBundle = resourceBundle
        self.resourceDirectory = resourceDirectory
        self.package = package
        self.overrideVariable = overrideVariable
    }

    /// The directory to put first on the child's `PYTHONPATH`, or nil when it is missing (or the
    /// override names a directory without the package: a broken override is not silently
    /// replaced by the bundled copy).
    package func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        searchDirectories: [String] = BundledPythonPackage.executableDirectories
    ) -> String? {
        if let overrideVariable, let override = environment[overrideVariable], !override.isEmpty {
            return holdsPackage(override) ? override : nil
        }
        for directory in searchDirectories {
            let candidate = ((directory as NSString).appendingPathComponent(resourceBundle) as NSString)
                .appendingPathComponent(resourceDirectory)
            if holdsPackage(candidate) { return candidate }
        }
        return nil
    }

    /// Where resource bundles are looked for: `Bundle.main`'s directory, then the directory of
    /// the executable with its links resolved.
    package static var executableDirectories: [String] {
        var directories = [Bundle.main.bundleURL.path]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            directories.append(executable.deletingLastPathComponent().path)
        }
        return directories
    }

    /// `environment` with `directory` first on `PYTHONPATH` (before what was there).
    package static func environment(
        _ environment: [String: String], withFirstOnPythonPath directory: String
    ) -> [String: String] {
        var environment = environment
        environment["PYTHONPATH"] = [directory, environment["PYTHONPATH"]].compactMap { $0 }.filter { !$0.isEmpty }
            .joined(separator: ":")
        return environment
    }

    private func holdsPackage(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(package))
    }
}
