import Foundation
import LintCore
import PythonSyntax
import Testing

@testable import Runtime

/// Builders for synthetic training runs: the rules' tests feed them epoch series.
enum Synthetic {
    static let script = """
        import keras
        from keras import layers
        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dense(10),
        ])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=-1e3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(x_train, y_train, epochs=10, validation_data=(x_train[:100], y_train[:100]))
        """
    static let path = "/work/project/train.py"

    static func locator() -> RootCauseLocator {
        RootCauseLocator(scriptPath: path, source: SourceText(script))
    }

    /// Whether the static analysis extracts datasets, optimizers and `fit` calls (the passes
    /// being written in parallel): the tests of finer root causes than the reported lines need it.
    static let staticAnalysisFindsTrainingSetup: Bool = {
        guard let model = locator().scriptModel else { return false }
        return !model.fits.isEmpty && !model.optimizers.isEmpty && !model.datasets.isEmpty
    }()

    static func at(_ line: Int) -> Runtime.SourceLocation { Runtime.SourceLocation(file: path, line: line) }

    /// A model run with the script's model, optimizer and fit reported at their lines.
    static func run(
        learningRate: Double = 0.001, optimizer: String = "Adam", epochs: [RuntimeEvent.EpochReport] = []
    ) -> ModelRun {
        var state = TrainingState()
        state.apply(
            .model(
                .init(
                    id: "m1", framework: "keras", className: "Sequential", name: "sequential", createdAt: at(4),
                    dataFormat: "channels_last", inputShape: [nil, 32, 32, 3],
                    layers: [
                        .init(
                            name: "conv2d", className: "Conv2D", activation: "relu", createdAt: at(5), parameters: 896,
                            dataFormat: "channels_last"),
                        .init(
                            name: "flatten", className: "Flatten", activation: nil, createdAt: at(6), parameters: 0,
                            dataFormat: nil),
                        .init(
                            name: "dense", className: "Dense", activation: "relu", createdAt: at(7), parameters: 100,
                            dataFormat: nil),
                        .init(
                            name: "dense_1", className: "Dense", activation: nil, createdAt: at(8), parameters: 650,
                            dataFormat: nil),
                    ])))
        state.apply(
            .optimizer(
                .init(id: "o1", className: optimizer, learningRate: learningRate, schedule: nil, createdAt: at(10))))
        state.apply(
            .trainBegin(
                .init(
                    model: "m1", optimizer: "o1", callSite: at(11), epochs: 10, batchSize: 32, trainSamples: 5000,
                    validation: .init(kind: "data", callSite: at(11), samples: 100))))
        for report in epochs { state.apply(.epoch(report)) }
        return state.runs["m1"]!
    }

    static func epoch(
        _ index: Int, loss: Double = 1.0, accuracy: Double? = nil, valLoss: Double? = nil, valAccuracy: Double? = nil,
        learningRate: Double? = 0.001, input: RuntimeEvent.InputStatistics? = nil,
        gradients: [(String, Double)] = [], activations: [(String, Double)] = []
    ) -> RuntimeEvent.EpochReport {
        var metrics = ["loss": loss]
        metrics["accuracy"] = accuracy
        metrics["val_loss"] = valLoss
        metrics["val_accuracy"] = valAccuracy
        return .init(
            model: "m1", epoch: index, duration: 1, metrics: metrics, learningRate: learningRate, input: input,
            gradients: gradients.map { .init(layer: $0.0, value: $0.1) },
            activations: activations.map { .init(layer: $0.0, activation: "relu", nonpositiveFraction: $0.1) },
            nonfiniteBatches: 0)
    }

    static func input(
        min: Double, max: Double, shape: [Int] = [32, 32, 32, 3], nan: Int = 0
    ) -> RuntimeEvent.InputStatistics {
        .init(
            batches: 8, samples: 256, min: min, max: max, mean: (min + max) / 2, std: 1, nan: nan, inf: 0, shape: shape,
            dtype: "float32")
    }

    /// Runs one rule over a run with optional threshold overrides (TOML keys). Every scenario
    /// also checks what editors show of each finding: one short line (`expectShortSummary`).
    static func check<R: RuntimeRule>(
        _ rule: R, _ run: ModelRun, thresholds: [String: Double] = [:],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [RuntimeFinding] {
        var settings = Settings()
        for (key, value) in thresholds {
            if let problem = settings.thresholds.set(key: key, value: value) {
                fatalError("threshold \(key) = \(value): \(problem)")
            }
        }
        let findings = rule.check(RuntimeContext(run: run, settings: settings, locator: locator()))
        for finding in findings { expectShortSummary(finding, sourceLocation: sourceLocation) }
        return findings
    }

    /// The editor shows a runtime finding as its summary and the epochs, `(epochs 12–15)`:
    /// the summary stays within 80 characters so that the line stays within the 100 of
    /// `Diagnostic.summaryLimit`, on one line.
    static func expectShortSummary(_ finding: RuntimeFinding, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    {
        #expect(!finding.summary.isEmpty, "\(finding.code) has no summary", sourceLocation: sourceLocation)
        #expect(
            finding.summary.count <= 80,
            "\(finding.code) summary of \(finding.summary.count) characters: \(finding.summary)",
            sourceLocation: sourceLocation)
        #expect(
            !finding.summary.contains("\n"), "\(finding.code) summary spans lines: \(finding.summary)",
            sourceLocation: sourceLocation)
    }

    /// A healthy run: losses fall, accuracies rise, validation a little worse, inputs in range.
    static func healthy(epochs count: Int = 8) -> ModelRun {
        run(
            epochs: (0..<count).map { index in
                epoch(
                    index, loss: 2.0 * pow(0.8, Double(index)), accuracy: 0.3 + 0.05 * Double(index),
                    valLoss: 2.1 * pow(0.82, Double(index)), valAccuracy: 0.28 + 0.05 * Double(index),
                    input: input(min: 0, max: 1), gradients: [("conv2d", 0.02), ("dense", 0.05), ("dense_1", 0.1)],
                    activations: [("conv2d", 0.5), ("dense", 0.55)])
            })
    }
}
