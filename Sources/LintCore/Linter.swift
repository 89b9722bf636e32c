import PythonSyntax
import TrainingModel

/// Runs a set of static rules over one file.
///
/// Stateless and `Sendable`: one linter serves every file and thread. Parsing is the caller's
/// (the CLI parses from scratch, the language server incrementally); the linter analyses the tree,
/// runs the enabled rules, drops suppressed diagnostics and sorts the rest by position.
///
/// `lint(_:parser:path:)` first runs the pre-filter (`mayReport(in:path:)`): a text in which
/// no enabled rule's `TriggerTokens` occur is neither parsed nor analysed, and gets an empty
/// result, without syntax errors.
package struct Linter: Sendable {
    package let rules: [any Rule]
    package let settings: Settings
    private let triggers: TriggerIndex

    /// The largest source, in bytes, that is analysed: `umlaut check` skips larger files (10
    /// times larger for notebooks, whose JSON carries outputs), and the language server does not
    /// analyse larger documents, since memory and time grow with the size.
    package static let maximumSourceSize = 10_000_000

    package init(rules: [any Rule], settings: Settings = Settings()) {
        self.rules = rules
        self.settings = settings
        triggers = TriggerIndex.shared(for: rules)
    }

    /// Whether any rule enabled for `path` may report anything on this text: false when the
    /// text holds none of their `TriggerTokens`, and then analysing it would find nothing.
    package func mayReport(in source: SourceText, path: String? = nil) -> Bool {
        mayReport(in: source, enabled: enabled(path: path))
    }

    /// Which of `rules` are enabled for `path`, by index.
    private func enabled(path: String?) -> [Bool] {
        settings.enabled(rules.map { type(of: $0).description.code }, path: path)
    }

    private func mayReport(in source: SourceText, enabled: [Bool]) -> Bool {
        triggers.mayTrigger(rules: rules.indices.filter { enabled[$0] }, in: source.bytes)
    }

    /// Lints source text with `parser`, unless the pre-filter shows that no enabled rule can
    /// report on it: then nothing is parsed and the result is empty (no syntax errors either).
    package func lint(
        _ source: SourceText, parser: Parser, path: String? = nil, lines: LineLabels = .plain
    ) -> LintResult {
        let enabled = enabled(path: path)
        guard mayReport(in: source, enabled: enabled) else { return .skipped }
        let tree = parser.parse(source)
        return lint(tree, model: ScriptAnalyzer.analyze(tree), enabled: enabled, lines: lines)
    }

    /// Lints a parsed file. `path` (relative to the project root) selects per-file ignores;
    /// `lines` says how messages name lines (notebooks name cells).
    package func lint(_ tree: SyntaxTree, path: String? = nil, lines: LineLabels = .plain) -> LintResult {
        let model = ScriptAnalyzer.analyze(tree)
        return lint(tree, model: model, path: path, lines: lines)
    }

    /// Lints with an already extracted model.
    package func lint(
        _ tree: SyntaxTree, model: ScriptModel, path: String? = nil, lines: LineLabels = .plain
    ) -> LintResult {
        lint(tree, model: model, enabled: enabled(path: path), lines: lines)
    }

    private func lint(_ tree: SyntaxTree, model: ScriptModel, enabled: [Bool], lines: LineLabels) -> LintResult {
        let context = RuleContext(tree: tree, model: model, settings: settings, lines: lines)
        var diagnostics: [Diagnostic] = []
        for (index, rule) in rules.enumerated() where enabled[index] {
            // A cancelled task (the language server's analysis of a replaced version) stops
            // early; its caller drops the partial result.
            if Task.isCancelled { break }
            diagnostics += rule.check(context)
        }
        let suppressions = Suppressions(tree: tree)
        let kept = diagnostics.filter { !suppressions.suppresses($0.code, onLine: $0.span.start.line) }
        let sorted = kept.sorted {
            ($0.span.startByte, $0.code, $0.span.endByte) < ($1.span.startByte, $1.code, $1.span.endByte)
        }
        return LintResult(
            diagnostics: Self.removingDuplicates(sorted),
            model: model,
            syntaxErrors: tree.syntaxErrors(),
            suppressedCount: diagnostics.count - kept.count,
            suppressions: suppressions)
    }

    /// Lints source text, parsing it with a fresh parser (after the pre-filter, as
    /// `lint(_:parser:path:)`).
    package func lint(_ source: SourceText, path: String? = nil) -> LintResult {
        lint(source, parser: Parser(), path: path)
    }

    /// `diagnostics` (sorted by position and code) without repeats, each kept where it first
    /// appears. Equal diagnostics have equal sort keys, so only the runs of equal keys (mostly of
    /// one) are compared, without hashing every message and fix.
    private static func removingDuplicates(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var result: [Diagnostic] = []
        result.reserveCapacity(diagnostics.count)
        var runStart = 0
        for diagnostic in diagnostics {
            if let last = result.last,
                (last.span.startByte, last.code, last.span.endByte)
                    != (diagnostic.span.startByte, diagnostic.code, diagnostic.span.endByte)
            {
                runStart = result.count
            }
            if !result[runStart...].contains(diagnostic) { result.append(diagnostic) }
        }
        return result
    }
}

/// The outcome of linting one file.
package struct LintResult: Sendable {
    /// Diagnostics that survived configuration and suppression, sorted by position.
    package var diagnostics: [Diagnostic]
    /// What Umlaut understood of the script.
    package var model: ScriptModel
    /// Where the text is not valid Python; the rest was still analysed.
    package var syntaxErrors: [SyntaxError]
    /// How many diagnostics suppression comments removed.
    package var suppressedCount: Int
    package var suppressions: Suppressions
    /// Whether the pre-filter skipped the text: it was not parsed or analysed.
    package var isSkipped = false

    /// The result for a text the pre-filter skipped (or that was not analysed at all).
    package static let skipped = LintResult(
        diagnostics: [], model: ScriptModel(), syntaxErrors: [], suppressedCount: 0,
        suppressions: Suppressions(), isSkipped: true)
}
