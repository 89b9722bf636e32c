import LintCore
import Store

/// A runtime rule (UM5xx): one file per rule in `Rules/`, holding its `RuleDescription` (kind
/// `.runtime`) and its check over a model's training so far.
///
/// Rules are stateless and pure: given the same `ModelRun` they return the same findings. The
/// engine calls them after every event that changes a model's state and keeps the findings it
/// has not seen before (by `RuntimeFinding.key`), so a rule simply reports what is true now.
package protocol RuntimeRule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ context: RuntimeContext) -> [RuntimeFinding]
}

extension RuntimeRule {
    package var description: RuleDescription { Self.description }
}

/// A 1-based range in a file; columns count Unicode scalars (as `umlaut check` prints them).
package struct CodeLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    package var path: String
    package var line: Int
    package var column: Int
    package var endLine: Int
    package var endColumn: Int

    package init(path: String, line: Int, column: Int = 1, endLine: Int? = nil, endColumn: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine ?? line
        self.endColumn = endColumn ?? column
    }

    package var description: String { "\(path):\(line):\(column)" }
}

/// A place involved in a runtime finding, with what happened there and what it is to the
/// finding (a finding's `cause` is its root cause whatever its role says).
package struct CodePlace: Hashable, Sendable {
    package typealias Role = FindingRecord.Related.Role

    package var location: CodeLocation
    /// "`x_train` is loaded here", "`fit()` trains on it here", without the role's label.
    package var note: String
    package var role: Role

    package init(_ location: CodeLocation, _ note: String, role: Role = .context) {
        self.location = location
        self.note = note
        self.role = role
    }

    /// Where the finding showed during training.
    package static func symptom(_ location: CodeLocation, _ note: String) -> CodePlace {
        CodePlace(location, note, role: .symptom)
    }
}

/// When in training a finding's evidence was seen: what `umlaut run` prints before its message
/// ("epoch 4", "epochs 3–7", "when training starts"). Not stored: the store keeps the epochs
/// a finding was seen at, which readers word.
package enum TrainingMoment: Hashable, Sendable {
    /// Before the first epoch ended.
    case start
    /// The epochs the evidence spans, 0-based.
    case epochs(ClosedRange<Int>)

    /// `epoch 4`, `epochs 3–7`, `when training starts`.
    package var label: String {
        switch self {
        case .start: "when training starts"
        case .epochs(let range): EpochWording.epochs(Array(range))
        }
    }
}

/// What a runtime rule found, at which epoch, and where its root cause most likely is.
package struct RuntimeFinding: Hashable, Sendable {
    package var code: RuleCode
    package var name: String
    package var severity: Severity
    /// Identifies the finding across epochs: the same key at a later epoch is the same problem
    /// seen again (`UM509:m1:dense_1`).
    package var key: String
    /// 0-based epoch the finding is about.
    package var epoch: Int
    /// One short line naming the layers and values involved, without the epoch (the editor adds
    /// the epochs it was seen at): what editors show inline. At most about 70 characters.
    package var summary: String
    /// When its evidence was seen, which `umlaut run` prints before the message.
    package var moment: TrainingMoment
    /// With the program context: values, layer names; without the epoch label ("Epoch 4: "),
    /// which readers word from `moment` or the stored epochs.
    package var message: String
    /// The suggested fix in a sentence or two.
    package var help: String
    /// The line that most likely causes it; nil when nothing is known about the source.
    package var cause: CodePlace?
    /// Where the symptom showed and other places involved.
    package var related: [CodePlace]

    package init(
        code: RuleCode, name: String, severity: Severity, key: String, epoch: Int, moment: TrainingMoment? = nil,
        summary: String, message: String, help: String, cause: CodePlace?, related: [CodePlace] = []
    ) {
        self.code = code
        self.name = name
        self.severity = severity
        self.key = key
        self.epoch = epoch
        self.moment = moment ?? .epochs(epoch...epoch)
        self.summary = summary
        self.message = message
        self.help = help
        self.cause = cause
        self.related = related
    }
}

/// What a runtime rule sees: one model's training so far, the settings, and the locator that
/// turns the run's places into source ranges.
package struct RuntimeContext {
    package let run: ModelRun
    package let settings: Settings
    package let locator: RootCauseLocator
    package var thresholds: Thresholds { settings.thresholds }

    package init(run: ModelRun, settings: Settings, locator: RootCauseLocator) {
        self.run = run
        self.settings = settings
        self.locator = locator
    }

    /// A finding of rule `R` with its code, name and configured severity filled in. `subject`
    /// distinguishes several findings of one rule in one model (a layer name); `summary` is the
    /// one short line editors show, `message` the full text without an epoch label; `moment`
    /// (default: `epoch`) is the label `umlaut run` prints before it.
    package func finding<R: RuntimeRule>(
        _ rule: R.Type, subject: String? = nil, epoch: Int, moment: TrainingMoment? = nil, summary: String,
        message: String, help: String,
        cause: CodePlace?, related: [CodePlace] = [], severity: Severity? = nil
    ) -> RuntimeFinding {
        let description = R.description
        let key = ([description.code.rawValue, run.id] + (subject.map { [$0] } ?? [])).joined(separator: ":")
        return RuntimeFinding(
            code: description.code, name: description.name,
            severity: settings.severity(for: description.code) ?? severity ?? description.defaultSeverity,
            key: key, epoch: epoch, moment: moment, summary: summary, message: message, help: help, cause: cause,
            related: related.filter { $0.location != cause?.location })
    }
}
