import PythonSyntax
import TrainingModel

/// A static rule: one file per rule in LintRules, holding its `RuleDescription` and its check.
///
/// Rules are stateless; their thresholds come from the context's settings. A rule reads the
/// extracted `ScriptModel` first and the syntax tree only where the model does not say enough.
package protocol Rule: Sendable {
    static var description: RuleDescription { get }
    /// The identifiers without which the rule cannot report anything (see `TriggerTokens`);
    /// `anyText` (the default) turns the pre-filter off for the rule.
    static var triggerTokens: TriggerTokens { get }
    init()
    func check(_ context: RuleContext) -> [Diagnostic]
}

extension Rule {
    package var description: RuleDescription { Self.description }
    package static var triggerTokens: TriggerTokens { .anyText }
}

/// What a rule sees of one file.
package struct RuleContext {
    package let tree: SyntaxTree
    package var source: SourceText { tree.source }
    package let model: ScriptModel
    package let settings: Settings

    /// How messages name lines (`line 13`, or `cell 3, line 6` in a notebook).
    package let lines: LineLabels

    /// What several rules derive from the same model, worked out once per lint.
    package let memo = RuleMemo()

    package init(tree: SyntaxTree, model: ScriptModel, settings: Settings, lines: LineLabels = .plain) {
        self.tree = tree
        self.model = model
        self.settings = settings
        self.lines = lines
    }

    /// A span of a byte range.
    package func span(_ range: Range<Int>) -> SourceSpan { SourceSpan(range, in: source) }

    /// The source text of a span.
    package func text(_ span: SourceSpan) -> String { source.text(in: span.byteRange) }

    /// A diagnostic of rule `R`, with its code, name and configured severity filled in.
    /// `summary` is the one short line editors show inline; `message` the full explanation.
    package func diagnostic<R: Rule>(
        _ rule: R.Type, at span: SourceSpan, summary: String, message: String, related: [RelatedLocation] = [],
        help: String? = nil, fix: Fix? = nil
    ) -> Diagnostic {
        let description = R.description
        return Diagnostic(
            code: description.code, name: description.name,
            severity: settings.severity(for: description.code) ?? description.defaultSeverity,
            summary: summary, message: message, span: span, related: related, help: help, fix: fix)
    }
}

/// Facts several rules derive from the same model (the networks' outputs, the pairs of networks
/// and losses), kept for the rest of one lint once a rule has worked them out: the language
/// server lints on every edit, and each of these walks every network. A lint runs its rules one
/// after another, in one thread.
package final class RuleMemo: @unchecked Sendable {
    private var values: [ObjectIdentifier: Any] = [:]

    package init() {}

    /// The value kept under `key` (a type that names the fact), made by `make` the first time.
    package func value<Value>(_ key: Any.Type, _ make: () -> Value) -> Value {
        let id = ObjectIdentifier(key)
        if let known = values[id] as? Value { return known }
        let value = make()
        values[id] = value
        return value
    }
}
