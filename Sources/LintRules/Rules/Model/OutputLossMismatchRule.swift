import LintCore
import PythonSyntax
import TrainingModel

/// UM105: the output activation and the loss disagree.
package struct OutputLossMismatchRule: Rule {
    package init() {}

    /// A network with a layer or activation a finding can rest on (UM105 looks at its output).
    package static let triggerTokens: TriggerTokens = .networksWithEvidence

    package static let description = RuleDescription(
        code: "UM105",
        name: "output-loss-mismatch",
        summary: "The output activation and the loss do not fit together",
        defaultSeverity: .warning,
        whatItDoes: """
            Checks the end of every network against the loss applied to its output, and reports the first of \
            these that holds (one finding per network and loss):

            1. softmax over a single unit (`Dense(1, activation="softmax")`, `Linear(_, 1)` then `Softmax`), \
            with or without a loss;
            2. a categorical cross-entropy (Keras `categorical_crossentropy`, `sparse_categorical_crossentropy`; \
            PyTorch `CrossEntropyLoss`) on an output of one unit;
            3. Keras categorical cross-entropy (not from logits) on a sigmoid output;
            4. binary cross-entropy (Keras `binary_crossentropy` not from logits, PyTorch `BCELoss`) on a softmax \
            over more than two units;
            5. a regression loss (MSE, MAE, Huber, ...) on a softmax output;
            6. PyTorch `NLLLoss` on anything but log-probabilities: softmax or sigmoid output, or raw logits \
            (`log_softmax`, or `torch.log` of a softmax, is right);
            7. PyTorch `BCELoss` on raw logits;
            8. a Keras cross-entropy (not from logits) on outputs that are not probabilities: ReLU, tanh, ELU, \
            softplus, ... as the last activation;
            9. a cross-entropy that takes logits (PyTorch `CrossEntropyLoss`, `BCEWithLogitsLoss`; Keras with \
            `from_logits=True`; TensorFlow's `softmax_cross_entropy_with_logits`, ...) on scores a ReLU cuts off \
            at 0 (`relu`, `relu6`) or a tanh squeezes into [-1, 1] (`tanh`, `hardtanh`, `softsign`) as the last \
            activation. Other activations (ELU, GELU, softplus, ...) leave usable logits and are not reported.

            The number of units must be a constant (`Dense(10)`, `nn.Linear(128, 10)`) and not reshaped after \
            the output layer (`Dense(1)` over a sequence, then `Flatten()`) for checks 1, 2 and 4. A network with \
            several outputs is paired with a loss only through a loss list or dict that names its first output \
            (a `None` slot means no loss). \
            Not reported here: logits with a Keras loss that expects probabilities (UM102) and softmax or sigmoid \
            before a loss that applies it itself (UM104). Sigmoid with a regression loss is left alone (it is how \
            outputs in [0, 1], such as pixels, are usually fitted).
            """,
        whyIsThisBad: """
            The last activation decides what the network's outputs mean, and the loss decides how they are \
            scored; when the two disagree the model optimises something other than what was meant, silently. \
            Softmax normalises across units, so over a single unit it always outputs 1.0 and the model cannot \
            learn. Cross-entropy over one class is constant. Categorical cross-entropy wants a distribution that \
            sums to 1, which independent sigmoids are not; binary cross-entropy scores each unit as its own \
            yes/no question, which softmax outputs are not (and Keras' `accuracy` then reports a misleadingly \
            high binary accuracy). A regression loss on probabilities learns slowly. `NLLLoss` only picks the \
            target's value out of its input, so it needs log-probabilities: given probabilities or logits it is \
            not a likelihood at all, and on logits it can fall without bound. `BCELoss` needs probabilities in \
            [0, 1].
            """,
        example: """
            outputs = layers.Dense(1, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="rmsprop", loss="binary_crossentropy")
            """,
        useInstead: """
            outputs = layers.Dense(1, activation="sigmoid")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="rmsprop", loss="binary_crossentropy")
            """,
        fixSafety: """
            Softmax over one unit becomes sigmoid: safe when the loss is binary cross-entropy (a sigmoid is \
            then certainly what was meant), unsafe otherwise. Softmax before `NLLLoss` becomes log-softmax \
            (`F.softmax` → `F.log_softmax`, `nn.Softmax` → `nn.LogSoftmax`) and `BCELoss` on logits becomes \
            `BCEWithLogitsLoss`; both are unsafe since they change what the model or the loss computes. The other \
            mismatches have no automatic fix: whether the output or the loss is wrong depends on the task.
            """,
        references: [
            Reference("keras.losses (probabilistic and regression losses)", "https://keras.io/api/losses/"),
            Reference(
                "torch.nn.NLLLoss (the input is expected to contain log-probabilities)",
                "https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html"),
            Reference("torch.nn.BCELoss", "https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html"),
            Reference(
                "Schoop, Huang and Hartmann, UMLAUT: Debugging Deep Learning Programs using Program Structure "
                    + "and Model Behavior (CHI 2021)", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            Example(
                """
                import keras
                from keras import layers
                inputs = keras.Input(shape=(200,))
                x = layers.Dense(32, activation="relu")(inputs)
                outputs = layers.Dense(1, ↓activation="softmax")(x)
                model = keras.Model(inputs, outputs)
                model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(16, activation="relu"), ↓keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(10, ↓activation="sigmoid")])
                model.compile(optimizer="adam", loss="categorical_crossentropy")
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(5, ↓activation="softmax")])
                model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(3), ↓keras.layers.Softmax()])
                model.compile(optimizer="adam", loss="mse")
                """),
            Example(
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(784, 10)

                    def forward(self, x):
                        return ↓F.softmax(self.fc(x), dim=1)

                model = Net()
                criterion = nn.NLLLoss()
                for x, y in loader:
                    loss = criterion(model(x), y)
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), ↓nn.Linear(32, 3))
                criterion = nn.NLLLoss()
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), ↓nn.Linear(32, 1))
                criterion = nn.BCELoss()
                """),
            // Cross-entropy after a ReLU: the outputs are not probabilities.
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, ↓activation="relu")])
                model.compile(optimizer="adam", loss="categorical_crossentropy")
                """),
            // Logits cut off at 0 before a loss that applies softmax itself.
            Example(
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc1 = nn.Linear(784, 128)
                        self.fc2 = nn.Linear(128, 10)

                    def forward(self, x):
                        x = F.relu(self.fc1(x))
                        return ↓F.relu(self.fc2(x))

                model = Net()
                criterion = nn.CrossEntropyLoss()
                for x, y in loader:
                    loss = criterion(model(x), y)
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1), ↓nn.Tanh())
                criterion = nn.BCEWithLogitsLoss()
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, ↓activation="relu")])
                model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """),
            // A loss list binds its first slot to the first output.
            Example(
                """
                import keras
                from keras import layers
                x = keras.Input(shape=(16,))
                score_output = ↓layers.Dense(1, name="score_output")(x)
                class_output = layers.Dense(5, name="class_output")(x)
                model = keras.Model(inputs=x, outputs=[score_output, class_output])
                model.compile(optimizer="rmsprop", loss=[keras.losses.CategoricalCrossentropy(), "mse"])
                """),
        ],
        nonTriggeringExamples: [
            // Two nested functions of the same name: each call builds its own function's model.
            Example(
                """
                from tensorflow import keras

                def regression():
                    def create_model():
                        return keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
                    model = create_model()
                    model.compile(optimizer="adam", loss="mse")

                def classifier():
                    def create_model():
                        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
                        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                        return model
                    model = create_model()
                """),
            // A `train_step` of its own that never reads the compiled loss: that loss is never applied.
            Example(
                """
                import keras
                import tensorflow as tf

                class DepthModel(keras.Model):
                    def __init__(self):
                        super().__init__()
                        self.head = keras.layers.Conv2D(1, (1, 1), activation="tanh")
                        self.loss_metric = keras.metrics.Mean(name="loss")

                    def call(self, x):
                        return self.head(x)

                    def train_step(self, batch):
                        x, target = batch
                        with tf.GradientTape() as tape:
                            loss = tf.reduce_mean(tf.abs(target - self(x, training=True)))
                        self.optimizer.apply_gradients(zip(tape.gradient(loss, self.trainable_variables), self.trainable_variables))
                        self.loss_metric.update_state(loss)
                        return {"loss": self.loss_metric.result()}

                model = DepthModel()
                model.compile("adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """),
            // Logits after an ELU or a linear layer are usable; a ReLU inside the network is not the output.
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
                criterion = nn.CrossEntropyLoss()
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10), nn.ELU())
                criterion = nn.CrossEntropyLoss()
                """),
            // A ReLU output is fine for a regression loss.
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1, activation="relu")])
                model.compile(optimizer="adam", loss="mse")
                """),
            // `Dense(1)` over a sequence, flattened: one score per position, softmax over positions.
            Example(
                """
                import keras
                from keras import layers
                embedding = keras.Input(shape=(384, 768))
                start_logits = layers.Dense(1, use_bias=False)(embedding)
                start_logits = layers.Flatten()(start_logits)
                start_probs = layers.Activation(keras.activations.softmax)(start_logits)
                model = keras.Model(inputs=embedding, outputs=start_probs)
                model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
                """),
            // Actor-critic: the regression loss reads the critic's output, not the actor's softmax.
            Example(
                """
                import keras
                from keras import layers
                inputs = layers.Input(shape=(4,))
                common = layers.Dense(128, activation="relu")(inputs)
                action = layers.Dense(2, activation="softmax")(common)
                critic = layers.Dense(1)(common)
                model = keras.Model(inputs=inputs, outputs=[action, critic])
                huber_loss = keras.losses.Huber()
                action_probs, critic_value = model(state)
                critic_loss = huber_loss(tf.expand_dims(critic_value, 0), tf.expand_dims(ret, 0))
                """),
            Example(
                """
                import torch.nn as nn
                import torch.nn.functional as F
                class Policy(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.affine1 = nn.Linear(4, 128)
                        self.action_head = nn.Linear(128, 2)
                        self.value_head = nn.Linear(128, 1)
                    def forward(self, x):
                        x = F.relu(self.affine1(x))
                        return F.softmax(self.action_head(x), dim=-1), self.value_head(x)
                model = Policy()
                probs, value = model(state)
                value_loss = F.smooth_l1_loss(value, returns)
                """),
            // A `None` slot: the first output (one unit) has no loss; the cross-entropy is the second's.
            Example(
                """
                import keras
                from keras import layers
                x = keras.Input(shape=(16,))
                score_output = layers.Dense(1, name="score_output")(x)
                class_output = layers.Dense(5, name="class_output")(x)
                model = keras.Model(inputs=x, outputs=[score_output, class_output])
                model.compile(optimizer="rmsprop", loss=[None, keras.losses.CategoricalCrossentropy()])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
                model.compile(optimizer="adam", loss="binary_crossentropy")
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                """),
            // Two softmax units with binary cross-entropy compute the same loss as categorical cross-entropy.
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
                model.compile(optimizer="adam", loss="binary_crossentropy")
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
                """),
            // A sigmoid output fitted with MSE, as autoencoders do for pixels in [0, 1].
            Example(
                """
                import keras
                decoder = keras.Sequential([keras.layers.Dense(784, activation="sigmoid")])
                decoder.compile(optimizer="adam", loss="mse")
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 10), nn.LogSoftmax(dim=1))
                criterion = nn.NLLLoss()
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
                criterion = nn.NLLLoss()

                def step(x, y):
                    return criterion(torch.log(model(x)), y)
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())
                criterion = nn.BCELoss()
                """),
            // Each output has its own loss: the regression loss belongs to `box`, not to the softmax output.
            Example(
                """
                import keras
                from keras import layers
                inputs = keras.Input(shape=(64,))
                x = layers.Dense(32, activation="relu")(inputs)
                digit = layers.Dense(10, activation="softmax", name="digit")(x)
                box = layers.Dense(4, name="box")(x)
                model = keras.Model(inputs=inputs, outputs=[digit, box])
                model.compile(optimizer="adam", loss={"box": "mse", "digit": "sparse_categorical_crossentropy"})
                model.compile(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"])
                """),
            Example(
                """
                import keras
                NUM_CLASSES = get_classes()
                model = keras.Sequential([keras.layers.Dense(NUM_CLASSES, activation="softmax")])
                model.compile(loss="binary_crossentropy")
                """),
        ],
        corrections: [
            Correction(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
                model.compile(optimizer="rmsprop", loss="binary_crossentropy")
                """,
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
                model.compile(optimizer="rmsprop", loss="binary_crossentropy")
                """),
            Correction(
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(784, 10)

                    def forward(self, x):
                        return F.softmax(self.fc(x), dim=1)

                criterion = nn.NLLLoss()
                """,
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(784, 10)

                    def forward(self, x):
                        return F.log_softmax(self.fc(x), dim=1)

                criterion = nn.NLLLoss()
                """),
            Correction(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(32, 1), nn.Softmax(dim=1))
                criterion = nn.BCELoss()
                """,
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(32, 1), nn.Sigmoid())
                criterion = nn.BCELoss()
                """),
            Correction(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(32, 1))
                criterion = nn.BCELoss()
                """,
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(32, 1))
                criterion = nn.BCEWithLogitsLoss()
                """),
        ]
    )

    /// One mismatch found: where, what, and how to fix it.
    private struct Finding {
        var location: SourceSpan
        /// One short line for editors (see `Diagnostic.summary`).
        var summary: String
        var message: String
        var related: [RelatedLocation]
        var help: String
        var fix: Fix?
    }

    package func check(_ context: RuleContext) -> [Diagnostic] {
        var findings: [Finding] = []
        var reported: Set<Int> = []
        let pairs = context.outputLossPairs
        let outputs = context.networkOutputs
        var singleUnitSoftmax: Set<Int> = []
        for (index, network) in context.model.networks.enumerated() {
            if let finding = softmaxOverOneUnit(network, output: outputs[index], pairs: pairs, context: context) {
                singleUnitSoftmax.insert(network.span.startByte)
                if reported.insert(finding.location.startByte).inserted { findings.append(finding) }
            }
        }
        for pair in pairs where !singleUnitSoftmax.contains(pair.network.span.startByte) {
            guard let finding = mismatch(pair, context: context), reported.insert(finding.location.startByte).inserted
            else { continue }
            findings.append(finding)
        }
        return findings.map {
            context.diagnostic(
                Self.self, at: $0.location, summary: $0.summary, message: $0.message, related: $0.related,
                help: $0.help, fix: $0.fix)
        }
    }

    // MARK: Checks

    /// Check 1: softmax over a single unit, whatever the loss.
    private func softmaxOverOneUnit(
        _ network: Network, output: Network.Output, pairs: [OutputLossPair], context: RuleContext
    ) -> Finding? {
        guard output.units == 1, let producer = output.producer, let last = output.activations.last,
            last.activation.isSoftmax
        else { return nil }
        let losses = pairs.filter { $0.network.span == network.span }.map(\.loss)
        let activation = OutputActivation(activation: last.activation, layer: last.layer)
        guard let location = context.location(of: activation, in: network) else { return nil }
        let binary = !losses.isEmpty && losses.allSatisfy { $0.kind == .binaryCrossentropy }
        let applies =
            last.layer == producer
            ? "\(context.describe(producer, in: network)) (\(context.lines.label(context.line(of: producer, in: network)))) applies softmax over its single unit"
            : "\(describe(activation, in: network, context: context)) applies softmax over the single unit of "
                + "\(context.describe(producer, in: network))"
        var message = "\(applies), so `\(network.name)` outputs 1.0 whatever its input and cannot learn"
        var related: [RelatedLocation] = []
        if let loss = losses.first {
            message +=
                "; its loss \(MissingSoftmaxRule.describe(loss, context: context)) (\(context.lines.label(loss.span.line)))"
                + (binary ? " expects a sigmoid probability" : " cannot change that")
            related.append(RelatedLocation(span: loss.span, message: "the loss"))
        }
        var fix: Fix?
        if last.activation.origin == .argument, let edit = context.settingActivation("sigmoid", on: last.layer) {
            fix = Fix(title: "Use `activation=\"sigmoid\"`", applicability: binary ? .safe : .unsafe, edits: [edit])
        } else if !last.layer.isFunctionCall, last.layer.className == "Softmax" {
            // `nn.Softmax(dim=1)` → `nn.Sigmoid()`, `layers.Softmax()` → `layers.Activation("sigmoid")`.
            let callee = context.text(last.layer.calleeSpan)
            let prefix = callee.dropLast("Softmax".count)
            let replacement = network.framework == .pytorch ? "\(prefix)Sigmoid()" : "\(prefix)Activation(\"sigmoid\")"
            fix = Fix(
                title: "Use `\(replacement)`", applicability: binary ? .safe : .unsafe,
                edits: [Edit(range: last.layer.span.byteRange, replacement: replacement)])
        }
        let summary =
            "Softmax over the single unit of \(context.shortName(producer, in: network)): it always outputs 1.0"
        return Finding(
            location: location, summary: summary, message: message, related: related,
            help: "For one output unit use sigmoid (binary classification) or no activation (regression)", fix: fix)
    }

    /// Checks 2–7 for one network and loss.
    private func mismatch(_ pair: OutputLossPair, context: RuleContext) -> Finding? {
        let (network, loss, output) = (pair.network, pair.loss, pair.output)
        guard let producer = output.producer else { return nil }
        // Most pairs fit: the texts and locations below are built only for the finding returned (lazily).
        lazy var lossText = MissingSoftmaxRule.describe(loss, context: context)
        lazy var lossRelated = [RelatedLocation(span: loss.span, message: "the loss")]
        let activations = pair.activations(of: output)
        let effective = OutputLossPair.effectiveActivation(of: activations)
        let isLogits = output.isLogits && pair.step?.activationBeforeLoss == nil
        let categorical = loss.kind == .categoricalCrossentropy || loss.kind == .sparseCategoricalCrossentropy
        lazy var producerLocation = context.location(of: producer, in: network)
        lazy var producerText =
            "\(context.describe(producer, in: network)) (\(context.lines.label(context.line(of: producer, in: network))))"
        let activation = activations.last
        lazy var activationLocation = activation.flatMap {
            $0.layer == nil ? $0.activation.span : context.location(of: $0, in: network)
        }
        lazy var activationText = activation.map { describe($0, in: network, context: context) } ?? producerText
        lazy var producerName = context.shortName(producer, in: network)
        lazy var networkName = ShortName.code(network.name)
        lazy var lossName = ShortName.code(loss.name)

        // 2. Cross-entropy over classes on one unit.
        if categorical, output.units == 1 {
            return Finding(
                location: producerLocation,
                summary: "\(producerName) has one unit, but the loss is a cross-entropy over classes",
                message:
                    "\(producerText), the output layer of `\(network.name)`, has a single unit, but its loss \(lossText) "
                    + "(\(context.lines.label(loss.span.line))) is a cross-entropy over classes: over one class it is constant and nothing is learned",
                related: lossRelated,
                help:
                    "Give the output layer one unit per class, or use binary cross-entropy with a sigmoid for two classes"
            )
        }
        // 3. Keras categorical cross-entropy on sigmoid outputs.
        if loss.framework == .keras, categorical, !loss.expectsLogits, effective == "sigmoid", let activationLocation {
            var fix: Fix?
            if let last = activation, last.activation.origin == .argument, let layer = last.layer,
                let edit = context.settingActivation("softmax", on: layer)
            {
                fix = Fix(title: "Use `activation=\"softmax\"`", applicability: .unsafe, edits: [edit])
            }
            return Finding(
                location: activationLocation,
                summary: "\(networkName) ends in sigmoid, but categorical cross-entropy expects softmax",
                message:
                    "\(activationText) gives each output of `\(network.name)` its own independent probability, but its loss "
                    + "\(lossText) (\(context.lines.label(loss.span.line))) expects one distribution over the classes that sums to 1",
                related: lossRelated,
                help: "Use softmax for one class per sample, or binary cross-entropy for several labels per sample",
                fix: fix)
        }
        // 4. Binary cross-entropy on a softmax over more than two units.
        if loss.kind == .binaryCrossentropy, !loss.expectsLogits, effective == "softmax", let units = output.units,
            units > 2,
            let activationLocation
        {
            return Finding(
                location: activationLocation,
                summary: "\(networkName) ends in softmax, but binary cross-entropy scores each unit alone",
                message:
                    "\(activationText) makes the \(units) outputs of `\(network.name)` compete as one distribution, but its "
                    + "loss \(lossText) (\(context.lines.label(loss.span.line))) scores each unit as a separate yes/no question (and Keras' "
                    + "`accuracy` then reports a binary accuracy that looks far too good)",
                related: lossRelated,
                help: "Use categorical cross-entropy for one label per sample, or sigmoid outputs for several labels")
        }
        // 5. A regression loss on probabilities.
        if loss.kind == .regression, effective == "softmax", let activationLocation {
            return Finding(
                location: activationLocation,
                summary: "\(networkName) ends in softmax, but \(lossName) is a regression loss",
                message:
                    "\(activationText) ends `\(network.name)` with softmax probabilities, but its loss \(lossText) "
                    + "(\(context.lines.label(loss.span.line))) is a regression loss: probabilities scored by distance learn slowly",
                related: lossRelated,
                help: "For classification use a cross-entropy loss; for regression remove the softmax")
        }
        // 6. NLLLoss needs log-probabilities.
        if loss.framework == .pytorch, loss.kind == .negativeLogLikelihood, effective != "log_softmax" {
            if effective == "softmax" || effective == "sigmoid", let activationLocation, let last = activation {
                return Finding(
                    location: activationLocation,
                    summary:
                        "\(networkName) ends in \(ShortName.shortened(effective ?? "softmax", limit: 12)), but \(lossName) expects log-probabilities",
                    message: "\(activationText) makes `\(network.name)` output probabilities, but its loss \(lossText) "
                        + "(\(context.lines.label(loss.span.line))) expects log-probabilities: the loss it computes is not a likelihood",
                    related: lossRelated,
                    help: "Use `log_softmax` instead of `softmax`, or drop the softmax and use `nn.CrossEntropyLoss`",
                    fix: effective == "softmax" ? logSoftmaxFix(last, in: network, context: context) : nil)
            }
            if isLogits {
                return Finding(
                    location: producerLocation,
                    summary: "\(producerName) outputs logits, but \(lossName) expects log-probabilities",
                    message:
                        "\(producerText), the output layer of `\(network.name)`, outputs raw scores (logits), but its loss "
                        + "\(lossText) (\(context.lines.label(loss.span.line))) expects log-probabilities: it just negates the target's "
                        + "score, which can fall without bound",
                    related: lossRelated,
                    help:
                        "End `forward` with `F.log_softmax(x, dim=1)`, or use `nn.CrossEntropyLoss`, which takes logits"
                )
            }
        }
        // 8. Keras cross-entropy on outputs that are not probabilities (ReLU, tanh, ...).
        if loss.framework == .keras, loss.kind.isCrossEntropy, !loss.expectsLogits, let effective,
            Self.nonProbabilityActivations.contains(effective), let activationLocation
        {
            return Finding(
                location: activationLocation,
                summary:
                    "\(networkName) ends with `\(ShortName.shortened(effective, limit: 12))`, but \(lossName) expects probabilities",
                message:
                    "\(activationText) ends `\(network.name)` with `\(effective)` values, which are not probabilities, but its loss "
                    + "\(lossText) (\(context.lines.label(loss.span.line))) takes its input as probabilities: values above 1 or at 0 "
                    + "are clipped and the loss gives wrong gradients",
                related: lossRelated,
                help: "End with softmax (one class per sample) or sigmoid (yes/no or several labels), "
                    + "or remove the \(effective) and pass `from_logits=True` to the loss")
        }
        // 9. Logits cut off at 0 or squeezed into [-1, 1] before a loss that applies softmax or sigmoid itself.
        if loss.expectsLogits, loss.kind.isCrossEntropy, let effective, let bound = Self.boundedLogits[effective],
            let activationLocation
        {
            let squash = loss.kind == .binaryCrossentropy ? "sigmoid" : "softmax"
            return Finding(
                location: activationLocation,
                summary:
                    "\(networkName) ends with `\(ShortName.shortened(effective, limit: 12))`, but \(lossName) expects raw logits",
                message: "\(activationText) ends `\(network.name)` with `\(effective)`, but its loss \(lossText) "
                    + "(\(context.lines.label(loss.span.line))) applies \(squash) itself and expects raw logits: "
                    + (bound == .atZero
                        ? (loss.kind == .binaryCrossentropy
                            ? "scores cut off at 0 give probabilities of at least 0.5, so the model cannot predict the negative class"
                            : "scores cut off at 0 get no gradient below 0, so a class cannot be pushed down once its score reaches 0")
                        : "scores squeezed into [-1, 1] keep the \(squash) from ever becoming confident, so the loss cannot fall far"),
                related: lossRelated,
                help: "Remove the \(effective) from the output: the last layer should output raw scores (logits)")
        }
        // 7. BCELoss needs probabilities.
        if loss.framework == .pytorch, loss.name == "BCELoss", isLogits {
            return Finding(
                location: producerLocation,
                summary: "\(producerName) outputs logits, but \(lossName) expects probabilities",
                message:
                    "\(producerText), the output layer of `\(network.name)`, outputs raw scores (logits), but its loss "
                    + "\(lossText) (\(context.lines.label(loss.span.line))) expects probabilities in [0, 1]",
                related: lossRelated,
                help: "Use `nn.BCEWithLogitsLoss`, which applies the sigmoid itself, or end the model with a sigmoid",
                fix: bceWithLogitsFix(loss, context: context))
        }
        return nil
    }

    // MARK: Helpers

    enum LogitBound { case atZero, unitInterval }

    /// Last activations that make raw scores unusable as logits: cut off at 0, or bounded to [-1, 1].
    static let boundedLogits: [String: LogitBound] = [
        "relu": .atZero, "relu6": .atZero, "tanh": .unitInterval, "hardtanh": .unitInterval, "softsign": .unitInterval,
    ]

    /// Output activations whose values are not probabilities (unbounded, negative, or not in [0, 1]).
    static let nonProbabilityActivations: Set<String> = [
        "relu", "relu6", "elu", "selu", "leaky_relu", "tanh", "softplus", "softsign", "gelu", "swish", "silu",
        "exponential",
        "mish",
    ]

    /// An output activation as messages name it; capitalised, since it starts sentences.
    private func describe(_ activation: OutputActivation, in network: Network, context: RuleContext) -> String {
        guard let layer = activation.layer else {
            return "The training step's `\(activation.activation.span.map(context.text) ?? activation.activation.name)`"
        }
        let owner = activation.activation.origin == .argument ? "The \(activation.activation.name) of " : ""
        return
            "\(owner)\(context.describe(layer, in: network)) (\(context.lines.label(context.line(of: layer, in: network))))"
    }

    /// Renames a layer class or function in place (`nn.Softmax` → `nn.Sigmoid`, `F.softmax` → `F.log_softmax`).
    private func renamed(_ layer: Layer, from old: String, to new: String, context: RuleContext) -> Edit? {
        let callee = context.text(layer.calleeSpan)
        guard callee.hasSuffix(old) else { return nil }
        let start = layer.calleeSpan.endByte - old.utf8.count
        return Edit(range: start..<layer.calleeSpan.endByte, replacement: new)
    }

    private func logSoftmaxFix(_ activation: OutputActivation, in network: Network, context: RuleContext) -> Fix? {
        guard let layer = activation.layer, activation.activation.origin == .layer else { return nil }
        let edit =
            layer.isFunctionCall
            ? renamed(layer, from: "softmax", to: "log_softmax", context: context)
            : renamed(layer, from: "Softmax", to: "LogSoftmax", context: context)
        return edit.map { Fix(title: "Use log-softmax", applicability: .unsafe, edits: [$0]) }
    }

    private func bceWithLogitsFix(_ loss: Loss, context: RuleContext) -> Fix? {
        guard let node = context.node(at: loss.span) else { return nil }
        let callee = loss.form == .instance ? node.child(field: .function) : node
        guard let callee,
            let edit = loss.form == .instance
                ? (callee.text.hasSuffix("BCELoss")
                    ? Edit(range: (callee.endByte - 7)..<callee.endByte, replacement: "BCEWithLogitsLoss") : nil)
                : (callee.text.hasSuffix("binary_cross_entropy")
                    ? Edit(range: callee.endByte..<callee.endByte, replacement: "_with_logits") : nil)
        else { return nil }
        return Fix(title: "Use `BCEWithLogitsLoss`", applicability: .unsafe, edits: [edit])
    }
}
