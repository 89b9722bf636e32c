import PythonSyntax
import Testing

@Suite struct IncrementalParseTests {
    static let base = """
        import keras
        model = keras.Sequential([
            keras.layers.Dense(64),  # 🧠 hidden
            keras.layers.Dense(10),
        ])
        model.compile(loss="categorical_crossentropy", optimizer="adam")

        """

    @Test func editAndReparseMatchesAFreshParse() {
        let parser = Parser()
        let text = SourceText(Self.base)
        let tree = parser.parse(text)
        let target = Array(Self.base.utf8).firstRange(of: Array("Dense(64)".utf8))!
        let (edited, edit) = text.replacing(target, with: "Dense(64, activation='relu')")
        let incremental = parser.reparse(tree, applying: [edit], newSource: edited)
        let fresh = parser.parse(edited)
        #expect(incremental.root.sExpression == fresh.root.sExpression)
        #expect(incremental.source.string.contains("activation='relu'"))
        // The old tree is untouched and still describes the old text.
        #expect(tree.root.sExpression == parser.parse(text).root.sExpression)
        #expect(!tree.changedRanges(to: incremental).isEmpty)
    }

    @Test func editsAroundMultibyteCharacters() {
        let parser = Parser()
        var text = SourceText(Self.base)
        var tree = parser.parse(text)
        let emoji = Array(Self.base.utf8).firstRange(of: Array("🧠".utf8))!
        // Replace the emoji with another, then insert before it, then delete a line.
        var (next, edit) = text.replacing(emoji, with: "🔥✨")
        tree = parser.reparse(tree, applying: [edit], newSource: next)
        text = next
        (next, edit) = text.replacing(emoji.lowerBound..<emoji.lowerBound, with: "é")
        tree = parser.reparse(tree, applying: [edit], newSource: next)
        text = next
        let line = text.lineIndex.lineStarts[3]..<text.lineIndex.lineStarts[4]
        (next, edit) = text.replacing(line, with: "")
        tree = parser.reparse(tree, applying: [edit], newSource: next)
        text = next
        #expect(tree.root.sExpression == parser.parse(text).root.sExpression)
        #expect(text.string.contains("é🔥✨"))
    }

    @Test func randomEditSequencesStayConsistent() {
        // A deterministic pseudo-random generator keeps failures reproducible.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        let pieces = ["x", "(", ")", ":", "\n", "    ", "Dense(3)", "🧠", "'", "#", "=", "é", "\r\n", ""]
        let parser = Parser()
        var text = SourceText(Self.base)
        var tree = parser.parse(text)
        for _ in 0..<300 {
            let count = text.bytes.count
            let lower = next(count + 1)
            let upper = min(count, lower + next(6))
            let (edited, edit) = text.replacing(lower..<upper, with: pieces[next(pieces.count)])
            tree = parser.reparse(tree, applying: [edit], newSource: edited)
            text = edited
        }
        #expect(tree.root.sExpression == parser.parse(text).root.sExpression)
    }
}
