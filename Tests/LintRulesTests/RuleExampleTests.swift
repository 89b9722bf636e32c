import LintCore
import LintRules
import TestSupport
import Testing

/// Every rule's examples are its tests (see `verifyRule`).
@Suite struct RuleExampleTests {
    @Test(arguments: BuiltInRules.all.map { type(of: $0).description.code })
    func examples(of code: RuleCode) {
        let rule = BuiltInRules.rule(code)!
        verify(rule)
    }

    private func verify<R: Rule>(_ rule: R) {
        verifyRule(R.self)
    }
}
