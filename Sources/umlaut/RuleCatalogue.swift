import LintCore
import LintRules
import Runtime

extension RuleCatalogue {
    /// The product's catalogue: the static rules of `BuiltInRules` and the runtime rules'
    /// descriptions. Every subcommand reads it, and `umlaut lsp` hands it to the server.
    static let umlaut = RuleCatalogue(rules: BuiltInRules.all, runtime: RuntimeRules.descriptions)

    /// Its entries with the fixes each rule offers; computed (by running the rules on their
    /// examples) on first use only, which `umlaut check` needs for SARIF alone.
    static let umlautEntries: [Entry] = umlaut.entries()

    static func entry(of code: RuleCode) -> Entry? {
        umlautEntries.first { $0.description.code == code }
    }
}
