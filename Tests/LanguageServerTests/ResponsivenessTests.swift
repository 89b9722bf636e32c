import Foundation
import LSPTypes
import LanguageServer
import LintCore
import LintRules
import Testing

/// The server stays responsive whatever the documents: analyses run off the message loop, a
/// newer version cancels an older analysis, documents over the size limit are not analysed,
/// and deeply nested code neither crashes nor stalls it. Slow analyses are held at an
/// `AnalysisGate`, so these tests assert on what is answered while one is held, not on time.
@Suite struct ResponsivenessTests {
    static let slowURI = DocumentURI("file:///work/project/slow.py")

    static func options() -> ServerOptions {
        TestClient.options(rules: BuiltInRules.all + [GatedTestRule()])
    }

    @Test func aSlowAnalysisDoesNotBlockHoverCancelOrShutdown() async throws {
        let gate = AnalysisGate()
        let (client, _) = try await TestClient.start(options: Self.options())
        let keras = Fixtures.parse(Fixtures.keras).code
        await client.open(gate.marker + keras, uri: Self.slowURI)
        try await gate.wait(entered: 1)

        // Another document is analysed, published and hovered while slow.py's analysis is held.
        await client.open(keras, uri: Fixtures.uri)
        let published = try await client.nextDiagnostics(for: Fixtures.uri, version: 1)
        #expect(published.diagnostics.contains { $0.code == "UM302" })
        let hover = try await client.send(
            HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 7, character: 20)))
        #expect(hover != nil)
        #expect(!gate.isOpen)

        // A hover on the held document waits for its analysis, and `$/cancelRequest` ends it.
        let waiting = await client.startRequest(
            HoverRequest(textDocument: .init(uri: Self.slowURI), position: .init(line: 8, character: 20)))
        #expect(try await client.serverText(Self.slowURI)?.version == 1)
        await client.notify(CancelRequestNotification(id: waiting))
        await #expect(throws: ResponseError.cancelled) {
            _ = try await client.response(to: waiting, as: HoverRequest.self)
        }

        // Edits while it is held: the analysis of version 1 stops (cooperatively), version 3's
        // starts; `shutdown` is answered while that one is held, and stops it too.
        await client.change(Self.slowURI, version: 2, [.init(text: gate.marker + keras + "\n")])
        await client.change(Self.slowURI, version: 3, [.init(text: gate.marker + keras + "\n\n")])
        try await gate.wait(entered: 2, cancelled: 1)
        _ = try await client.send(ShutdownRequest())
        try await gate.wait(entered: 2, cancelled: 2)
        #expect(!gate.isOpen)
        // Nothing was published for slow.py: every analysis of it was cancelled.
        #expect(await client.drain(PublishDiagnosticsNotification.self).allSatisfy { $0.uri != Self.slowURI })
        gate.open()
    }

    @Test func onlyTheLatestVersionOfAHeldDocumentIsPublished() async throws {
        let gate = AnalysisGate()
        let (client, _) = try await TestClient.start(options: Self.options())
        let keras = Fixtures.parse(Fixtures.keras).code
        await client.open(gate.marker + keras, uri: Self.slowURI)
        try await gate.wait(entered: 1)
        for version in 2...5 {
            await client.change(
                Self.slowURI, version: version,
                [.init(text: gate.marker + keras + String(repeating: "\n", count: version))])
        }
        #expect(try await client.serverText(Self.slowURI)?.version == 5)
        gate.open()
        let published = try await client.nextDiagnostics(for: Self.slowURI)
        #expect(published.version == 5)
        #expect(published.diagnostics.contains { $0.code == "UM302" })
        #expect(await client.drain(PublishDiagnosticsNotification.self).allSatisfy { $0.uri != Self.slowURI })
    }

    /// The limits lowered (10 MB and 1 MB in the product), so that the test costs little.
    static func smallLimits() -> ServerOptions {
        var options = TestClient.options()
        options.maximumDocumentSize = 100_000
        options.largeDocumentSize = 20_000
        return options
    }

    @Test func aDocumentOverTheSizeLimitIsNotAnalysedAndTheUserIsToldOnce() async throws {
        let options = Self.smallLimits()
        let (client, _) = try await TestClient.start(options: options)
        let keras = Fixtures.parse(Fixtures.keras).code
        let padding = String(
            repeating: "# padding padding padding padding padding padding padding padding\n",
            count: options.maximumDocumentSize / 66 + 1)
        let big = keras + padding
        #expect(big.utf8.count > options.maximumDocumentSize)
        await client.open(big, uri: Fixtures.uri)
        let shown = try await client.nextNotification(ShowMessageNotification.self)
        #expect(shown.message.contains("train.py") && shown.message.contains("over its 100 KB limit"))
        #expect(try await client.nextDiagnostics(for: Fixtures.uri, version: 1).diagnostics.isEmpty)
        #expect(
            try await client.send(
                HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 7, character: 20))) == nil)

        // Still too large after an edit: nothing new to say.
        await client.change(
            Fixtures.uri, version: 2,
            [.init(range: .init(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)), text: "# a\n")]
        )
        #expect(try await client.nextDiagnostics(for: Fixtures.uri, version: 2).diagnostics.isEmpty)
        #expect(await client.drain(ShowMessageNotification.self).isEmpty)

        // Back under the limit, it is parsed and analysed again.
        await client.change(Fixtures.uri, version: 3, [.init(text: keras)])
        let diagnostics = try await client.nextDiagnostics(for: Fixtures.uri, version: 3).diagnostics
        #expect(diagnostics.contains { $0.code == "UM302" })
    }

    @Test func aDocumentTooLargeToParseOnTheActorIsParsedByItsAnalysis() async throws {
        let options = Self.smallLimits()
        let (client, _) = try await TestClient.start(options: options)
        let keras = Fixtures.parse(Fixtures.keras).code
        let padding = String(
            repeating: "# padding padding padding padding padding padding padding padding\n", count: 500)
        #expect((keras + padding).utf8.count > options.largeDocumentSize)
        await client.open(keras + padding, uri: Fixtures.uri)
        let first = try await client.nextDiagnostics(for: Fixtures.uri, version: 1, timeout: .seconds(60))
        #expect(first.diagnostics.map(\.range.start.line) == [7])
        // Edited (no tree to re-parse on the actor): the next analysis parses the new text.
        await client.change(
            Fixtures.uri, version: 2,
            [
                .init(
                    range: .init(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)),
                    text: "# a\n# b\n")
            ])
        let second = try await client.nextDiagnostics(for: Fixtures.uri, version: 2, timeout: .seconds(60))
        #expect(second.diagnostics.map(\.range.start.line) == [9])
        #expect(
            try await client.send(
                HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 9, character: 20))) != nil)
    }

    /// What crashed the server on open (functional nesting, slow rather than fatal, is covered
    /// by `umlaut check`'s and the model's tests).
    @Test(arguments: [DeepNesting.kerasSequential(4_000), DeepNesting.torchSequential(4_000)])
    func deeplyNestedModelsAreAnalysedWithoutCrashingTheServer(code: String) async throws {
        let (client, _) = try await TestClient.start()
        await client.open(code, uri: Fixtures.uri)
        _ = try await client.nextDiagnostics(for: Fixtures.uri, version: 1, timeout: .seconds(120))
        _ = try await client.send(
            HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 1, character: 12)))
        #expect(try await client.serverText(Fixtures.uri)?.version == 1)
    }
}

/// Generated scripts whose models nest thousands deep (the stack overflow of issue 8).
enum DeepNesting {
    static func kerasSequential(_ depth: Int) -> String {
        "import keras\nmodel = " + String(repeating: "keras.Sequential([", count: depth) + "keras.layers.Dense(1)"
            + String(repeating: "])", count: depth) + "\nmodel.compile(optimizer=\"adam\", loss=\"mse\")\n"
    }

    static func torchSequential(_ depth: Int) -> String {
        "import torch.nn as nn\nmodel = " + String(repeating: "nn.Sequential(", count: depth) + "nn.Linear(1, 1)"
            + String(repeating: ")", count: depth) + "\n"
    }

    static func functional(_ depth: Int) -> String {
        "import keras\ninputs = keras.Input(shape=(4,))\nx = "
            + String(repeating: "keras.layers.Dense(4)(", count: depth) + "inputs"
            + String(repeating: ")", count: depth)
            + "\nmodel = keras.Model(inputs, x)\nmodel.compile(optimizer=\"adam\", loss=\"mse\")\n"
    }
}
