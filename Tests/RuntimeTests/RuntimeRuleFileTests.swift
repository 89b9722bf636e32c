import LintCore
import Runtime
import TestSupport
import Testing

/// `RuntimeRules.all` against the source tree (`RuntimeRegistryTests` checks its order and
/// documentation): a runtime rule file left out of the list would
/// never run, and thresholds name the runtime rules that read them.
@Suite struct RuntimeRuleFileTests {
    @Test func everyRuntimeRuleFileIsRegistered() throws {
        let files = Set(try ruleFiles(under: "Sources/Runtime/Rules").keys)
        let registered = Set(RuntimeRules.all.map { String(describing: type(of: $0)) })
        #expect(files.count > 5)
        #expect(
            files.subtracting(registered).isEmpty,
            "rule files not in RuntimeRules.all: \(files.subtracting(registered).sorted())")
        #expect(
            registered.subtracting(files).isEmpty,
            "registered rules without a file of their name: \(registered.subtracting(files).sorted())")
    }

    @Test func thresholdsNameTheRuntimeRulesThatReadThem() throws {
        let codes = Set(RuntimeRules.all.map { type(of: $0).description.code })
        for key in Thresholds.keys {
            for code in key.codes where code.rawValue >= "UM5" {
                #expect(codes.contains(code), "\(key.key) names \(code), which is no runtime rule")
            }
        }
        let problems = thresholdReadsNotNamed(in: try ruleFiles(under: "Sources/Runtime/Rules"))
        #expect(problems.isEmpty, "\(problems)")
    }
}
