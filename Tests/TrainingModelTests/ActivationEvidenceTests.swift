import PythonSyntax
import Testing
import TrainingModel

/// A layer's activation is known (as an argument, or resolved from a `**dict`), certainly the
/// linear default, or explicitly unknown: never the default for what cannot be seen.
@Suite struct ActivationEvidenceTests {
    private func activations(_ code: String) -> [Activation?] {
        let model = ScriptAnalyzer.analyze(Parser().parse(SourceText(code)))
        return model.networks.flatMap(\.layers).filter { $0.kind == .linear }.map(\.activation)
    }

    @Test func argumentsDefaultsAndSplats() {
        let found = activations(
            """
            import keras
            from keras import layers
            cfg = {"padding": "same", "activation": "softmax"}
            plain = {"padding": "same"}

            def head(**head_args):
                return keras.Sequential([layers.Dense(10, **head_args)])

            model = keras.Sequential([
                layers.Dense(64, activation="relu"),
                layers.Dense(64),
                layers.Dense(64, **cfg),
                layers.Dense(64, **plain),
                layers.Dense(64, **dict(activation=None)),
                layers.Dense(64, *extra),
            ])
            """)
        #expect(
            found.map { $0?.origin } == [
                .unknown, .argument, .defaultLinear, .indirect, .defaultLinear, .indirect, .unknown,
            ])
        #expect(found.map { $0?.name } == ["**head_args", "relu", "linear", "softmax", "linear", "linear", "*extra"])
        #expect(found[0]?.isLinear == false && found[0]?.isKnown == false)
    }

    @Test func unresolvedValuesAreUnknownAndImportedFunctionsKnown() {
        let found = activations(
            """
            import tensorflow as tf
            from keras import layers, Sequential

            def block(units, activation):
                return Sequential([layers.Dense(units, activation=activation), layers.Dense(units, activation=tf.nn.gelu)])
            """)
        #expect(found.map { $0?.origin } == [.unknown, .argument])
        #expect(found.last??.name == "gelu")
    }
}
