import LintCore
import PythonSyntax
import TrainingModel

/// The script as the static analysis saw it at the start of a run: read, parsed and analysed
/// once by the face that lints it (`umlaut run`, `umlaut import`), then handed to the runner for
/// the static findings it reports "before training" and to `RootCauseLocator` for root causes.
package struct ScriptAnalysis: Sendable {
    /// The text that was analysed.
    package var source: SourceText
    package var model: ScriptModel
    /// The script's `# umlaut: ignore[...]` comments.
    package var suppressions: Suppressions
    /// The static findings (the CLI lints with the static rules, which this module does not
    /// depend on); empty when nothing linted the script.
    package var findings: [Diagnostic]

    package init(source: SourceText, model: ScriptModel, suppressions: Suppressions, findings: [Diagnostic] = []) {
        self.source = source
        self.model = model
        self.suppressions = suppressions
        self.findings = findings
    }

    /// The result of linting `source` (parsed, not skipped by the pre-filter, so that the model
    /// is there for the root causes even when no static rule could report).
    package init(source: SourceText, lint result: LintResult) {
        self.init(source: source, model: result.model, suppressions: result.suppressions, findings: result.diagnostics)
    }

    /// Parses and analyses `source` without linting it: for callers that have no static rules.
    package init(analysing source: SourceText) {
        let tree = Parser().parse(source)
        self.init(source: source, model: ScriptAnalyzer.analyze(tree), suppressions: Suppressions(tree: tree))
    }
}
