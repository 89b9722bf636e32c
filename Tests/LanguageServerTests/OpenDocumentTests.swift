import LSPTypes
import PythonSyntax
import Testing

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
        let document = OpenDocument(
            TextDocumentItem(uri: DocumentURI("file:///a.py"), languageId: "python", version: 1, text: Self.text),
            parser: parser, parsedOnActorLimit: 1 << 20)
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
}
