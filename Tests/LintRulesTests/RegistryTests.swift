import LintCore
import LintRules
import Testing

@Suite struct RegistryTests {
    let descriptions = BuiltInRules.all.map { type(of: $0).description }

    @Test func codesAreUniqueAndSorted() {
        let codes = descriptions.map(\.code)
        #expect(codes == codes.sorted())
        #expect(Set(codes).count == codes.count)
    }

    @Test func namesAreKebabCaseAndUnique() {
        let names = descriptions.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.allSatisfy { $0.isLowercase || $0 == "-" || $0.isNumber }, "\(name)")
        }
    }

    @Test func everyRuleIsDocumentedAndHasExamples() {
        for rule in descriptions {
            #expect(!rule.summary.isEmpty, "\(rule.code)")
            #expect(!rule.whatItDoes.isEmpty && !rule.whyIsThisBad.isEmpty, "\(rule.code)")
            #expect(!rule.example.isEmpty && !rule.useInstead.isEmpty && !rule.fixSafety.isEmpty, "\(rule.code)")
            #expect(!rule.references.isEmpty, "\(rule.code)")
            #expect(rule.kind == .static)
            #expect(!rule.triggeringExamples.isEmpty, "\(rule.code) has no triggering example")
            #expect(!rule.nonTriggeringExamples.isEmpty, "\(rule.code) has no non-triggering example")
        }
    }
}
