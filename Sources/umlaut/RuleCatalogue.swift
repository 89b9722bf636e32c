import LintCore
import LintRules

/// Every rule Umlaut documents, in code order: the static rules of `BuiltInRules` (and, once
/// they land, the runtime rules: add their list here). `umlaut rules`, `umlaut rule` and SARIF's
/// rule list read only this.
enum RuleCatalogue {
    static let descriptions: [RuleDescription] = (BuiltInRules.all.map { type(of: $0).description })
        .sorted { $0.code < $1.code }

    static var codes: [RuleCode] { descriptions.map(\.code) }

    static func description(of code: RuleCode) -> RuleDescription? {
        descriptions.first { $0.code == code }
    }
}
