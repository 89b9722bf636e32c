import Foundation
import LSPTypes
import LanguageServer
import Testing
import VectorMath

@Suite struct DocumentSyncTests {
    static let emojiText =
        "import keras\n# 🧠 ünïcödé 🔥 line\nx = \"👩‍👩‍👧\"  # family\n\nmodel = keras.Sequential([keras.layers.Dropout(0.8)])\n"

    @Test(arguments: [PositionEncodingKind.utf16, .utf8])
    func randomIncrementalEditsKeepBothTextsEqual(encoding: PositionEncodingKind) async throws {
        let (client, result) = try await TestClient.start(
            ClientCapabilities.push.with(encodings: encoding == .utf8 ? [.utf16, .utf8] : [.utf16]))
        #expect(result.capabilities.positionEncoding == encoding)
        var model = ClientText(Self.emojiText, encoding: encoding)
        await client.open(model.text, uri: Fixtures.uri)
        var generator = SeededGenerator(seed: encoding == .utf8 ? 7 : 11)
        let insertions = [
            "", "a", "é", "🔥", "\n", "Dropout(0.9)", "👩‍👩‍👧", "\"\"\"", "\r\n", "  # umlaut: ignore[UM302]\n",
        ]
        for version in 2...150 {
            var changes: [TextDocumentContentChangeEvent] = []
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let lines = model.text.split(separator: "\n", omittingEmptySubsequences: false).count
                // Positions are sometimes out of range, or inside a surrogate pair or multi-byte character.
                func position() -> Position {
                    Position(
                        line: Int.random(in: 0...(lines + 1), using: &generator),
                        character: Int.random(in: 0...40, using: &generator))
                }
                var start = position()
                var end = Bool.random(using: &generator) ? start : position()
                if end < start { swap(&start, &end) }
                let range = LSPRange(start: start, end: end)
                let text = insertions.randomElement(using: &generator)!
                model.replace(range, with: text)
                changes.append(TextDocumentContentChangeEvent(range: range, text: text))
            }
            await client.change(Fixtures.uri, version: version, changes)
        }
        let held = try #require(try await client.serverText(Fixtures.uri))
        #expect(held.version == 150)
        #expect(held.text == model.text)
    }

    @Test func fullReplacementAndOutOfRangePositionsClamp() async throws {
        let (client, _) = try await TestClient.start()
        await client.open("a = 1\nb = 2\n", uri: Fixtures.uri)
        await client.change(
            Fixtures.uri, version: 2,
            [
                .init(
                    range: LSPRange(start: .init(line: 0, character: 99), end: .init(line: 0, character: 500)),
                    text: "  # end"),
                .init(
                    range: LSPRange(start: .init(line: 40, character: 0), end: .init(line: 41, character: 3)),
                    text: "c = 3\n"),
                .init(
                    range: LSPRange(start: .init(line: 1, character: 4), end: .init(line: 1, character: 1)), text: "="),
            ])
        #expect(try await client.serverText(Fixtures.uri)?.text == "a = 1  # end\nb=2\nc = 3\n")
        await client.change(Fixtures.uri, version: 3, [.init(text: "whole = 'new'\n")])
        #expect(try await client.serverText(Fixtures.uri) == DocumentTextResult(version: 3, text: "whole = 'new'\n"))
    }

    @Test func closingForgetsTheDocument() async throws {
        let (client, _) = try await TestClient.start()
        await client.open("x = 1\n", uri: Fixtures.uri)
        await client.notify(DidCloseTextDocumentNotification(textDocument: .init(uri: Fixtures.uri)))
        #expect(try await client.serverText(Fixtures.uri) == nil)
    }

    @Test func nonPythonDocumentsAreNotTracked() async throws {
        let (client, _) = try await TestClient.start()
        let uri = DocumentURI("file:///work/project/pyproject.toml")
        await client.notify(
            DidOpenTextDocumentNotification(
                textDocument: .init(uri: uri, languageId: "toml", version: 1, text: "[tool.umlaut]\n")))
        #expect(try await client.serverText(uri) == nil)
    }
}
