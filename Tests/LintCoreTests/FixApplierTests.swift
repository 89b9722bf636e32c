import LintCore
import PythonSyntax
import Testing

/// A rule for these tests: flags every `bad` identifier, fixing it to `good`, and every `loop`
/// with a fix that reintroduces `bad` (so fixing needs more than one pass).
private struct RenameRule: Rule {
    static let description = RuleDescription(
        code: "UM999", name: "test-rename", summary: "test", defaultSeverity: .warning,
        whatItDoes: "", whyIsThisBad: "", example: "", useInstead: "", fixSafety: "", references: [])

    func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        context.tree.root.walk { node in
            if node.type == "identifier", node.text == "bad" || node.text == "loop" {
                let replacement = node.text == "bad" ? "good" : "bad"
                diagnostics.append(
                    context.diagnostic(
                        Self.self, at: context.span(node.byteRange), summary: "rename", message: "rename",
                        fix: Fix(
                            title: "rename", applicability: .safe,
                            edits: [Edit(range: node.byteRange, replacement: replacement)])))
            }
            return true
        }
        return diagnostics
    }
}

@Suite struct FixApplierTests {
    let source = SourceText("abcdefghij")

    func fix(_ edits: Edit...) -> Fix { Fix(title: "f", applicability: .safe, edits: edits) }

    @Test func appliesNonOverlappingFixesInSourceOrder() {
        let outcome = FixApplier.apply(
            [
                fix(Edit(range: 6..<8, replacement: "XY")),
                fix(Edit(range: 0..<1, replacement: "")),
                fix(.insert("+", at: 3)),
            ], to: source)
        #expect(outcome.source.string == "bc+defXYij")
        #expect(outcome.applied.count == 3 && outcome.skipped.isEmpty)
    }

    @Test func skipsOverlapsOutOfRangeAndEmptyFixes() {
        let outcome = FixApplier.apply(
            [
                fix(Edit(range: 2..<5, replacement: "_")),
                fix(Edit(range: 4..<6, replacement: "!")),  // overlaps the first
                fix(.insert("a", at: 8), .insert("b", at: 8)),  // two inserts at one point, same fix: allowed
                fix(.insert("c", at: 8)),  // a third at the same point from another fix: not
                fix(Edit(range: 9..<12, replacement: "")),  // past the end
                Fix(title: "empty", applicability: .safe, edits: []),
            ], to: source)
        #expect(outcome.source.string == "ab_fghabij")
        #expect(outcome.applied.count == 2)
        #expect(outcome.skipped.count == 4)
    }

    @Test func insertionAtTheEdgeOfAReplacementIsNotAConflict() {
        let outcome = FixApplier.apply(
            [fix(Edit(range: 2..<4, replacement: "_")), fix(.insert("^", at: 4))], to: source)
        #expect(outcome.source.string == "ab_^efghij")
    }

    @Test func reachesAFixedPoint() {
        let linter = Linter(rules: [RenameRule()])
        let result = FixApplier.fixToFixedPoint(SourceText("loop = bad\n"), linter: linter, path: nil)
        #expect(result.source.string == "good = good\n")
        #expect(result.appliedCount == 3)
        #expect(result.remaining.diagnostics.isEmpty)
        // Unsafe fixes stay unless asked for.
        let none = FixApplier.fixToFixedPoint(SourceText("bad\n"), linter: linter, path: nil, including: [.unsafe])
        #expect(none.appliedCount == 0 && none.remaining.diagnostics.count == 1)
    }
}
