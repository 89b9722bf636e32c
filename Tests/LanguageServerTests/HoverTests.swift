import Foundation
import LSPTypes
import PythonSyntax
import Testing
import TrainingModel

@testable import LanguageServer

@Suite struct HoverTests {
    static func hover(_ client: TestClient, at needle: String, in code: String, offset: Int = 1) async throws -> Hover?
    {
        let utf8 = Array(code.utf8)
        let found = try #require(utf8.firstRange(of: Array(needle.utf8)))
        let position = ClientText(code).position(ofUTF8Offset: found.lowerBound + offset)
        return try await client.send(HoverRequest(textDocument: .init(uri: Fixtures.uri), position: position))
    }

    static func opened() async throws -> (TestClient, String) {
        let (client, _) = try await TestClient.start()
        let code = Fixtures.parse(Fixtures.keras).code
        await client.open(code, uri: Fixtures.uri)
        return (client, code)
    }

    @Test func onADiagnosticExplainsTheRule() async throws {
        let (client, code) = try await Self.opened()
        let hover = try #require(try await Self.hover(client, at: "0.8", in: code))
        #expect(hover.contents.kind == .markdown)
        #expect(hover.contents.value.hasPrefix("**UM302 high-dropout** (warning)"))
        #expect(hover.contents.value.contains("**Why is this bad?**"))
        // The full message, and the link to the installed page.
        #expect(hover.contents.value.contains("drops 80% of its inputs in training (rate 0.8, above 0.5)"))
        #expect(hover.contents.value.contains("documentation](file://"))
        #expect(hover.contents.value.contains("/UM302.md)"))
        // The layer under the cursor is described after the rule.
        #expect(hover.contents.value.contains("**Dropout(0.8)**"))
        let line = ClientText(code).position(
            ofUTF8Offset: Array(code.utf8).firstRange(of: Array("0.8".utf8))!.lowerBound)
        #expect(hover.range?.start == line)
    }

    @Test func onALayerSaysWhatUmlautUnderstood() async throws {
        let (client, code) = try await Self.opened()
        let dense = try #require(try await Self.hover(client, at: "Dense(32)", in: code))
        #expect(dense.contents.value.hasPrefix("**Dense(32)** — activation: linear (Keras default)"))
        #expect(dense.contents.value.contains("`keras.layers.Dense`"))
        let relu = try #require(try await Self.hover(client, at: "Dense(64", in: code))
        #expect(relu.contents.value.contains("activation: relu (`activation=` argument)"))
    }

    /// Losses and optimizers are described from the model (built by hand here, since their
    /// extraction is another module's work).
    @Test func describesLossesAndOptimizers() throws {
        let source = SourceText("loss = x\n")
        let span = SourceSpan(0..<4, in: source)
        let flag = Argument(
            keyword: "from_logits", position: nil, value: .bool(true), text: "True", span: span, valueSpan: span)
        let rate = Argument(
            keyword: "learning_rate", position: nil, value: .float(0.001), text: "1e-3", span: span, valueSpan: span)
        var model = ScriptModel()
        model.losses = [
            Loss(
                framework: .keras, name: "categorical_crossentropy", kind: .categoricalCrossentropy, form: .string,
                span: span, networkName: "model")
        ]
        let content = HoverContent(diagnostics: [], model: model, rules: [:])
        let text = try #require(content.markdown(at: 1)?.text)
        #expect(text.hasPrefix("**Loss: categorical_crossentropy** — Keras, categoricalCrossentropy"))
        #expect(text.contains("Expects: probabilities (`from_logits` not given: False)"))
        #expect(text.contains("Used with: `model`"))

        model.losses = [
            Loss(
                framework: .keras, name: "categorical_crossentropy", kind: .categoricalCrossentropy, form: .instance,
                fromLogits: flag, span: span)
        ]
        #expect(
            HoverContent(diagnostics: [], model: model, rules: [:]).markdown(at: 1)?.text.contains(
                "raw logits (`from_logits=True`)") == true)

        model.losses = []
        model.optimizers = [
            Optimizer(framework: .pytorch, className: "Adam", family: .adaptive, learningRate: rate, span: span)
        ]
        let optimizer = try #require(HoverContent(diagnostics: [], model: model, rules: [:]).markdown(at: 2)?.text)
        #expect(optimizer.hasPrefix("**Optimizer: Adam** — PyTorch, adaptive"))
        #expect(optimizer.contains("Learning rate: 0.001"))
        model.optimizers = [
            Optimizer(framework: .keras, className: "adam", family: .adaptive, span: span, isString: true)
        ]
        #expect(
            HoverContent(diagnostics: [], model: model, rules: [:]).markdown(at: 2)?.text.contains(
                "the framework's default") == true)
        #expect(HoverContent(diagnostics: [], model: model, rules: [:]).markdown(at: 6) == nil)
    }

    @Test func elsewhereThereIsNothingToSay() async throws {
        let (client, code) = try await Self.opened()
        #expect(try await Self.hover(client, at: "import keras", in: code) == nil)
        let outside = try await client.send(
            HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 999, character: 999)))
        #expect(outside == nil)
        let unknown = try await client.send(
            HoverRequest(
                textDocument: .init(uri: DocumentURI("file:///not/open.py")), position: .init(line: 0, character: 0)))
        #expect(unknown == nil)
    }
}
