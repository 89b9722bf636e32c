import LintCore

/// A runtime rule (UM5xx): one file per rule in `Rules/`, holding its `RuleDescription` (kind
/// `.runtime`) and its check over a model's training so far.
///
/// Rules are stateless and pure: given the same `ModelRun` they return the same findings. The
/// engine calls them after every event that changes a model's state and keeps the findings it
/// has not seen before (by `RuntimeFinding.key`), so a rule simply reports what is true now.
public protocol RuntimeRule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ context: RuntimeContext) -> [RuntimeFinding]
}

extension RuntimeRule {
    public var description: RuleDescription { Self.description }
}

/// A 1-based range in a file; columns count Unicode scalars (as `umlaut check` prints them).
public struct CodeLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int

    public init(path: String, line: Int, column: Int = 1, endLine: Int? = nil, endColumn: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine ?? line
        self.endColumn = endColumn ?? column
    }

    public var description: String { "\(path):\(line):\(column)" }
}

/// A place involved in a runtime finding, with what happened there.
public struct CodePlace: Hashable, Sendable {
    public var location: CodeLocation
    /// "`x_train` is loaded here", "the symptom: `fit()` trains on it here".
    public var note: String

    public init(_ location: CodeLocation, _ note: String) {
        self.location = location
        self.note = note
    }
}

/// What a runtime rule found, at which epoch, and where its root cause most likely is.
public struct RuntimeFinding: Hashable, Sendable {
    public var code: RuleCode
    public var name: String
    public var severity: Severity
    /// Identifies the finding across epochs: the same key at a later epoch is the same problem
    /// seen again (`UM509:m1:dense_1`).
    public var key: String
    /// 0-based epoch the finding is about.
    public var epoch: Int
    /// One short line naming the layers and values involved, without the epoch (the editor adds
    /// the epochs it was seen at): what editors show inline. At most about 70 characters.
    public var summary: String
    /// With the program context: epochs, values, layer names.
    public var message: String
    /// The suggested fix in a sentence or two.
    public var help: String
    /// The line that most likely causes it; nil when nothing is known about the source.
    public var cause: CodePlace?
    /// Where the symptom showed and other places involved.
    public var related: [CodePlace]

    public init(code: RuleCode, name: String, severity: Severity, key: String, epoch: Int, summary: String, message: String,
                help: String, cause: CodePlace?, related: [CodePlace] = []) {
        self.code = code
        self.name = name
        self.severity = severity
        self.key = key
        self.epoch = epoch
        self.summary = summary
        self.message = message
        self.help = help
        self.cause = cause
        self.related = related
    }
}

/// What a runtime rule sees: one model's training so far, the settings, and the locator that
/// turns the run's places into source ranges.
public struct RuntimeContext {
    public let run: ModelRun
    public let settings: Settings
    public let locator: RootCauseLocator
    public var thresholds: Thresholds { settings.thresholds }

    public init(run: ModelRun, settings: Settings, locator: RootCauseLocator) {
        self.run = run
        self.settings = settings
        self.locator = locator
    }

    /// A finding of rule `R` with its code, name and configured severity filled in. `subject`
    /// distinguishes several findings of one rule in one model (a layer name); `summary` is the
    /// one short line editors show, `message` the full text.
    public func finding<R: RuntimeRule>(
        _ rule: R.Type, subject: String? = nil, epoch: Int, summary: String, message: String, help: String,
        cause: CodePlace?, related: [CodePlace] = [], severity: Severity? = nil
    ) -> RuntimeFinding {
        let description = R.description
        let key = ([description.code.rawValue, run.id] + (subject.map { [$0] } ?? [])).joined(separator: ":")
        return RuntimeFinding(
            code: description.code, name: description.name,
            severity: settings.severity(for: description.code) ?? severity ?? description.defaultSeverity,
            key: key, epoch: epoch, summary: summary, message: message, help: help, cause: cause,
            related: related.filter { $0.location != cause?.location })
    }
}
