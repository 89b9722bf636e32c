import Foundation
import LintCore
import PythonProcess

/// What `umlaut run` was asked to do.
package struct RunOptions: Sendable {
    /// The script as the user wrote it (passed to Python unchanged).
    package var script: String
    /// The script's own arguments.
    package var arguments: [String]
    /// `--python`, if given.
    package var python: String?
    /// `--session`, if given; else the script's name.
    package var sessionName: String?
    /// The session database.
    package var databasePath: String
    package var settings: Settings
    /// The script relative to the configuration's root, for per-file ignores.
    package var settingsPath: String?
    /// The script's static analysis, made once by the caller: its static findings are reported
    /// "before training" and its model gives the root causes. Nil: the runner reads and
    /// analyses the script itself, without static findings.
    package var analysis: ScriptAnalysis?
    /// The environment the child starts from.
    package var environment: [String: String]
    /// How long a write waits for another process's lock.
    package var busyTimeout: TimeInterval
    /// How long to keep reading events after the script exited (a subprocess may still hold
    /// the channel open).
    package var drainTimeout: TimeInterval

    package init(
        script: String, arguments: [String] = [], python: String? = nil, sessionName: String? = nil,
        databasePath: String, settings: Settings = Settings(), settingsPath: String? = nil,
        analysis: ScriptAnalysis? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, busyTimeout: TimeInterval = 2,
        drainTimeout: TimeInterval = 2
    ) {
        self.script = script
        self.arguments = arguments
        self.python = python
        self.sessionName = sessionName
        self.databasePath = databasePath
        self.settings = settings
        self.settingsPath = settingsPath
        self.analysis = analysis
        self.environment = environment
        self.busyTimeout = busyTimeout
        self.drainTimeout = drainTimeout
    }
}

/// How a run ended.
package struct RunOutcome: Sendable {
    /// The status `umlaut run` exits with: the script's, or 128 + signal.
    package var exitStatus: Int32
    package var termination: Termination
    package var sessionName: String
    /// Whether every received event is in the database.
    package var isRecorded: Bool
    /// Where unsaved events went, when the database could not take them.
    package var fallbackPath: String?
    package var runtimeFindings: [RuntimeRuleEngine.Entry]
    package var completedEpochs: Int
}
