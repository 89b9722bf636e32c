import Foundation
import LSPTypes
import LanguageServer
import LintCore
import LintRules
import Testing
import VectorMath

@Suite struct PushDiagnosticsTests {
    @Test func openingPublishesDiagnosticsWithEveryField() async throws {
        let (client, _) = try await TestClient.start()
        let (code, markers) = Fixtures.parse(Fixtures.keras)
        await client.open(code, uri: Fixtures.uri, version: 3)
        let published = try await client.nextDiagnostics(for: Fixtures.uri)
        #expect(published.version == 3)
        let diagnostic = try #require(published.diagnostics.only)
        #expect(diagnostic.code == "UM302")
        #expect(diagnostic.source == "umlaut")
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.codeDescription?.href.hasPrefix("file://") == true)
        #expect(diagnostic.codeDescription?.href.hasSuffix("/UM302.md") == true)
        #expect(diagnostic.range.start == ClientText(code).position(ofUTF8Offset: markers[0]))
        #expect(diagnostic.message == "`Dropout` in `model` drops 80% of its inputs (rate 0.8 > 0.5)")
        let data = try #require(diagnostic.data)
        #expect(data["fix"]?["applicability"] == .string("unsafe"))
        #expect(data["disable"]?["newText"] == .string("  # umlaut: ignore[UM302]"))
    }

    @Test(arguments: [PositionEncodingKind.utf16, .utf8])
    func rangesCountInTheNegotiatedEncoding(encoding: PositionEncodingKind) async throws {
        let (client, _) = try await TestClient.start(ClientCapabilities.push.with(encodings: [encoding]))
        let line = "m = keras.Sequential([keras.layers.Dense(4, name=\"🧠é\"), keras.layers.Dropout(↓0.9)])"
        let (code, markers) = Fixtures.parse("import keras\n" + line + "\n")
        await client.open(code, uri: Fixtures.uri)
        let diagnostic = try #require(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.only)
        let expected = ClientText(code, encoding: encoding).position(ofUTF8Offset: markers[0])
        #expect(diagnostic.range.start == expected)
        // 🧠 is 2 UTF-16 units but 4 UTF-8 bytes; é is 1 and 2.
        let utf16Column = line.prefix(while: { $0 != "↓" }).utf16.count
        #expect(expected.character == (encoding == .utf8 ? utf16Column + 3 : utf16Column))
        #expect(diagnostic.range.end.character - diagnostic.range.start.character == 3)
    }

    @Test func fixingTheCodeClearsTheDiagnosticsAndClosingClearsThemToo() async throws {
        let (client, _) = try await TestClient.start()
        let (code, _) = Fixtures.parse(Fixtures.keras)
        await client.open(code, uri: Fixtures.uri)
        let first = try await client.nextDiagnostics(for: Fixtures.uri)
        let range = try #require(first.diagnostics.only).range
        await client.change(Fixtures.uri, version: 2, [.init(range: range, text: "0.3")])
        let fixed = try await client.nextDiagnostics(for: Fixtures.uri, version: 2)
        #expect(fixed.diagnostics.isEmpty)
        await client.change(
            Fixtures.uri, version: 3,
            [
                .init(
                    range: LSPRange(
                        start: range.start, end: .init(line: range.start.line, character: range.start.character + 3)),
                    text: "0.7")
            ])
        #expect(try await client.nextDiagnostics(for: Fixtures.uri, version: 3).diagnostics.count == 1)
        await client.notify(DidCloseTextDocumentNotification(textDocument: .init(uri: Fixtures.uri)))
        let cleared = try await client.nextNotification(PublishDiagnosticsNotification.self) {
            $0.uri == Fixtures.uri && $0.diagnostics.isEmpty
        }
        #expect(cleared.version == nil)
    }

    @Test func incrementalReparsesGiveTheDiagnosticsOfAFreshParse() async throws {
        let (client, _) = try await TestClient.start()
        var model = ClientText(Fixtures.parse(Fixtures.keras).code)
        await client.open(model.text, uri: Fixtures.uri)
        var generator = SeededGenerator(seed: 3)
        let pieces = ["Dropout(0.9)", "layers.Dropout(0.7),\n    ", "", "(", ")", "]", "0.6", "\n", "#"]
        for version in 2...60 {
            let lines = model.text.split(separator: "\n", omittingEmptySubsequences: false).count
            let start = Position(
                line: Int.random(in: 0..<lines, using: &generator), character: Int.random(in: 0...30, using: &generator)
            )
            let end = Position(line: start.line, character: start.character + Int.random(in: 0...4, using: &generator))
            let text = pieces.randomElement(using: &generator)!
            model.replace(LSPRange(start: start, end: end), with: text)
            await client.change(
                Fixtures.uri, version: version, [.init(range: LSPRange(start: start, end: end), text: text)])
        }
        let incremental = try await client.nextDiagnostics(for: Fixtures.uri, version: 60)
        let (fresh, _) = try await TestClient.start()
        await fresh.open(model.text, uri: Fixtures.uri, version: 60)
        let expected = try await fresh.nextDiagnostics(for: Fixtures.uri, version: 60)
        #expect(incremental.diagnostics == expected.diagnostics)
    }

    @Test func editsArrivingWhileAnAnalysisIsPendingAreDebouncedToTheLastVersion() async throws {
        // A slow rule keeps the first analysis busy while the burst of edits queues up behind it.
        let rules: [any Rule] = BuiltInRules.all + [SlowTestRule()]
        let (client, _) = try await TestClient.start(options: TestClient.options(rules: rules, debounce: 40))
        let (code, _) = Fixtures.parse(Fixtures.keras)
        await client.open(code, uri: Fixtures.uri)
        for version in 2...30 {
            await client.change(
                Fixtures.uri, version: version,
                [
                    .init(
                        range: LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)),
                        text: "#")
                ])
        }
        let last = try await client.nextDiagnostics(for: Fixtures.uri, version: 30)
        #expect(last.diagnostics.count == 1)
        let all = try await client.notifications(PublishDiagnosticsNotification.self, during: .milliseconds(150))
        // Besides the last version, at most the open and the first edit of the burst were analysed.
        #expect(all.count <= 2)
        #expect(all.allSatisfy { ($0.version ?? 0) < 30 })
    }

    @Test func anEditAfterAQuietMomentIsAnalysedWithoutWaitingForTheDebounce() async throws {
        // A ten-minute debounce: had the server waited for it, the wait below would time out, so
        // the answer itself shows the debounce was skipped (no wall-clock bound, which load breaks).
        let (client, _) = try await TestClient.start(options: TestClient.options(debounce: 600_000))
        let (code, _) = Fixtures.parse(Fixtures.keras)
        await client.open(code, uri: Fixtures.uri)
        _ = try await client.nextDiagnostics(for: Fixtures.uri, version: 1, timeout: .seconds(60))
        await client.change(
            Fixtures.uri, version: 2,
            [.init(range: LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)), text: "#")])
        _ = try await client.nextDiagnostics(for: Fixtures.uri, version: 2, timeout: .seconds(60))
    }

    @Test func noDiagnosticsArePushedToAClientThatPulls() async throws {
        let (client, _) = try await TestClient.start(.pull)
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        let pushed = try await client.notifications(PublishDiagnosticsNotification.self, during: .milliseconds(50))
        #expect(pushed.isEmpty)
    }
}

extension Collection {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
