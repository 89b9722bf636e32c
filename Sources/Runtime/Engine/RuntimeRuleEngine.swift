import LintCore

/// Runs the runtime rules over a run as it progresses and remembers what it reported.
///
/// After each event that changes a model's state the runner calls `evaluate`; the engine asks
/// every enabled rule what is wrong now and compares with what it reported before: a finding
/// with a new key is new (printed, stored), a known key seen at another epoch is a recurrence
/// (its epochs grow, nothing printed), and a known key at the same epoch with another message or
/// cause is a revision (printed again, stored over the old text). Findings on a line with `# umlaut: ignore[CODE]` are dropped.
///
/// Not thread-safe; one engine per run, used on the runner's thread.
package final class RuntimeRuleEngine {
    /// A finding as reported so far: the latest version and every epoch it was seen at.
    package struct Entry: Sendable {
        package var finding: RuntimeFinding
        /// 0-based, ascending.
        package var epochs: [Int]
        /// Order of first report.
        package var index: Int
    }

    /// What changed in one evaluation.
    package struct Update: Sendable {
        package var entry: Entry
        package var isNew: Bool
        /// A known finding whose text, cause or severity changed with new evidence (a NaN loss
        /// whose cause the epoch's input statistics settle): printed again and stored over the old.
        package var isRevised: Bool = false
    }

    package let rules: [any RuntimeRule]
    package let settings: Settings
    package let locator: RootCauseLocator
    private var entries: [String: Entry] = [:]

    /// `path` is the script relative to the configuration's root, for per-file ignores.
    package init(
        rules: [any RuntimeRule] = RuntimeRules.all, settings: Settings = Settings(), path: String? = nil,
        locator: RootCauseLocator
    ) {
        self.rules = rules.filter { settings.isEnabled(type(of: $0).description.code, path: path) }
        self.settings = settings
        self.locator = locator
    }

    /// Evaluates every rule on a model's run and returns the new and recurring findings.
    package func evaluate(_ run: ModelRun) -> [Update] {
        let context = RuntimeContext(run: run, settings: settings, locator: locator)
        var updates: [Update] = []
        for rule in rules {
            for finding in rule.check(context) where !isSuppressed(finding) {
                if var entry = entries[finding.key] {
                    let isRecurrence = !entry.epochs.contains(finding.epoch)
                    let previous = entry.finding
                    // Same epoch, other words: the evidence changed the verdict. (A recurrence at a
                    // later epoch naturally words its epoch differently; that is not a revision.)
                    let isChanged =
                        !isRecurrence
                        && (previous.message != finding.message || previous.cause != finding.cause
                            || previous.help != finding.help || previous.severity != finding.severity)
                    // The moment alone ("when training starts" became "epoch 1") is not a change: it is
                    // not stored (readers word the epochs). A new severity alone is stored, not printed again.
                    let isRevised =
                        isChanged
                        && (previous.cause != finding.cause || previous.help != finding.help
                            || previous.message != finding.message)
                    entry.finding = finding
                    if isRecurrence {
                        entry.epochs = (entry.epochs + [finding.epoch]).sorted()
                    }
                    entries[finding.key] = entry
                    if isRecurrence || isChanged {
                        updates.append(Update(entry: entry, isNew: false, isRevised: isRevised))
                    }
                } else {
                    let entry = Entry(finding: finding, epochs: [finding.epoch], index: entries.count)
                    entries[finding.key] = entry
                    updates.append(Update(entry: entry, isNew: true))
                }
            }
        }
        return updates
    }

    /// Every finding reported so far, in the order first reported.
    package var findings: [Entry] { entries.values.sorted { $0.index < $1.index } }

    private func isSuppressed(_ finding: RuntimeFinding) -> Bool {
        guard let cause = finding.cause, cause.location.path == locator.scriptPath,
            let suppressions = locator.suppressions
        else { return false }
        return suppressions.suppresses(finding.code, onLine: cause.location.line - 1)
    }
}
