import LintCore
import PythonSyntax
import Testing

@Suite struct SuppressionTests {
    func directives(_ code: String) -> [Int: Set<RuleCode>?] {
        Suppressions(tree: Parser().parse(SourceText(code))).directives.mapValues(\.codes)
    }

    @Test func parsesCodesAndBareIgnores() {
        let found = directives(
            """
            a = 1  # umlaut: ignore[UM302]
            b = 2  # umlaut: ignore[UM101, um302 ,UM9999]
            c = 3  # umlaut: ignore
            d = 4  # noqa: E501  # umlaut: ignore[UM101]
            e = 5  # umlaut:ignore[UM201]
            f = 6  # umlaut: ignore — deliberate
            """)
        #expect(found[0] == .some(["UM302"]))
        // Invalid codes are dropped, valid ones kept, case-insensitively.
        #expect(found[1] == .some(["UM101", "UM302"]))
        #expect(found[2] == .some(nil))
        #expect(found[3] == .some(["UM101"]))
        #expect(found[4] == .some(["UM201"]))
        #expect(found[5] == .some(nil))
    }

    @Test func ignoresLookalikes() {
        let found = directives(
            """
            s = "# umlaut: ignore[UM302]"
            t = 1  # umlaut: ignored
            u = 2  # umlaut: ignore-next-line
            v = 3  # umlaut: ignore[UM302
            w = 4  # umlaut: check
            """)
        #expect(found.isEmpty)
    }

    @Test func suppressesOnlyItsLineAndCodes() {
        let suppressions = Suppressions(
            tree: Parser().parse(SourceText("x = 1  # umlaut: ignore[UM302]\ny = 2  # umlaut: ignore\n")))
        #expect(suppressions.suppresses("UM302", onLine: 0))
        #expect(!suppressions.suppresses("UM101", onLine: 0))
        #expect(suppressions.suppresses("UM101", onLine: 1))
        #expect(!suppressions.suppresses("UM302", onLine: 2))
    }

    /// The pre-check that lets files without a directive skip the comment walk: found at the
    /// start, the end and after a false start; not found when cut short.
    @Test func theMarkerPrecheckFindsEveryPlacement() {
        let found = ["umlaut:", "x = 1  # umlaut: ignore", "uumlaut:", "# umlau umlaut:"]
        let missing = ["", "u", "umlaut", "x  # umlaut ignore", "Umlaut:", "umla"]
        for text in found { #expect(Suppressions.containsMarker(Array(text.utf8)), "\(text)") }
        for text in missing { #expect(!Suppressions.containsMarker(Array(text.utf8)), "\(text)") }
    }
}
