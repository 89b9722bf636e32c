import Foundation
import LintCore
import PythonProcess

/// What `umlaut run` was asked to do.
public struct RunOptions: Sendable {
    /// The script as the user wrote it (passed to Python unchanged).
    public var script: String
    /// The script's own arguments.
    public var arguments: [String]
    /// `--python`, if given.
    public var python: String?
    /// `--session`, if given; else the script's name.
    public var sessionName: String?
    /// The session database.
    public var databasePath: String
    public var settings: Settings
    /// The script relative to the configuration's root, for per-file ignores.
    public var settingsPath: String?
    /// The script's static analysis, made once by the caller: its static findings are reported
    /// "before training" and its model gives the root causes. Nil: the runner reads and
    /// analyses the script itself, without static findings.
    public var analysis: ScriptAnalysis?
    /// The environment the child starts from.
    public var environment: [String: String]
    /// How long a write waits for another process's lock.
    public var busyTimeout: TimeInterval
    /// How long to keep reading events after the script exited (a subprocess may still hold
    /// the channel open).
    public var drainTimeout: TimeInterval

    public init(
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
public struct RunOutcome: Sendable {
    /// The status `umlaut run` exits with: the script's, or 128 + signal.
    public var exitStatus: Int32
    package var termination: Termination
    public var sessionName: String
    /// Whether every received event is in the database.
    public var isRecorded: Bool
    /// Where unsaved events went, when the database could not take them.
    public var fallbackPath: String?
    public var runtimeFindings: [RuntimeRuleEngine.Entry]
    public var completedEpochs: Int
}
