import PythonSyntax
import Testing
import VectorMath

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

    /// An edit said to reach from inside the token before it to the next line with content:
    /// back over whitespace into the last character before it, on over the rest of its line,
    /// the blank lines and that line's first character, with the same text on both sides.
    @Test func anEditIsWidenedFromTheTokenBeforeToTheNextLine() {
        let text = SourceText("def f():\n    return model\n\n    \ndef g():\n    pass\n")
        let end = Array(text.bytes).firstRange(of: Array("model".utf8))!.upperBound
        let (edited, edit) = text.replacing(end..<end, with: "x")
        let widened = edit.widened(in: edited)
        // Back into the `l` of `model`; on over "\n\n    \n" and the "d" of the next `def`.
        #expect(widened.startByte == edit.startByte - 1)
        #expect(widened.startPoint == LineColumn(line: 1, column: 15))
        #expect(widened.newEndByte == edit.newEndByte + 8 && widened.oldEndByte == edit.oldEndByte + 8)
        #expect(widened.newEndPoint == LineColumn(line: 4, column: 1))
        #expect(widened.oldEndPoint == LineColumn(line: 4, column: 1))
        // On a blank line: back over the line break into the line before.
        let blank = Array(text.bytes).firstRange(of: Array("model\n".utf8))!.upperBound
        let (typed, onBlank) = text.replacing(blank..<blank, with: "x")
        let widenedOnBlank = onBlank.widened(in: typed)
        #expect(widenedOnBlank.startByte == blank - 2 && widenedOnBlank.startPoint == LineColumn(line: 1, column: 15))
        // At the end of the text there is nothing further to reach.
        let last = SourceText("x = 1")
        let (appended, atEnd) = last.replacing(5..<5, with: "0")
        let widenedAtEnd = atEnd.widened(in: appended)
        #expect(widenedAtEnd.startByte == 4 && widenedAtEnd.newEndByte == atEnd.newEndByte)
        // At the start of the text, nothing before; within a line, the rest of it.
        let (within, inLine) = last.replacing(0..<1, with: "yy")
        let widenedInLine = inLine.widened(in: within)
        #expect(widenedInLine.startByte == 0 && widenedInLine.startPoint == LineColumn(line: 0, column: 0))
        #expect(widenedInLine.newEndByte == 6 && widenedInLine.newEndPoint == LineColumn(line: 0, column: 6))
        // A character of several bytes before the edit is covered from its first byte.
        let accented = SourceText("a = 'é'\n")
        let (typedAfter, accentEdit) = accented.replacing(7..<7, with: "b")
        #expect(accentEdit.widened(in: typedAfter).startByte == 5)
    }

    /// Edits at the end of a block and between two functions (where tree-sitter 0.20.7 used to
    /// re-parse the rest of the file) give the tree a fresh parse does.
    @Test func editsAtTheEndsOfBlocksMatchAFreshParse() {
        var lines: [String] = ["import keras"]
        for index in 0..<30 {
            lines += ["def build_\(index)():", "    model = keras.Sequential()", "    return model", ""]
        }
        let parser = Parser()
        var text = SourceText(lines.joined(separator: "\n") + "\n")
        var tree = parser.parse(text)
        for target in ["return model\n\ndef build_3", "\n\ndef build_20", "return model\n\ndef build_29"] {
            let range = Array(text.bytes).firstRange(of: Array(target.utf8))!
            let at = range.lowerBound + (target.hasPrefix("return") ? 12 : 1)
            for piece in ["x", "", "y = 1"] {
                let (edited, edit) = text.replacing(at..<at, with: piece.isEmpty ? "z" : piece)
                tree = parser.reparse(tree, applying: [edit], newSource: edited)
                #expect(tree.root.sExpression == parser.parse(edited).root.sExpression)
                let length = (piece.isEmpty ? "z" : piece).utf8.count
                let (restored, undo) = edited.replacing(at..<(at + length), with: "")
                tree = parser.reparse(tree, applying: [undo], newSource: restored)
                #expect(tree.root.sExpression == parser.parse(restored).root.sExpression)
                text = restored
            }
        }
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

/// `SourceText.difference(to:)`: the one edit between two texts, cut to whole lines.
@Suite struct TextDifferenceTests {
    /// Checks what the edit promises: the bytes before it and after it are the same in both
    /// texts, it starts and ends at line starts, its points are the texts' own, and re-parsing
    /// the old text's tree with it gives the new text's tree.
    static func check(_ old: [UInt8], _ new: [UInt8], _ label: String) {
        let before = SourceText(old)
        let after = SourceText(new)
        guard let edit = before.difference(to: after) else {
            #expect(old == new, "\(label): nil for different texts")
            return
        }
        #expect(old != new, "\(label): an edit for equal texts")
        #expect(edit.startByte <= edit.oldEndByte && edit.startByte <= edit.newEndByte, "\(label)")
        #expect(old[..<edit.startByte] == new[..<edit.startByte], "\(label): prefix")
        #expect(old[edit.oldEndByte...] == new[edit.newEndByte...], "\(label): suffix")
        let startsALine = edit.startByte == 0 || old[edit.startByte - 1] == UInt8(ascii: "\n")
        let endsALine =
            edit.oldEndByte == old.count || edit.oldEndByte == 0 || old[edit.oldEndByte - 1] == UInt8(ascii: "\n")
        #expect(startsALine, "\(label): start")
        #expect(endsALine, "\(label): end")
        #expect(edit.startPoint == before.point(ofByte: edit.startByte), "\(label)")
        #expect(edit.oldEndPoint == before.point(ofByte: edit.oldEndByte), "\(label)")
        #expect(edit.newEndPoint == after.point(ofByte: edit.newEndByte), "\(label)")
        let parser = Parser()
        let reparsed = parser.reparse(parser.parse(before), applying: [edit], newSource: after)
        #expect(reparsed.root.sExpression == parser.parse(after).root.sExpression, "\(label): tree")
    }

    @Test func edgesOfTheTexts() {
        let cases: [(String, String)] = [
            ("abc", "xabc"), ("xabc", "abc"), ("abc", "abcx"), ("abc", "ab"), ("", "a = 1\n"), ("a = 1\n", ""),
            ("a = 1\nb = 2\n", "a = 1\nb = 2\n"), ("a = 1\nb = 2\n", "a = 1\nb = 3\n"),
            ("x = 'é'\n", "x = 'è'\n"), ("a = 1\r\nb = 2\r\n", "a = 1\r\nb = 22\r\n"),
            ("def f():\n    return 1\n", "def f():\n    return 1\n\ndef g():\n    pass\n"),
            ("aaaaaaaaaaaaaaaaaaaa\n", "aaaaaaaaaaaaaaaaaaaaa\n"),
        ]
        for (old, new) in cases {
            Self.check(Array(old.utf8), Array(new.utf8), "\(old.debugDescription) -> \(new.debugDescription)")
        }
    }

    @Test func randomTexts() {
        let pieces = ["a", "b", " ", "\n", "\r\n", "é", "(", ")", "x = 1\n", "    "]
        var seed = SeededGenerator(seed: 11)
        for round in 0..<500 {
            let old = (0..<Int.random(in: 0...40, using: &seed)).map { _ in pieces.randomElement(using: &seed)! }
            var new = old
            for _ in 0..<Int.random(in: 1...3, using: &seed) {
                let at = Int.random(in: 0...new.count, using: &seed)
                if Bool.random(using: &seed), at < new.count {
                    new.remove(at: at)
                } else {
                    new.insert(pieces.randomElement(using: &seed)!, at: at)
                }
            }
            Self.check(Array(old.joined().utf8), Array(new.joined().utf8), "round \(round)")
        }
    }
}
