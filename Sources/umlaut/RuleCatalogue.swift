import LintCore
import LintRules
import Runtime

/// Every rule Umlaut documents, in code order: the static rules of `BuiltInRules` and the
/// runtime rules' descriptions. `umlaut rules`, `umlaut rule`, `Docs/rules/` and SARIF's rule
/// list read only this.
enum RuleCatalogue {
    /// A rule's description and the fixes it offers.
    struct Entry: Sendable {
        var description: RuleDescription
        var fixes: FixAvailability

        var markdown: String { description.markdown(fixes: fixes) }
    }

    /// The runtime rules (UM5xx) have no static check, only descriptions: `umlaut run` checks them.
    static let runtimeDescriptions: [RuleDescription] = RuntimeRules.all.map { type(of: $0).description }

    /// Descriptions with the fixes each rule offers; computed (by running the rules on their
    /// examples) on first use only, which `umlaut check` needs for SARIF alone.
    static let entries: [Entry] = (BuiltInRules.all.map { entry($0) } + runtimeDescriptions.map { Entry(description: $0, fixes: []) })
        .sorted { $0.description.code < $1.description.code }

    static let descriptions: [RuleDescription] = (BuiltInRules.all.map { type(of: $0).description } + runtimeDescriptions)
        .sorted { $0.code < $1.code }

    static var codes: [RuleCode] { descriptions.map(\.code) }

    static func entry(of code: RuleCode) -> Entry? {
        entries.first { $0.description.code == code }
    }

    private static func entry<R: Rule>(_ rule: R) -> Entry {
        Entry(description: R.description, fixes: R.fixAvailability)
    }
}
