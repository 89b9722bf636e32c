import LintCore
import PythonSyntax
import Testing

/// A rule that reports every identifier `target`, and declares tokens that say so.
private struct TokenRule: Rule {
    static let description = RuleDescription(
        code: "UM998", name: "test-tokens", summary: "test", defaultSeverity: .warning,
        whatItDoes: "", whyIsThisBad: "", example: "", useInstead: "", fixSafety: "", references: [])
    static let triggerTokens = TriggerTokens(anyOf: [["target"], ["torch", "Adam"]])
        .or(TriggerTokens(anyOfIgnoringCase: ["rmsprop"]))

    func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        context.tree.root.walk { node in
            if node.type == "identifier", node.text == "target" {
                diagnostics.append(
                    context.diagnostic(Self.self, at: context.span(node.byteRange), summary: "found", message: "found"))
            }
            return true
        }
        return diagnostics
    }
}

/// A rule whose tokens join clauses: (`net` or `Module`) and (`Linear` or `relu` in any case),
/// or else `graph` alone.
private struct ClauseRule: Rule {
    static let description = RuleDescription(
        code: "UM996", name: "test-clauses", summary: "test", defaultSeverity: .warning,
        whatItDoes: "", whyIsThisBad: "", example: "", useInstead: "", fixSafety: "", references: [])
    static let triggerTokens = TriggerTokens(anyOf: [["net"], ["Module"]])
        .and(TriggerTokens(anyOf: [["Linear"]]).or(TriggerTokens(anyOfIgnoringCase: ["relu"])))
        .or(TriggerTokens(anyOf: [["graph"]]))

    func check(_ context: RuleContext) -> [Diagnostic] { [] }
}

/// A rule that declares no tokens: never pre-filtered.
private struct AnyTextRule: Rule {
    static let description = RuleDescription(
        code: "UM997", name: "test-any", summary: "test", defaultSeverity: .warning,
        whatItDoes: "", whyIsThisBad: "", example: "", useInstead: "", fixSafety: "", references: [])

    func check(_ context: RuleContext) -> [Diagnostic] { [] }
}

@Suite struct TriggerTokensTests {
    let linter = Linter(rules: [TokenRule()])

    func passes(_ text: String) -> Bool { linter.mayReport(in: SourceText(text)) }

    @Test func wholeWordsOnly() {
        #expect(passes("x = target(1)"))
        #expect(passes("target"))
        #expect(passes("(target)"))
        #expect(passes("é target"))
        #expect(!passes("x = targets(1)"))
        #expect(!passes("x = my_target"))
        #expect(!passes("Target = 1"))
        #expect(!passes(""))
    }

    @Test func wordsAnywhereInTheText() {
        #expect(passes("# target in a comment"))
        #expect(passes("s = 'a target in a string'"))
        // Non-ASCII bytes separate words: an identifier `étarget` still lets `target` through.
        #expect(passes("étarget = 1"))
    }

    @Test func aNameAfterANumberCounts() {
        // tree-sitter lexes `0x1Ftarget` as a number and the name `target`.
        #expect(passes("x = 0x1Ftarget"))
        #expect(passes("x = 2target"))
        #expect(!passes("x = 2targets"))
    }

    @Test func everyWordOfATermMustOccur() {
        #expect(!passes("from torch import nn"))
        #expect(!passes("opt = Adam(lr=1)"))
        #expect(passes("import torch\nopt = torch.optim.Adam(params, lr=1)"))
        #expect(passes("opt = Adam(lr=1)  # torch"))
    }

    @Test func wordsIgnoringCaseMatchAnyCase() {
        #expect(passes("opt = RMSprop()"))
        #expect(passes("opt = RMSPROP()"))
        #expect(passes("opt = rmsprop()"))
        #expect(!passes("opt = rms_prop()"))
    }

    @Test func skippedTextsAreNotParsedAndReportNothing() {
        let skipped = linter.lint(SourceText("def broken(:\n    pass\n"))
        #expect(skipped.isSkipped)
        #expect(skipped.syntaxErrors.isEmpty && skipped.diagnostics.isEmpty)
        let analysed = linter.lint(SourceText("def broken(:\n    target\n"))
        #expect(!analysed.isSkipped)
        #expect(!analysed.syntaxErrors.isEmpty)
        #expect(analysed.diagnostics.map(\.code) == ["UM998"])
    }

    @Test func onlyEnabledRulesCount() {
        var settings = Settings()
        settings.ignore = ["UM998"]
        #expect(!Linter(rules: [TokenRule()], settings: settings).mayReport(in: SourceText("target")))
        settings.ignore = []
        settings.perFileIgnores = [(pattern: "tests/*", codes: ["UM998"])]
        let linter = Linter(rules: [TokenRule()], settings: settings)
        #expect(!linter.mayReport(in: SourceText("target"), path: "tests/a.py"))
        #expect(linter.mayReport(in: SourceText("target"), path: "src/a.py"))
    }

    @Test func everyClauseOfAnAlternativeMustHold() {
        let linter = Linter(rules: [ClauseRule()])
        func passes(_ text: String) -> Bool { linter.mayReport(in: SourceText(text)) }
        #expect(passes("class M(Module):\n    fc = Linear(2, 2)"))
        #expect(passes("net = f(RELU(x))"))
        #expect(passes("Linear relu net"))
        #expect(!passes("class M(Module):\n    norm = LayerNorm(2)"))
        #expect(!passes("fc = Linear(2, 2)\ny = relu(fc(x))"))
        #expect(passes("graph"))
        #expect(!passes("Module graphs"))
        // One clause's words may come in any order, in the text, and complete another's.
        #expect(passes("relu = 1\n# net"))
        // A disabled rule's words do not complete an enabled rule's clauses.
        var settings = Settings()
        settings.ignore = ["UM998"]
        #expect(
            !Linter(rules: [ClauseRule(), TokenRule()], settings: settings).mayReport(in: SourceText("Module target")))
    }

    @Test func andWithAnyTextIsTheOtherSide() {
        let tokens = TriggerTokens(anyOf: [["net"]])
        #expect(tokens.and(.anyText) == tokens)
        #expect(TriggerTokens.anyText.and(tokens) == tokens)
        #expect(tokens.or(.anyText) == .anyText)
    }

    @Test func aRuleWithoutTokensIsNeverSkipped() {
        #expect(Linter(rules: [AnyTextRule()]).mayReport(in: SourceText("")))
        #expect(Linter(rules: [TokenRule(), AnyTextRule()]).mayReport(in: SourceText("nothing here")))
        #expect(!Linter(rules: []).mayReport(in: SourceText("target")))
    }
}
