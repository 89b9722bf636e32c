import LintCore
import LintRules
import PythonSyntax
import Testing

/// A fix marked safe edits only the flagged network's own training setup and never a loss
/// another model or output may share; an inference wrapper is not judged (nor fixed) against
/// the loss of the model it wraps.
@Suite struct LossFixSafetyTests {
    private func diagnostics(_ code: RuleCode, _ source: String) -> [Diagnostic] {
        Linter(rules: [BuiltInRules.rule(code)!]).lint(SourceText(source)).diagnostics
    }

    @Test func aLossInlineInTheNetworksOwnCompileGetsASafeFix() {
        let found = diagnostics(
            "UM104",
            """
            import keras
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            """)
        #expect(found.count == 1)
        #expect(found.first?.fix?.applicability == .safe)
    }

    @Test func aLossCompiledUnderAnotherNameGetsNoSafeFix() {
        // `net` is `model`, but a compile on another name may be shared code: the edit is not certain to
        // touch only this network's training.
        let found = diagnostics(
            "UM104",
            """
            import keras
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            net = model
            net.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            """)
        #expect(found.count == 1)
        #expect(found.first?.fix?.applicability == .unsafe)
    }

    @Test func aLossSharedByTwoModelsGetsNoSafeFix() {
        let found = diagnostics(
            "UM102",
            """
            import keras
            loss = keras.losses.CategoricalCrossentropy()
            a = keras.Sequential([keras.layers.Dense(10)])
            b = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            a.compile(optimizer="adam", loss=loss)
            b.compile(optimizer="adam", loss=loss)
            """)
        #expect(found.count == 1)
        #expect(found.allSatisfy { $0.fix?.applicability != .safe })
    }

    /// The TensorFlow basic-classification tutorial: `--fix` must not rewrite the trained model's loss.
    @Test func theInferenceWrapperOfATrainedModelIsLeftAlone() {
        let source = """
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(10),
            ])
            model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(train_images, train_labels, epochs=10)
            probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
            predictions = probability_model.predict(test_images)
            """
        let all = Linter(rules: BuiltInRules.all).lint(SourceText(source)).diagnostics
        #expect(all.filter { $0.fix != nil }.isEmpty, "\(all.map(\.message))")
        #expect(all.filter { ["UM102", "UM104", "UM105"].contains($0.code) }.isEmpty)
    }
}
