import LintCore
import PythonSyntax
import TrainingModel

/// UM105: the output activation and the loss disagree.
public struct OutputLossMismatchRule: Rule {
    public init() {}

    /// A network (UM103 looks at networks' outputs).
    public static let triggerTokens: TriggerTokens = .networks

    public static let description = RuleDescription(
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
            7. PyTorch `BCELoss` on raw logits.

            The number of units must be a constant (`Dense(10)`, `nn.Linear(128, 10)`) for checks 1, 2 and 4. \
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
            Reference("torch.nn.NLLLoss (the input is expected to contain log-probabilities)",
                      "https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html"),
            Reference("torch.nn.BCELoss", "https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html"),
            Reference("Schoop, Huang and Hartmann, UMLAUT: Debugging Deep Learning Programs using Program Structure "
                      + "and Model Behavior (CHI 2021)", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            Example("""
                import keras
                from keras import layers
                inputs = keras.Input(shape=(200,))
                x = layers.Dense(32, activation="relu")(inputs)
                outputs = layers.Dense(1, ↓activation="softmax")(x)
                model = keras.Model(inputs, outputs)
                model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
                """),
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(16, activation="relu"), ↓keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """),
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(10, ↓activation="sigmoid")])
                model.compile(optimizer="adam", loss="categorical_crossentropy")
                """),
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(5, ↓activation="softmax")])
                model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
                """),
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(3), ↓keras.layers.Softmax()])
                model.compile(optimizer="adam", loss="mse")
                """),
            Example("""
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
            Example("""
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), ↓nn.Linear(32, 3))
                criterion = nn.NLLLoss()
                """),
            Example("""
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), ↓nn.Linear(32, 1))
                criterion = nn.BCELoss()
                """),
        ],
        nonTriggeringExamples: [
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
                model.compile(optimizer="adam", loss="binary_crossentropy")
                """),
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                """),
            // Two softmax units with binary cross-entropy compute the same loss as categorical cross-entropy.
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
                model.compile(optimizer="adam", loss="binary_crossentropy")
                """),
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
                """),
            // A sigmoid output fitted with MSE, as autoencoders do for pixels in [0, 1].
            Example("""
                import keras
                decoder = keras.Sequential([keras.layers.Dense(784, activation="sigmoid")])
                decoder.compile(optimizer="adam", loss="mse")
                """),
            Example("""
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 10), nn.LogSoftmax(dim=1))
                criterion = nn.NLLLoss()
                """),
            Example("""
                import torch
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
                criterion = nn.NLLLoss()

                def step(x, y):
                    return criterion(torch.log(model(x)), y)
                """),
            Example("""
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())
                criterion = nn.BCELoss()
                """),
            // Each output has its own loss: the regression loss belongs to `box`, not to the softmax output.
            Example("""
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
            Example("""
                import keras
                NUM_CLASSES = get_classes()
                model = keras.Sequential([keras.layers.Dense(NUM_CLASSES, activation="softmax")])
                model.compile(loss="binary_crossentropy")
                """),
        ],
        corrections: [
            Correction("""
                import keras
                model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
                model.compile(optimizer="rmsprop", loss="binary_crossentropy")
                """, """
                import keras
                model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
                model.compile(optimizer="rmsprop", loss="binary_crossentropy")
                """),
            Correction("""
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(784, 10)

                    def forward(self, x):
                        return F.softmax(self.fc(x), dim=1)

                criterion = nn.NLLLoss()
                """, """
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
            Correction("""
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(32, 1), nn.Softmax(dim=1))
                criterion = nn.BCELoss()
                """, """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(32, 1), nn.Sigmoid())
                criterion = nn.BCELoss()
                """),
            Correction("""
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(32, 1))
                criterion = nn.BCELoss()
                """, """
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

    public func check(_ context: RuleContext) -> [Diagnostic] {
        var findings: [Finding] = []
        var reported: Set<Int> = []
        let pairs = context.model.outputLossPairs()
        var singleUnitSoftmax: Set<Int> = []
        for network in context.model.networks {
            let losses = pairs.filter { $0.network.span == network.span }.map(\.loss)
            if let finding = softmaxOverOneUnit(network, losses: losses, context: context) {
                singleUnitSoftmax.insert(network.span.startByte)
                if reported.insert(finding.location.startByte).inserted { findings.append(finding) }
            }
        }
        for pair in pairs where !singleUnitSoftmax.contains(pair.network.span.startByte) {
            guard let finding = mismatch(pair, context: context), reported.insert(finding.location.startByte).inserted else { continue }
            findings.append(finding)
        }
        return findings.map {
            context.diagnostic(Self.self, at: $0.location, summary: $0.summary, message: $0.message, related: $0.related, help: $0.help, fix: $0.fix)
        }
    }

    // MARK: Checks

    /// Check 1: softmax over a single unit, whatever the loss.
    private func softmaxOverOneUnit(_ network: Network, losses: [Loss], context: RuleContext) -> Finding? {
        let output = network.output
        guard output.units == 1, let producer = output.producer, let last = output.activations.last,
              last.activation.isSoftmax else { return nil }
        let activation = OutputActivation(activation: last.activation, layer: last.layer)
        guard let location = context.location(of: activation, in: network) else { return nil }
        let binary = !losses.isEmpty && losses.allSatisfy { $0.kind == .binaryCrossentropy }
        let applies = last.layer == producer
            ? "\(context.describe(producer, in: network)) (\(context.lines.label(context.line(of: producer, in: network)))) applies softmax over its single unit"
            : "\(describe(activation, in: network, context: context)) applies softmax over the single unit of "
                + "\(context.describe(producer, in: network))"
        var message = "\(applies), so `\(network.name)` outputs 1.0 whatever its input and cannot learn"
        var related: [RelatedLocation] = []
        if let loss = losses.first {
            message += "; its loss \(MissingSoftmaxRule.describe(loss, context: context)) (\(context.lines.label(loss.span.line)))"
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
            fix = Fix(title: "Use `\(replacement)`", applicability: binary ? .safe : .unsafe,
                      edits: [Edit(range: last.layer.span.byteRange, replacement: replacement)])
        }
        let summary = "Softmax over the single unit of \(context.shortName(producer, in: network)): it always outputs 1.0"
        return Finding(location: location, summary: summary, message: message, related: related,
                       help: "For one output unit use sigmoid (binary classification) or no activation (regression)", fix: fix)
    }

    /// Checks 2–7 for one network and loss.
    private func mismatch(_ pair: OutputLossPair, context: RuleContext) -> Finding? {
        let (network, loss) = (pair.network, pair.loss)
        let output = network.output
        guard let producer = output.producer else { return nil }
        let lossText = MissingSoftmaxRule.describe(loss, context: context)
        let lossRelated = [RelatedLocation(span: loss.span, message: "the loss")]
        let effective = pair.effectiveActivation
        let isLogits = output.isLogits && pair.step?.activationBeforeLoss == nil
        let categorical = loss.kind == .categoricalCrossentropy || loss.kind == .sparseCategoricalCrossentropy
        let producerLocation = context.location(of: producer, in: network)
        let producerText = "\(context.describe(producer, in: network)) (\(context.lines.label(context.line(of: producer, in: network))))"
        let activation = pair.activations.last
        let activationLocation = activation.flatMap { $0.layer == nil ? $0.activation.span : context.location(of: $0, in: network) }
        let activationText = activation.map { describe($0, in: network, context: context) } ?? producerText
        let (producerName, networkName, lossName) = (context.shortName(producer, in: network), ShortName.code(network.name),
                                                     ShortName.code(loss.name))

        // 2. Cross-entropy over classes on one unit.
        if categorical, output.units == 1 {
            return Finding(
                location: producerLocation,
                summary: "\(producerName) has one unit, but the loss is a cross-entropy over classes",
                message: "\(producerText), the output layer of `\(network.name)`, has a single unit, but its loss \(lossText) "
                    + "(\(context.lines.label(loss.span.line))) is a cross-entropy over classes: over one class it is constant and nothing is learned",
                related: lossRelated,
                help: "Give the output layer one unit per class, or use binary cross-entropy with a sigmoid for two classes")
        }
        // 3. Keras categorical cross-entropy on sigmoid outputs.
        if loss.framework == .keras, categorical, !loss.expectsLogits, effective == "sigmoid", let activationLocation {
            var fix: Fix?
            if let last = activation, last.activation.origin == .argument, let layer = last.layer,
               let edit = context.settingActivation("softmax", on: layer) {
                fix = Fix(title: "Use `activation=\"softmax\"`", applicability: .unsafe, edits: [edit])
            }
            return Finding(
                location: activationLocation,
                summary: "\(networkName) ends in sigmoid, but categorical cross-entropy expects softmax",
                message: "\(activationText) gives each output of `\(network.name)` its own independent probability, but its loss "
                    + "\(lossText) (\(context.lines.label(loss.span.line))) expects one distribution over the classes that sums to 1",
                related: lossRelated,
                help: "Use softmax for one class per sample, or binary cross-entropy for several labels per sample", fix: fix)
        }
        // 4. Binary cross-entropy on a softmax over more than two units.
        if loss.kind == .binaryCrossentropy, !loss.expectsLogits, effective == "softmax", let units = output.units, units > 2,
           let activationLocation {
            return Finding(
                location: activationLocation,
                summary: "\(networkName) ends in softmax, but binary cross-entropy scores each unit alone",
                message: "\(activationText) makes the \(units) outputs of `\(network.name)` compete as one distribution, but its "
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
                message: "\(activationText) ends `\(network.name)` with softmax probabilities, but its loss \(lossText) "
                    + "(\(context.lines.label(loss.span.line))) is a regression loss: probabilities scored by distance learn slowly",
                related: lossRelated,
                help: "For classification use a cross-entropy loss; for regression remove the softmax")
        }
        // 6. NLLLoss needs log-probabilities.
        if loss.framework == .pytorch, loss.kind == .negativeLogLikelihood, effective != "log_softmax" {
            if effective == "softmax" || effective == "sigmoid", let activationLocation, let last = activation {
                return Finding(
                    location: activationLocation,
                    summary: "\(networkName) ends in \(ShortName.shortened(effective ?? "softmax", limit: 12)), but \(lossName) expects log-probabilities",
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
                    message: "\(producerText), the output layer of `\(network.name)`, outputs raw scores (logits), but its loss "
                        + "\(lossText) (\(context.lines.label(loss.span.line))) expects log-probabilities: it just negates the target's "
                        + "score, which can fall without bound",
                    related: lossRelated,
                    help: "End `forward` with `F.log_softmax(x, dim=1)`, or use `nn.CrossEntropyLoss`, which takes logits")
            }
        }
        // 7. BCELoss needs probabilities.
        if loss.framework == .pytorch, loss.name == "BCELoss", isLogits {
            return Finding(
                location: producerLocation,
                summary: "\(producerName) outputs logits, but \(lossName) expects probabilities",
                message: "\(producerText), the output layer of `\(network.name)`, outputs raw scores (logits), but its loss "
                    + "\(lossText) (\(context.lines.label(loss.span.line))) expects probabilities in [0, 1]",
                related: lossRelated,
                help: "Use `nn.BCEWithLogitsLoss`, which applies the sigmoid itself, or end the model with a sigmoid",
                fix: bceWithLogitsFix(loss, context: context))
        }
        return nil
    }

    // MARK: Helpers

    /// An output activation as messages name it; capitalised, since it starts sentences.
    private func describe(_ activation: OutputActivation, in network: Network, context: RuleContext) -> String {
        guard let layer = activation.layer else {
            return "The training step's `\(activation.activation.span.map(context.text) ?? activation.activation.name)`"
        }
        let owner = activation.activation.origin == .argument ? "The \(activation.activation.name) of " : ""
        return "\(owner)\(context.describe(layer, in: network)) (\(context.lines.label(context.line(of: layer, in: network))))"
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
        let edit = layer.isFunctionCall
            ? renamed(layer, from: "softmax", to: "log_softmax", context: context)
            : renamed(layer, from: "Softmax", to: "LogSoftmax", context: context)
        return edit.map { Fix(title: "Use log-softmax", applicability: .unsafe, edits: [$0]) }
    }

    private func bceWithLogitsFix(_ loss: Loss, context: RuleContext) -> Fix? {
        guard let node = context.node(at: loss.span) else { return nil }
        let callee = loss.form == .instance ? node.child(field: .function) : node
        guard let callee, let edit = loss.form == .instance
            ? (callee.text.hasSuffix("BCELoss") ? Edit(range: (callee.endByte - 7)..<callee.endByte, replacement: "BCEWithLogitsLoss") : nil)
            : (callee.text.hasSuffix("binary_cross_entropy")
                ? Edit(range: callee.endByte..<callee.endByte, replacement: "_with_logits") : nil)
        else { return nil }
        return Fix(title: "Use `BCEWithLogitsLoss`", applicability: .unsafe, edits: [edit])
    }
}
