import LSPTypes
import PythonSyntax
import Testing
import VectorMath

@testable import LanguageServer

/// `OpenDocument.apply`: a text equal to one of the last few takes that text's tree back.
@Suite struct OpenDocumentTests {
    static let text = """
        import keras

        def build(units=32):
            model = keras.Sequential([keras.layers.Dense(units)])
            return model

        def other():
            return 1

        """

    static func open(_ text: String, parser: Parser) -> OpenDocument {
        OpenDocument(
            TextDocumentItem(uri: DocumentURI("file:///a.py"), languageId: "python", version: 1, text: text),
            parser: parser, parsedOnActorLimit: 1 << 20)
    }

    static func change(line: Int, from start: Int, to end: Int, _ text: String) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent(
            range: LSPRange(
                start: Position(line: line, character: start), end: Position(line: line, character: end)),
            text: text)
    }

    /// A character typed after a `def` line and deleted again: error recovery makes the typed
    /// text's tree share little with the first, so a re-parse would be a full parse; the
    /// deletion takes the first tree back instead, and the tree is the one a parse gives.
    @Test func aCharacterTypedAndDeletedTakesTheEarlierTreeBack() throws {
        let parser = Parser()
        let document = Self.open(Self.text, parser: parser)
        let first = try #require(document.tree)
        let end = "def build(units=32):".utf8.count
        document.apply([Self.change(line: 2, from: end, to: end, "x")], version: 2, encoding: .utf16, parser: parser)
        let typed = try #require(document.tree)
        #expect(typed !== first)
        #expect(typed.root.sExpression == parser.parse(document.source).root.sExpression)
        document.apply([Self.change(line: 2, from: end, to: end + 1, "")], version: 3, encoding: .utf16, parser: parser)
        #expect(document.tree === first)
        #expect(document.source.bytes == Array(Self.text.utf8))
        // Typing it again takes the typed text's tree back; a new text is parsed.
        document.apply([Self.change(line: 2, from: end, to: end, "x")], version: 4, encoding: .utf16, parser: parser)
        #expect(document.tree === typed)
        document.apply([Self.change(line: 7, from: 4, to: 4, "y")], version: 5, encoding: .utf16, parser: parser)
        let new = try #require(document.tree)
        #expect(new !== first && new !== typed)
        #expect(new.root.sExpression == parser.parse(document.source).root.sExpression)
    }

    /// A stray character typed (an error), an edit elsewhere, the character deleted: the text is
    /// new, so no tree comes back whole, and the current tree's error recovery would make the
    /// re-parse a full one. The tree from before the character is re-parsed instead, told only
    /// the line that differs, and the tree is the one a parse gives.
    @Test func aStrayCharacterDeletedAfterAnotherEditReparsesFromTheTreeBeforeIt() throws {
        let parser = Parser()
        let document = Self.open(Self.text, parser: parser)
        let first = try #require(document.tree)
        let end = "def build(units=32):".utf8.count
        document.apply([Self.change(line: 2, from: end, to: end, ")")], version: 2, encoding: .utf16, parser: parser)
        #expect(try #require(document.tree).hasErrors)
        document.apply([Self.change(line: 7, from: 11, to: 12, "2")], version: 3, encoding: .utf16, parser: parser)
        #expect(try #require(document.tree).hasErrors)
        let deleted = Array(Self.text.replacingOccurrences(of: "return 1", with: "return 2").utf8)
        let current = try #require(document.tree)
        let (base, edit) = try #require(document.nearerBase(for: SourceText(deleted), than: current))
        #expect(base === first)
        let line7 = Self.text.split(separator: "\n", omittingEmptySubsequences: false).prefix(7)
            .map { $0.utf8.count + 1 }.reduce(0, +)
        #expect(edit.startByte == line7 && edit.oldEndByte == line7 + "    return 1\n".utf8.count)
        document.apply([Self.change(line: 2, from: end, to: end + 1, "")], version: 4, encoding: .utf16, parser: parser)
        #expect(document.source.bytes == deleted)
        let tree = try #require(document.tree)
        #expect(!tree.hasErrors)
        #expect(Self.nodes(of: tree) == Self.nodes(of: parser.parse(document.source)))
    }

    /// Whatever tree a re-parse starts from (the current one, a recent one nearer the new text,
    /// one taken back whole), after every edit the tree is the one a parse of the text gives. Each round types
    /// something that may break the syntax, often changes a digit elsewhere, and deletes what it
    /// typed, so that re-parses from a recent tree come up again and again.
    @Test func treesEqualAFreshParseAfterRandomEditsThatBreakAndMendTheSyntax() throws {
        let parser = Parser()
        // Several functions, so that nodes after an edit are reused and must land where they are.
        let text = (1...6).map { Self.text.replacingOccurrences(of: "build", with: "build\($0)") }.joined()
        let document = Self.open(text, parser: parser)
        var random = SeededGenerator(seed: 7)
        let pieces = ["x", "(", ")", ":", "    ", " def f(", "return", "é", "'"]
        var version = 1
        func apply(_ change: TextDocumentContentChangeEvent) throws -> Bool {
            version += 1
            document.apply([change], version: version, encoding: .utf16, parser: parser)
            let tree = try #require(document.tree)
            let fresh = Self.nodes(of: parser.parse(document.source))
            #expect(Self.nodes(of: tree) == fresh, "version \(version)")
            return Self.nodes(of: tree) == fresh
        }
        var recentBases = 0
        for _ in 0..<400 {
            let lines = String(decoding: document.source.bytes, as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf16) }
            let line = Int.random(in: 0..<lines.count, using: &random)
            let column = Int.random(in: 0...lines[line].count, using: &random)
            let piece = pieces.randomElement(using: &random)!
            guard try apply(Self.change(line: line, from: column, to: column, piece)) else { return }
            if Bool.random(using: &random) {
                // A digit elsewhere becomes another digit: lengths and positions stay.
                let digits = lines.enumerated().flatMap { number, text in
                    text.indices.filter { text[$0] >= 0x31 && text[$0] <= 0x39 }.map { (number, $0) }
                }
                if let (digitLine, digitColumn) = digits.randomElement(using: &random) {
                    let moved =
                        digitLine == line && digitColumn >= column ? digitColumn + piece.utf16.count : digitColumn
                    let digit = String(Int.random(in: 1...9, using: &random))
                    guard try apply(Self.change(line: digitLine, from: moved, to: moved + 1, digit)) else { return }
                }
            }
            let mended = SourceText(Self.removing(piece, at: (line, column), from: document.source))
            if let current = document.tree, document.nearerBase(for: mended, than: current) != nil { recentBases += 1 }
            guard try apply(Self.change(line: line, from: column, to: column + piece.utf16.count, "")) else { return }
        }
        // The path this test is about was taken, not just the usual re-parse.
        #expect(recentBases > 20, "\(recentBases) re-parses from a recent tree")
    }

    /// Every node's type and byte range, in pre-order: two trees with the same list are the same
    /// tree (the S-expression leaves the positions out).
    static func nodes(of tree: SyntaxTree) -> [String] {
        var nodes: [String] = []
        tree.root.walk { node in
            nodes.append("\(node.type)@\(node.startByte)-\(node.endByte)")
            return true
        }
        return nodes
    }

    /// The text with `piece`, typed at a UTF-16 position, taken out again.
    static func removing(_ piece: String, at position: (line: Int, column: Int), from source: SourceText) -> [UInt8] {
        var lines = String(decoding: source.bytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { Array($0.utf16) }
        lines[position.line].removeSubrange(position.column..<position.column + piece.utf16.count)
        return Array(lines.map { String(decoding: $0, as: UTF16.self) }.joined(separator: "\n").utf8)
    }
}
