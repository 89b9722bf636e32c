import LintCore
import PythonSyntax
import TrainingModel

/// UM102: a Keras classifier outputs logits but its cross-entropy loss expects probabilities.
package struct MissingSoftmaxRule: Rule {
    package init() {}

    /// A network with a layer or activation a finding can rest on (UM102 pairs networks with their
    /// losses).
    package static let triggerTokens: TriggerTokens = .networksWithEvidence

    package static let description = RuleDescription(
        code: "UM102",
        name: "missing-softmax",
        summary: "The output layer has no softmax/sigmoid but the loss expects probabilities",
        defaultSeverity: .warning,
        whatItDoes: """
            For every Keras network with a cross-entropy loss (`categorical_crossentropy`, \
            `sparse_categorical_crossentropy`, `binary_crossentropy` and their focal variants, as strings, \
            function references or loss objects, given to `compile` or applied in a custom training loop), \
            reports an output layer that produces raw scores (logits): a linear layer (`Dense`, ...) with no \
            activation and no activation layer after it, while the loss does not say `from_logits=True`. \
            For binary cross-entropy the missing function is the sigmoid.

            Not reported: PyTorch (its `CrossEntropyLoss` and `BCEWithLogitsLoss` want logits); outputs that \
            pass through softmax, sigmoid or any other activation, given as `activation=` or as a separate \
            layer; regression and other losses; a loss whose `from_logits` is not a constant; categorical \
            cross-entropy over a single unit (UM105 reports that).
            """,
        whyIsThisBad: """
            A classifier's last linear layer outputs unbounded scores, one per class. Keras' cross-entropy losses \
            assume by default (`from_logits=False`) that they receive probabilities, which is what softmax (or, \
            for binary outputs, sigmoid) turns the scores into. Given raw scores instead, Keras rescales and \
            clips them as if they were probabilities: the loss no longer matches the model, gradients are wrong \
            or vanish, and accuracy stays poor — all without an error. Either the last layer applies softmax, \
            or the loss is told that it receives logits with `from_logits=True` (the numerically safer choice).
            """,
        example: """
            model = keras.Sequential([
                layers.Dense(64, activation="relu"),
                layers.Dense(10),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            """,
        useInstead: """
            model = keras.Sequential([
                layers.Dense(64, activation="relu"),
                layers.Dense(10),
            ])
            model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            """,
        fixSafety: """
            For categorical cross-entropy the fix makes the loss take logits: a string loss becomes the loss \
            class with `from_logits=True` (written with the Keras module name the script imports), a loss object \
            gets `from_logits=True`. The model and its predictions stay as they are and the loss becomes the one \
            the model needs, so the fix is safe when the loss is written inside `compile(...)`; it is unsafe when \
            the loss comes through a variable, which other code may share. For binary cross-entropy the fix adds \
            `activation="sigmoid"` to the output layer instead, so that `accuracy` (thresholded at 0.5) keeps \
            measuring probabilities; it changes the model's outputs and is unsafe.
            """,
        references: [
            Reference(
                "keras.losses.SparseCategoricalCrossentropy (from_logits)",
                "https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class"),
            Reference(
                "keras.losses.BinaryCrossentropy (from_logits)",
                "https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class"),
            Reference(
                "Schoop, Huang and Hartmann, UMLAUT: Debugging Deep Learning Programs using Program Structure "
                    + "and Model Behavior (CHI 2021)", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            Example(
                """
                from tensorflow import keras
                from tensorflow.keras import layers
                model = keras.Sequential([
                    layers.Dense(64, activation="relu"),
                    ↓layers.Dense(10),
                ])
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
                """),
            Example(
                """
                import keras
                from keras import layers
                inputs = keras.Input(shape=(20,))
                x = layers.Dense(32, activation="relu")(inputs)
                outputs = ↓layers.Dense(5)(x)
                model = keras.Model(inputs, outputs)
                model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(from_logits=False))
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(16, activation="relu"), ↓keras.layers.Dense(3)])
                model.compile(loss=keras.losses.sparse_categorical_crossentropy, optimizer="sgd")
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(16, activation="relu"), ↓keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
                """),
            Example(
                """
                import keras

                class Classifier(keras.Model):
                    def __init__(self):
                        super().__init__()
                        self.hidden = keras.layers.Dense(64, activation="relu")
                        self.scores = keras.layers.Dense(10)

                    def call(self, x):
                        return ↓self.scores(self.hidden(x))

                loss_fn = keras.losses.SparseCategoricalCrossentropy()
                model = Classifier()
                model.compile(optimizer="adam", loss=loss_fn)
                """),
        ],
        nonTriggeringExamples: [
            // TensorFlow's `softmax_cross_entropy` always takes logits: a linear output is right.
            Example(
                """
                import tensorflow as tf

                def classifier(x):
                    hidden = tf.layers.dense(x, 64, activation=tf.nn.relu)
                    return tf.layers.dense(hidden, 10)

                loss = tf.losses.softmax_cross_entropy(onehot_labels, classifier(images))
                """),
            // Names do not cross function scopes: the `model` of one test is not the other's.
            Example(
                """
                import keras
                def test_predict():
                    model = keras.Sequential([keras.layers.Dense(10)])
                    model.predict(x)
                def test_compile(model):
                    model.compile(optimizer="adam", loss="categorical_crossentropy")
                """),
            Example(
                """
                import keras
                def test_predict():
                    model = keras.Sequential([keras.layers.Dense(10)])
                    model.predict(x)
                def test_loss():
                    loss_fn = keras.losses.CategoricalCrossentropy()
                    loss_fn(y_true, y_pred)
                """),
            Example(
                """
                import keras
                from keras import layers
                model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                """),
            // UMLAUT tested the layer's name and flagged this correct model.
            Example(
                """
                import keras
                from keras import layers
                model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10), layers.Activation("softmax")])
                model.compile(optimizer="adam", loss="categorical_crossentropy")
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
                model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
                model.compile(optimizer="adam", loss="binary_crossentropy")
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
                criterion = nn.CrossEntropyLoss()
                """),
            Example(
                """
                import keras
                import config
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(4)])
                model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=config.LOGITS))
                """),
        ],
        corrections: [
            Correction(
                """
                from tensorflow import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                """,
                """
                from tensorflow import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
                model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """),
            Correction(
                """
                import tensorflow as tf
                model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
                model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=False, label_smoothing=0.1))
                """,
                """
                import tensorflow as tf
                model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
                model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1))
                """),
            Correction(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(3)])
                model.compile(loss=keras.losses.categorical_crossentropy)
                """,
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(3)])
                model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
                """),
            Correction(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(1)])
                model.compile(loss="binary_crossentropy")
                """,
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
                model.compile(loss="binary_crossentropy")
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        let imports = ImportCache(context.tree)
        for pair in context.outputLossPairs {
            let (network, loss) = (pair.network, pair.loss)
            guard network.framework == .keras, loss.framework == .keras, loss.kind.isCrossEntropy,
                !loss.alwaysTakesLogits
            else { continue }
            if let fromLogits = loss.fromLogits, fromLogits.value != .bool(false) { continue }
            let output = pair.output
            guard output.isLogits, let producer = output.producer else { continue }
            let isBinary = loss.kind == .binaryCrossentropy
            if !isBinary, output.units == 1 { continue }
            let location = context.location(of: producer, in: network)
            guard reported.insert(location.startByte).inserted else { continue }

            let lossText = Self.describe(loss, context: context)
            let expected = isBinary ? "probabilities in [0, 1] (a sigmoid output)" : "probabilities (a softmax output)"
            let message =
                "\(context.describe(producer, in: network)) (\(context.lines.label(context.line(of: producer, in: network)))), "
                + "the output layer of `\(network.name)`, has no activation, so the model outputs raw scores (logits), "
                + "but its loss \(lossText) (\(context.lines.label(loss.span.line))) expects \(expected): without `from_logits=True` "
                + "Keras treats the scores as probabilities and the model trains badly without an error"
            let related = [RelatedLocation(span: loss.span, message: "the loss, which expects probabilities")]
            let help =
                isBinary
                ? "Give the output layer `activation=\"sigmoid\"`, or pass `from_logits=True` to the loss"
                : "Pass `from_logits=True` to the loss, or give the output layer `activation=\"softmax\"`"
            let fix =
                isBinary
                ? sigmoidFix(producer, context: context)
                : fromLogitsFix(loss, of: network, context: context, imports: imports)
            let summary =
                "\(context.shortName(producer, in: network)) outputs logits, but "
                + (isBinary ? "binary cross-entropy expects probabilities" : "the loss expects probabilities")
            diagnostics.append(
                context.diagnostic(
                    Self.self, at: location, summary: summary, message: message, related: related,
                    help: help, fix: fix))
        }
        return diagnostics
    }

    /// A loss as messages name it: the string or the code as written.
    static func describe(_ loss: Loss, context: RuleContext) -> String {
        let written = context.text(loss.span)
        if written.count <= 60, !written.contains("\n") { return "`\(written)`" }
        return "`\(loss.name)`"
    }

    /// Makes a categorical cross-entropy loss take logits.
    private func fromLogitsFix(_ loss: Loss, of network: Network, context: RuleContext, imports: ImportCache) -> Fix? {
        guard let node = context.node(at: loss.span) else { return nil }
        let inline = context.isOwnInlineLoss(node, of: network)
        switch loss.form {
        case .string:
            guard let className = LossCatalog.kerasClassName(forLoss: loss.name),
                let spelled = context.kerasLossClass(className, imports: imports.table)
            else { return nil }
            return Fix(
                title: "Use `\(spelled)(from_logits=True)`", applicability: inline ? .safe : .unsafe,
                edits: [Edit(range: node.byteRange, replacement: "\(spelled)(from_logits=True)")])
        case .instance:
            if let fromLogits = loss.fromLogits {
                return Fix(
                    title: "Set `from_logits=True`", applicability: inline ? .safe : .unsafe,
                    edits: [Edit(range: fromLogits.valueSpan.byteRange, replacement: "True")])
            }
            guard let edit = SourceEdits.appendingArgument("from_logits=True", to: node) else { return nil }
            return Fix(title: "Pass `from_logits=True`", applicability: inline ? .safe : .unsafe, edits: [edit])
        case .function:
            // `keras.losses.x(y, p)` called in a training loop: pass the flag to the call.
            if let call = node.parent, call.type == "call", call.child(field: .function) == node {
                guard let edit = SourceEdits.appendingArgument("from_logits=True", to: call) else { return nil }
                return Fix(title: "Pass `from_logits=True`", applicability: .unsafe, edits: [edit])
            }
            guard let className = LossCatalog.kerasClassName(forLoss: loss.name) else { return nil }
            let written = node.text
            let spelled =
                written.lastIndex(of: ".").map { "\(written[..<$0]).\(className)" }
                ?? context.kerasLossClass(className, imports: imports.table)
            guard let spelled else { return nil }
            return Fix(
                title: "Use `\(spelled)(from_logits=True)`", applicability: inline ? .safe : .unsafe,
                edits: [Edit(range: node.byteRange, replacement: "\(spelled)(from_logits=True)")])
        }
    }

    private func sigmoidFix(_ producer: Layer, context: RuleContext) -> Fix? {
        guard let edit = context.settingActivation("sigmoid", on: producer) else { return nil }
        return Fix(title: "Add `activation=\"sigmoid\"` to the output layer", applicability: .unsafe, edits: [edit])
    }
}
