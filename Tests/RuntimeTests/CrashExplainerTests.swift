import Foundation
import PythonSyntax
import Testing

@testable import Runtime

/// The crash event's decoding and what `CrashExplainer` makes of messages and scripts without
/// running them: the kinds it knows, the places it finds, and silence when it cannot tell.
@Suite struct CrashExplainerTests {
    static func explain(_ message: String, script: String, type: String = "RuntimeError") -> CrashExplanation? {
        let locator = RootCauseLocator(scriptPath: "/w/train.py", source: SourceText(Array(script.utf8)))
        return CrashExplainer.explain(
            .init(type: type, message: message, location: nil), state: TrainingState(), locator: locator)
    }

    static let torchScript = """
        import torch
        from torch import nn

        model = nn.Sequential(nn.Embedding(100, 8), nn.Flatten(), nn.Linear(80, 3))
        loss_fn = nn.CrossEntropyLoss()
        for x, y in loader:
            loss = loss_fn(model(x), y)
            loss.backward()
        """

    static let kerasScript = """
        import keras

        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y)
        """

    @Test func aCrashEventDecodesWithItsLocationAndFrames() {
        let line =
            #"{"event": "crash", "type": "ValueError", "qualified_type": "builtins.ValueError", "message": "bad", "location": {"file": "/w/a.py", "line": 7, "function": "f", "column": 4, "end_line": 7, "end_column": 9}, "frames": [{"file": "/w/a.py", "line": 7, "function": "f", "user": true}, {"file": "/lib/x.py", "line": 2}, {"line": 3}]}"#
        guard case .event("crash", .crash(let crash)) = RuntimeEvent.decode(Array(line.utf8)) else {
            Issue.record("not a crash"); return
        }
        #expect(crash.type == "ValueError" && crash.message == "bad")
        #expect(crash.location == SourceLocation(file: "/w/a.py", line: 7))
        #expect(crash.column == 4 && crash.endColumn == 9)
        #expect(
            crash.frames == [
                .init(file: "/w/a.py", line: 7, function: "f", isUser: true),
                .init(file: "/lib/x.py", line: 2, function: nil, isUser: false),
            ])
        guard
            case .event("crash", .unknown) = RuntimeEvent.decode(
                Array(#"{"event": "crash", "message": "no type"}"#.utf8))
        else {
            Issue.record("a crash without a type"); return
        }
    }

    @Test func aMessageOfNoKnownKindExplainsNothing() {
        #expect(Self.explain("CUDA out of memory. Tried to allocate 2.00 GiB", script: Self.torchScript) == nil)
        #expect(Self.explain("name 'x_train' is not defined", script: Self.kerasScript, type: "NameError") == nil)
    }

    @Test func aKindWhoseLayerTheScriptDoesNotShowHasNoCause() {
        // The weight is 12x16, but no Linear(12, 16) is written: the kind is known, the place is not.
        let shape = Self.explain("mat1 and mat2 shapes cannot be multiplied (4x8 and 12x16)", script: Self.torchScript)
        #expect(shape == CrashExplanation(kind: .shape, cause: nil))
        // A script without networks.
        #expect(
            Self.explain("Target 5 is out of bounds.", script: "import torch\n")
                == CrashExplanation(kind: .labelRange, cause: nil))
    }

    @Test func anEmbeddingGivenFloatsIsTheDtypeCause() throws {
        let explanation = Self.explain(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)",
            script: Self.torchScript)
        #expect(explanation?.kind == .dtype)
        let cause = try #require(explanation?.cause)
        #expect(cause.location.line == 4)
        #expect(cause.note.hasPrefix("`Embedding(100, 8)` takes integer token ids"))
    }

    @Test func floatClassIndicesIntoCrossEntropyPointAtTheLoss() throws {
        let explanation = Self.explain("expected scalar type Long but found Float", script: Self.torchScript)
        #expect(explanation?.kind == .lossLabels)
        #expect(explanation?.cause?.location.line == 5)
        #expect(explanation?.cause?.note.contains("`y.long()`") == true)
    }

    @Test func oneHotLabelsIntoASparseLossPointAtTheLoss() throws {
        let explanation = Self.explain(
            "Argument `output` must have rank (ndim) `target.ndim - 1`. Received: target.shape=(16, 3), output.shape=(16, 3)",
            script: Self.kerasScript, type: "ValueError")
        #expect(explanation?.kind == .lossLabels)
        let cause = try #require(explanation?.cause)
        #expect(cause.location.line == 4)
        #expect(cause.note.hasPrefix("`sparse_categorical_crossentropy` expects class indices"))
        // The same words about a categorical loss would be wrong: the ranks say which way round.
        #expect(
            Self.explain("Received: target.shape=(16,), output.shape=(16, 3)", script: Self.kerasScript)?.cause == nil)
    }

    @Test func kerasLabelOutOfRangeNamesTheOutputLayersUnits() throws {
        let explanation = Self.explain(
            "Received a label value of 3 which is outside the valid range of [0, 3).  Label values: 0 3 1",
            script: Self.kerasScript, type: "InvalidArgumentError")
        let cause = try #require(explanation?.cause)
        #expect(explanation?.kind == .labelRange)
        #expect(cause.location.line == 3)
        #expect(cause.note.contains("has 3 units, so the labels must be 0 to 2, but a label is 3"))
    }

    @Test func theCrashColumnsCountCharactersNotBytes() throws {
        let script = "x = \"é\"; model.fit(x, y)\n"
        let locator = RootCauseLocator(scriptPath: "/w/train.py", source: SourceText(Array(script.utf8)))
        let byteStart = Array("x = \"é\"; ".utf8).count
        let crash = RuntimeEvent.Crash(
            type: "ValueError", message: "m", location: SourceLocation(file: "/w/train.py", line: 1),
            column: byteStart, endLine: 1, endColumn: byteStart + 15)
        let location = try #require(CrashExplainer.location(of: crash, locator: locator))
        #expect(location == CodeLocation(path: "/w/train.py", line: 1, column: 10, endLine: 1, endColumn: 25))
    }
}
