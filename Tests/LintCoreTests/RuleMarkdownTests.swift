import LintCore
import Testing

/// A rule whose only fix is unsafe and which reads a threshold, to document.
private struct DocumentedRule: Rule {
    static let description = RuleDescription(
        code: "UM302", name: "documented", summary: "A summary", defaultSeverity: .info,
        whatItDoes: "Does.", whyIsThisBad: "Bad.", example: "x = 1", useInstead: "x = 2", fixSafety: "Unsafe.",
        references: [Reference("Paper", "https://example.org/paper")],
        triggeringExamples: [Example("↓one = 1\n")],
        corrections: [Correction("one = 1\n", "two = 1\n")])

    func check(_ context: RuleContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        context.tree.root.walk { node in
            if node.type == "identifier", node.text == "one" {
                found.append(
                    context.diagnostic(
                        Self.self, at: context.span(node.byteRange), summary: "m", message: "m",
                        fix: Fix(
                            title: "t", applicability: .unsafe, edits: [Edit(range: node.byteRange, replacement: "two")]
                        )))
            }
            return true
        }
        return found
    }
}

@Suite struct RuleMarkdownTests {
    @Test func fixAvailabilityComesFromRunningTheExamples() {
        #expect(DocumentedRule.fixAvailability == .unsafe)
        #expect(FixAvailability([.safe, .unsafe]).label == "safe, unsafe")
        #expect(FixAvailability().label == "-")
    }

    @Test func thresholdsAreFoundByTheCodesTheyName() {
        #expect(Thresholds.keys(usedBy: "UM302").map(\.key) == ["max-dropout-rate"])
        #expect(
            Thresholds.keys(usedBy: "UM301").map(\.key) == [
                "min-learning-rate", "max-learning-rate", "max-adaptive-learning-rate",
                "max-accumulating-learning-rate",
            ])
        #expect(Thresholds.keys(usedBy: "UM101").isEmpty)
    }

    @Test func pageHasEverySection() {
        let page = DocumentedRule.description.markdown(fixes: DocumentedRule.fixAvailability)
        var position = page.startIndex
        for heading in [
            "# documented (UM302)", "A summary.", "| automatic fix | unsafe (`--fix --unsafe-fixes`) |",
            "## What it does", "## Why is this bad?", "## Example", "```python\nx = 1\n```", "## Use instead",
            "## Fix safety", "## Configuration", "| `max-dropout-rate` | `0.5` |", "# umlaut: ignore[UM302]",
            "## References", "- [Paper](https://example.org/paper)",
        ] {
            guard let found = page[position...].range(of: heading) else {
                Issue.record("missing or out of order: \(heading)\n\(page)")
                return
            }
            position = found.upperBound
        }
    }
}
