import Foundation
import LintCore
import LintRules
import PythonSyntax
import TestSupport
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

    /// A rule file left out of `BuiltInRules.all` would never run: every `*Rule.swift` under
    /// `Sources/LintRules/Rules` is a registered rule type, and every registered type has its file.
    @Test func everyRuleFileIsRegistered() throws {
        let files = Set(try ruleFiles(under: "Sources/LintRules/Rules").keys)
        let registered = Set(BuiltInRules.all.map { String(describing: type(of: $0)) })
        #expect(files.count > 5)
        #expect(
            files.subtracting(registered).isEmpty,
            "rule files not in BuiltInRules.all: \(files.subtracting(registered).sorted())")
        #expect(
            registered.subtracting(files).isEmpty,
            "registered rules without a file of their name: \(registered.subtracting(files).sorted())")
    }

    /// Each threshold names the rules that read it (`umlaut rule CODE` lists it under them): the
    /// static codes named exist, and a rule file that reads a threshold is among its codes.
    @Test func thresholdsNameTheStaticRulesThatReadThem() throws {
        let codes = Set(descriptions.map(\.code))
        for key in Thresholds.keys {
            #expect(!key.codes.isEmpty, "\(key.key) names no rule")
            for code in key.codes where code.rawValue < "UM5" {
                #expect(codes.contains(code), "\(key.key) names \(code), which is no static rule")
            }
        }
        let problems = thresholdReadsNotNamed(in: try ruleFiles(under: "Sources/LintRules/Rules"))
        #expect(problems.isEmpty, "\(problems)")
        // The check itself: a rule reading a threshold that does not name it is caught.
        let stray = thresholdReadsNotNamed(in: [
            "StrayRule": "code: \"UM101\",\nlet limit = context.settings.thresholds.maxDropoutRate\n"
        ])
        #expect(stray == ["StrayRule (UM101) reads `max-dropout-rate`, whose codes are [UM302]"])
        #expect(thresholdReadsNotNamed(in: ["TypoRule": "code: \"UM302\",\nthresholds.maxDropout\n"]).count == 1)
    }

    /// Without tokens a rule turns the pre-filter off for every file (`TriggerTokens.anyText`).
    @Test func everyRuleDeclaresTriggerTokens() {
        for rule in BuiltInRules.all {
            let tokens = type(of: rule).triggerTokens
            #expect(tokens != .anyText, "\(type(of: rule).description.code) declares no triggerTokens")
            #expect(
                tokens.alternatives?.allSatisfy { clauses in
                    !clauses.isEmpty && clauses.allSatisfy { !$0.isEmpty && $0.allSatisfy { !$0.isEmpty } }
                } == true, "\(type(of: rule).description.code) has an empty clause or term"
            )
        }
    }

    /// A plain script that uses no framework gives no rule anything to start from.
    @Test func unrelatedCodeIsSkipped() {
        let linter = Linter(rules: BuiltInRules.all)
        #expect(!linter.mayReport(in: SourceText("import json\n\ndef load(path):\n    return json.load(open(path))\n")))
        #expect(linter.mayReport(in: SourceText("import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n")))
        // A network with nothing a rule can report on: an empty list, a module that only calls
        // its parts.
        #expect(!linter.mayReport(in: SourceText("import keras\nmodel = keras.Sequential([])\n")))
        #expect(
            !linter.mayReport(
                in: SourceText(
                    "import torch\nclass Norm(torch.nn.Module):\n    def forward(self, x):\n        return self.ln(x)\n"
                )))
        #expect(
            linter.mayReport(
                in: SourceText(
                    "import torch\nclass Head(torch.nn.Module):\n    def forward(self, x):\n        return torch.sigmoid(x)\n"
                )))
    }
}

/// The pre-filter's contract on every Python file of the repository (examples, fixtures,
/// end-to-end test scripts): where it skips a file, the full analysis finds nothing there.
@Suite struct PreFilterOnRepositoryFilesTests {
    @Test func skippedFilesHaveNoFindings() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let linter = Linter(rules: BuiltInRules.all)
        let parser = Parser()
        var checked = 0
        for folder in ["Examples", "Tests"] {
            let base = root.appendingPathComponent(folder)
            for case let path as String in FileManager.default.enumerator(atPath: base.path)!
            where path.hasSuffix(".py") {
                let source = SourceText(Array(try Data(contentsOf: base.appendingPathComponent(path))))
                let full = linter.lint(parser.parse(source))
                if !linter.mayReport(in: source) {
                    #expect(full.diagnostics.isEmpty, "\(folder)/\(path) is skipped but has findings")
                }
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
