import Foundation
import PythonSyntax
import Testing
import TrainingModel
import VectorMath

/// The promise of `DecomposedAnalyzer` (the server's analysis group by group) under random
/// edits: after every edit, on every script of the realworld corpus that splits into groups and
/// on a generated script of many independent models, the model is the full analysis's, or the
/// analyzer declines (nil) and the server runs the full analysis. Edits come from `RandomEdit`,
/// as in `IncrementalAnalysisTests`; `UMLAUT_PROPERTY_SEED=N` replays a failure.
@Suite struct DecomposedAnalysisPropertyTests {
    /// A script like `bench/lsp.sh`'s: many small Keras models, each built by its own function,
    /// some used at module level.
    static let generated = generated(models: 24)

    static func generated(models: Int) -> String {
        var lines = ["import keras", "from keras import layers", "import numpy as np", "RATE = 0.3", ""]
        for block in 0..<models {
            lines += [
                "def build_model_\(block)(units=\(32 + block)):",
                "    model = keras.Sequential([",
                "        layers.Dense(units, activation=\"relu\"),",
                "        layers.Dropout(\(block % 5 == 0 ? "0.8" : "RATE")),",
                "        layers.Dense(10, activation=\"softmax\"),",
                "    ])",
                "    model.compile(loss=\"sparse_categorical_crossentropy\", optimizer=\"adam\")",
                "    return model",
                "",
            ]
            if block % 6 == 0 {
                lines += [
                    "model_\(block) = build_model_\(block)()", "model_\(block).fit(np.zeros((4, 8)), np.zeros(4))", "",
                ]
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func groupByGroupEqualsTheFullAnalysisAfterRandomEdits() throws {
        var scripts: [(name: String, text: String)] = [("generated", Self.generated)]
        if let corpus = IncrementalAnalysisTests.corpus,
            let enumerator = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)
        {
            let paths = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "py" }.map(\.path).sorted()
            for path in paths {
                let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                let analyzer = DecomposedAnalyzer()
                let tree = Parser().parse(SourceText(text))
                if (analyzer.analyze(tree) ?? analyzer.analyze(tree)) != nil { scripts.append((path, text)) }
            }
        }
        // The corpus, when it is there, has scripts that split.
        if IncrementalAnalysisTests.corpus != nil { #expect(scripts.count > 10) }
        let parser = Parser()
        var compared = 0
        var reused = 0
        for script in scripts {
            var generator = SeededGenerator(seed: IncrementalAnalysisTests.seed(for: script.name))
            var source = SourceText(Array(script.text.utf8))
            var history = [source.bytes]
            let analyzer = DecomposedAnalyzer()
            _ = analyzer.analyze(parser.parse(source))
            for step in 0..<IncrementalAnalysisTests.edits {
                let (change, next) = RandomEdit.make(source.bytes, history: history, using: &generator)
                history.append(next)
                source = RandomEdit.apply(change, to: source).0
                let tree = parser.parse(source)
                guard let decomposed = analyzer.analyze(tree) else { continue }
                compared += 1
                reused += analyzer.lastReused
                let full = ScriptAnalyzer.analyze(tree)
                #expect(
                    decomposed == full,
                    "\(script.name), edit \(step + 1) (\(change)): UMLAUT_PROPERTY_SEED=\(IncrementalAnalysisTests.seed)"
                )
                if decomposed != full { break }
            }
        }
        print("decomposed analysis: \(scripts.count) scripts, \(compared) edits compared, \(reused) groups reused")
        // Most edits leave most groups alone; were nothing reused, the test would prove little.
        #expect(compared > 20 && reused * 2 > compared, "compared \(compared), groups reused \(reused)")
    }
}
