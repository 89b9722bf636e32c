import Foundation
import LintCore

/// The settings read from a workspace folder's `pyproject.toml`, or why they could not be.
public struct ProjectSettingsResult: Sendable {
    public var settings: Settings
    /// Problems to log (unknown keys, wrong types); the settings hold what could be read.
    public var warnings: [String]

    public init(settings: Settings, warnings: [String] = []) {
        self.settings = settings
        self.warnings = warnings
    }
}

/// Reads `[tool.umlaut]` from `pyproject.toml`: the one place the server touches that file.
///
/// Until LintCore's TOML loader lands (it is being written for `umlaut check`), this reports a
/// present file with the default settings; switching to the real loader changes only `load`.
public enum ProjectSettingsLoader {
    public static func load(pyprojectPath: String) -> ProjectSettingsResult? {
        guard FileManager.default.isReadableFile(atPath: pyprojectPath) else { return nil }
        return ProjectSettingsResult(settings: Settings())
    }
}
