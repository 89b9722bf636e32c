import Foundation
import LintCore
import PythonSyntax
import Testing

@testable import Runtime

@Suite struct RuntimeRuleEngineTests {
    @Test func aRecurringFindingGrowsItsEpochsInsteadOfBeingNewAgain() {
        let engine = RuntimeRuleEngine(locator: Synthetic.locator())
        var epochs: [RuntimeEvent.EpochReport] = []
        var news: [String] = []
        for index in 0..<3 {
            epochs.append(Synthetic.epoch(index, input: Synthetic.input(min: 0, max: 255)))
            let updates = engine.evaluate(Synthetic.run(epochs: epochs))
            news += updates.filter(\.isNew).map(\.entry.finding.code.rawValue)
        }
        #expect(news == ["UM501"])
        #expect(engine.findings.first?.epochs == [0, 1, 2])
    }

    @Test func selectAndIgnoreSettingsApply() {
        var settings = Settings()
        settings.ignore = ["UM501"]
        let engine = RuntimeRuleEngine(settings: settings, locator: Synthetic.locator())
        let updates = engine.evaluate(
            Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 255))]))
        #expect(updates.isEmpty)
    }

    @Test func aSuppressionCommentOnTheRootCauseLineSilencesIt() throws {
        let run = Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 255))])
        let line = try #require(
            RuntimeRuleEngine(locator: Synthetic.locator()).evaluate(run).first?.entry.finding.cause?.location.line)
        var lines = Synthetic.script.components(separatedBy: "\n")
        lines[line - 1] += "  # umlaut: ignore[UM501]"
        let locator = RootCauseLocator(scriptPath: Synthetic.path, source: SourceText(lines.joined(separator: "\n")))
        #expect(RuntimeRuleEngine(locator: locator).evaluate(run).isEmpty)
        lines[line - 1] = lines[line - 1].replacingOccurrences(of: "UM501", with: "UM302")
        let other = RootCauseLocator(scriptPath: Synthetic.path, source: SourceText(lines.joined(separator: "\n")))
        #expect(RuntimeRuleEngine(locator: other).evaluate(run).count == 1)
    }

    @Test func severitiesCanBeOverridden() {
        var settings = Settings()
        settings.severities["UM501"] = .error
        let engine = RuntimeRuleEngine(settings: settings, locator: Synthetic.locator())
        let updates = engine.evaluate(
            Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 255))]))
        #expect(updates.first?.entry.finding.severity == .error)
    }
}

@Suite struct RuntimeRegistryTests {
    @Test func theRegistryHoldsUM501ToUM510InOrderWithFullDocumentation() {
        let descriptions = RuntimeRules.all.map { type(of: $0).description }
        #expect(descriptions.map(\.code.rawValue) == (501...510).map { "UM\($0)" })
        for description in descriptions {
            #expect(description.kind == .runtime)
            #expect(
                !description.whatItDoes.isEmpty && !description.whyIsThisBad.isEmpty && !description.example.isEmpty)
            #expect(
                !description.useInstead.isEmpty && !description.fixSafety.isEmpty && !description.references.isEmpty)
            #expect(description.name == description.name.lowercased() && !description.name.contains(" "))
        }
        #expect(
            descriptions.map(\.name) == [
                "input-out-of-range", "nan-loss", "image-layout", "suspicious-validation-accuracy", "overfitting",
                "runtime-learning-rate", "loss-not-decreasing", "gradient-problem", "dead-units",
                "train-validation-overlap",
            ])
    }
}
