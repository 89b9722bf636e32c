import LintCore
import PythonSyntax
import TrainingModel

/// UM104: an output already passed through softmax/sigmoid goes into a loss that applies it again.
package struct SoftmaxIntoLogitsLossRule: Rule {
    package init() {}

    /// A network with a layer or activation a finding can rest on (UM104 pairs networks with their
    /// losses), or a TensorFlow loss on logits.
    package static let triggerTokens: TriggerTokens = .networksWithEvidence.or(.tensorflowLosses)

    package static let description = RuleDescription(
        code: "UM104",
        name: "softmax-into-logits-loss",
        summary: "Softmax or sigmoid output fed to a loss that applies softmax or sigmoid itself",
        defaultSeverity: .warning,
        whatItDoes: """
            For every network paired with a loss that expects raw logits — Keras losses with `from_logits=True`, \
            PyTorch `nn.CrossEntropyLoss` / `F.cross_entropy` and `nn.BCEWithLogitsLoss` / \
            `F.binary_cross_entropy_with_logits` — reports a softmax or sigmoid that the output passes through \
            last: an `activation=` argument, an activation layer (`Softmax`, `nn.Softmax`, `nn.Sigmoid`, \
            `Activation("softmax")`), a call at the end of `forward` (`F.softmax`, `torch.sigmoid`, \
            `x.softmax(1)`), or a call the training step applies between the model and the loss \
            (`criterion(F.softmax(out, dim=1), y)`).

            TensorFlow's cross-entropies on logits count too: TensorFlow 1's `tf.losses.softmax_cross_entropy`, \
            `sparse_softmax_cross_entropy` and `sigmoid_cross_entropy` (also as `tf.compat.v1.losses`), and \
            `tf.nn.softmax_cross_entropy_with_logits`, `sparse_softmax_cross_entropy_with_logits` and \
            `sigmoid_cross_entropy_with_logits`. Their `logits` argument is followed back through variables: \
            to a network Umlaut lists, or, in a graph built by hand (`tf.matmul(x, W) + b`), to a \
            `tf.nn.softmax` / `tf.sigmoid` call or a `tf.layers.dense(..., activation=tf.nn.softmax)` applied to it.

            Not reported: `log_softmax` before `CrossEntropyLoss`: log-softmax of log-probabilities gives them \
            back unchanged, so the pair computes the right loss (using `NLLLoss` would say so more clearly); \
            `log_softmax` + `NLLLoss` and softmax or sigmoid with losses that expect probabilities (UM105 judges \
            those pairs).
            """,
        whyIsThisBad: """
            `CrossEntropyLoss` and `BCEWithLogitsLoss` apply log-softmax or the sigmoid themselves, in one \
            numerically stable step, and so do Keras losses told `from_logits=True`. Fed probabilities instead, \
            they squash values in [0, 1] a second time: the predicted distribution is nearly uniform, the loss \
            cannot fall much below log(number of classes) and its gradients are tiny, so the model learns slowly \
            or stops learning — with no error, and with an accuracy that often looks merely mediocre.
            """,
        example: """
            class Net(nn.Module):
                def forward(self, x):
                    return F.softmax(self.fc(x), dim=1)

            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
            """,
        useInstead: """
            class Net(nn.Module):
                def forward(self, x):
                    return self.fc(x)  # logits; apply softmax only when you need probabilities

            criterion = nn.CrossEntropyLoss()
            loss = criterion(model(x), y)
            """,
        fixSafety: """
            For Keras the fix sets `from_logits=False`, which keeps the model as it is and makes the loss match \
            it; it is safe when the loss is written inside `compile(...)` and unsafe when it comes through a \
            variable other code may share. When the training step applies the softmax or sigmoid inside the \
            loss call, the fix removes it there, which changes only the loss, and is safe (unsafe in a TensorFlow graph \
            built by hand, which no network Umlaut lists owns). When the network \
            itself applies it, the fix removes it from the network (`F.softmax(x, dim=1)` becomes `x`, an \
            `nn.Softmax` entry of `nn.Sequential` is deleted); that is unsafe, because code that reads the \
            model's outputs as probabilities must then apply softmax itself.
            """,
        references: [
            Reference(
                "torch.nn.CrossEntropyLoss (the input is expected to contain unnormalized logits)",
                "https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html"),
            Reference(
                "torch.nn.BCEWithLogitsLoss",
                "https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html"),
            Reference(
                "keras.losses.SparseCategoricalCrossentropy (from_logits)",
                "https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class"),
        ],
        triggeringExamples: [
            Example(
                """
                import torch
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(784, 10)

                    def forward(self, x):
                        return ↓F.softmax(self.fc(x), dim=1)

                model = Net()
                criterion = nn.CrossEntropyLoss()
                for x, y in loader:
                    loss = criterion(model(x), y)
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 10), ↓nn.Softmax(dim=1))
                criterion = nn.CrossEntropyLoss()
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(20, 1))
                criterion = nn.BCEWithLogitsLoss()

                def step(x, y):
                    return criterion(↓torch.sigmoid(model(x)), y)
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, ↓activation="softmax")])
                model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """),
            Example(
                """
                import keras
                from keras import layers
                model = keras.Sequential([layers.Dense(1), ↓layers.Activation("sigmoid")])
                model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))
                """),
            // TensorFlow 1, a graph built by hand: the classic double softmax.
            Example(
                """
                import tensorflow as tf
                x = tf.placeholder(tf.float32, [None, 784])
                y = tf.placeholder(tf.float32, [None, 10])
                W = tf.Variable(tf.zeros([784, 10]))
                b = tf.Variable(tf.zeros([10]))
                pred = ↓tf.nn.softmax(tf.matmul(x, W) + b)
                cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=pred))
                train_op = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
                """),
            Example(
                """
                import tensorflow.compat.v1 as tf
                hidden = tf.layers.dense(images, 128, activation=tf.nn.relu)
                logits = tf.layers.dense(hidden, 10, ↓activation=tf.nn.softmax)
                loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
                """),
            Example(
                """
                import tensorflow as tf

                def classifier(x):
                    hidden = tf.layers.dense(x, 64, activation=tf.nn.relu)
                    return tf.layers.dense(hidden, 10, ↓activation=tf.nn.softmax)

                logits = classifier(images)
                loss = tf.losses.softmax_cross_entropy(onehot_labels, logits)
                """),
        ],
        nonTriggeringExamples: [
            // The lone network is a part of a model Umlaut does not know (its base class is not
            // nn.Module): the loss trains that model's scores, not the part's attention weights.
            Example(
                """
                import torch
                import torch.nn as nn
                from recbole.model.abstract_recommender import SequentialRecommender

                class TransNet(nn.Module):
                    def __init__(self, dim):
                        super().__init__()
                        self.fn = nn.Linear(dim, 1)

                    def forward(self, x):
                        return torch.softmax(self.fn(x), dim=1)

                class CORE(SequentialRecommender):
                    def __init__(self, dim):
                        super().__init__()
                        self.net = TransNet(dim)
                        self.loss_fct = nn.CrossEntropyLoss()

                    def forward(self, x):
                        return torch.sum(self.net(x) * x, dim=1)

                    def calculate_loss(self, x, items, target):
                        return self.loss_fct(self.forward(x) @ items.T, target)
                """),
            // TensorFlow: the loss gets the scores, the softmax only makes predictions.
            Example(
                """
                import tensorflow as tf
                logits = tf.matmul(x, W) + b
                prediction = tf.nn.softmax(logits)
                cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
                """),
            Example(
                """
                import tensorflow as tf

                def classifier(x):
                    hidden = tf.layers.dense(x, 64, activation=tf.nn.relu)
                    return tf.layers.dense(hidden, 10)

                loss = tf.losses.softmax_cross_entropy(onehot_labels, classifier(images))
                """),
            // `tf.losses.log_loss` takes probabilities: a sigmoid before it is right.
            Example(
                """
                import tensorflow as tf
                probability = tf.sigmoid(tf.matmul(x, W) + b)
                loss = tf.losses.log_loss(labels, probability)
                """),
            // An inference wrapper, never compiled or fit, has no loss of its own: the trained model
            // ends in logits, as its `from_logits=True` loss expects.
            Example(
                """
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
                """),
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
                criterion = nn.CrossEntropyLoss()
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
                        return F.log_softmax(self.fc(x), dim=1)

                model = Net()
                for x, y in loader:
                    loss = F.nll_loss(model(x), y)
                """),
            // log_softmax is idempotent under CrossEntropyLoss's own log-softmax: the loss is right.
            Example(
                """
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(784, 10), nn.LogSoftmax(dim=1))
                criterion = nn.CrossEntropyLoss()
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
                model.compile(loss="sparse_categorical_crossentropy")
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(10)])
                model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(20, 1), nn.Sigmoid())
                criterion = nn.BCELoss()
                """),
            // Softmax for reporting only; the loss gets the logits.
            Example(
                """
                import torch
                import torch.nn as nn
                import torch.nn.functional as F
                model = nn.Sequential(nn.Linear(20, 3))
                criterion = nn.CrossEntropyLoss()

                def step(x, y):
                    logits = model(x)
                    probabilities = F.softmax(logits, dim=1)
                    return criterion(logits, y), probabilities
                """),
        ],
        corrections: [
            Correction(
                """
                import tensorflow as tf
                cost = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=tf.nn.softmax(scores))
                """,
                """
                import tensorflow as tf
                cost = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=scores)
                """),
            Correction(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
                model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
                """,
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
                model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False))
                """),
            Correction(
                """
                import torch
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(20, 1))
                criterion = nn.BCEWithLogitsLoss()
                loss = criterion(torch.sigmoid(model(x)), y)
                """,
                """
                import torch
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(20, 1))
                criterion = nn.BCEWithLogitsLoss()
                loss = criterion(model(x), y)
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

                criterion = nn.CrossEntropyLoss()
                """,
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(784, 10)

                    def forward(self, x):
                        return self.fc(x)

                criterion = nn.CrossEntropyLoss()
                """),
            Correction(
                """
                import torch.nn as nn
                model = nn.Sequential(
                    nn.Linear(784, 10),
                    nn.Softmax(dim=1),
                )
                criterion = nn.CrossEntropyLoss()
                """,
                """
                import torch.nn as nn
                model = nn.Sequential(
                    nn.Linear(784, 10),
                )
                criterion = nn.CrossEntropyLoss()
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        let imports = ImportCache(context.tree)
        for pair in context.outputLossPairs where pair.loss.expectsLogits {
            let activations = pair.activations
            guard let offending = activations.last,
                offending.activation.isSoftmax || offending.activation.isSigmoid,
                OutputLossPair.effectiveActivation(of: activations) == offending.activation.name,
                let location = offending.layer == nil
                    ? offending.activation.span : context.location(of: offending, in: pair.network),
                reported.insert(location.startByte).inserted
            else { continue }
            diagnostics.append(diagnostic(pair, offending, at: location, context: context, imports: imports))
        }
        // A TensorFlow graph built without a network Umlaut lists (`tf.matmul(x, W) + b`): the
        // softmax or sigmoid that the loss call's own `logits` argument passes through is the evidence.
        let losses = context.model.losses
        for step in context.model.trainingSteps where step.networkName == nil {
            guard let index = step.lossIndex, index < losses.count, losses[index].alwaysTakesLogits,
                let activation = step.activationBeforeLoss, activation.isSoftmax || activation.isSigmoid,
                let location = activation.span, reported.insert(location.startByte).inserted
            else { continue }
            diagnostics.append(
                graphDiagnostic(losses[index], activation, at: location, context: context, imports: imports))
        }
        return diagnostics
    }

    /// What the loss does again, for messages: `told from_logits=True, applies softmax itself`.
    private static func appliesItself(_ loss: Loss, _ name: String) -> String {
        if loss.framework == .keras {
            return loss.alwaysTakesLogits
                ? "applies \(loss.kind == .binaryCrossentropy ? "a sigmoid" : "softmax") itself"
                : "told `from_logits=True`, applies \(name) itself"
        }
        return loss.name.hasPrefix("BCE") ? "applies a sigmoid itself" : "applies log-softmax itself"
    }

    private static func againSummary(_ loss: Loss) -> String {
        loss.framework == .keras && !loss.alwaysTakesLogits
            ? "the loss has `from_logits=True`"
            : "\(ShortName.code(loss.name)) applies it again"
    }

    /// A softmax or sigmoid applied to the logits of a TensorFlow loss call, with no network.
    private func graphDiagnostic(
        _ loss: Loss, _ activation: Activation, at location: SourceSpan, context: RuleContext, imports: ImportCache
    ) -> Diagnostic {
        let name = activation.name
        let written = ShortName.code(ShortName.shortened(context.text(location), limit: 40))
        let message =
            "\(written) (\(context.lines.label(location.line))) turns the scores into probabilities, but the loss "
            + "\(MissingSoftmaxRule.describe(loss, context: context)) (\(context.lines.label(loss.span.line))) \(Self.appliesItself(loss, name)) "
            + "and expects raw logits: the outputs are squashed twice, gradients shrink and the model learns slowly or not at all"
        var fix: Fix?
        if let call = context.node(at: location), call.type == "call",
            let edit = SourceEdits.replacingCallWithInput(call, imports: imports.table)
        {
            // Unsafe: no network owns a hand-built graph, so nothing shows the edit is that model's own.
            fix = Fix(title: "Pass the logits to the loss without \(name)", applicability: .unsafe, edits: [edit])
        }
        return context.diagnostic(
            Self.self, at: location, summary: "\(written) applies \(name), but " + Self.againSummary(loss),
            message: message,
            related: [RelatedLocation(span: loss.span, message: "the loss, which expects raw logits")],
            help: "Feed the raw scores (logits) to the loss and apply \(name) only where probabilities are needed",
            fix: fix)
    }

    private func diagnostic(
        _ pair: OutputLossPair, _ offending: OutputActivation, at location: SourceSpan,
        context: RuleContext, imports: ImportCache
    ) -> Diagnostic {
        let (network, loss) = (pair.network, pair.loss)
        let name = offending.activation.name
        let applied: String
        if let layer = offending.layer {
            let owner = offending.activation.origin == .argument ? "The \(name) of " : ""
            applied =
                "\(owner)\(context.describe(layer, in: network)) (\(context.lines.label(context.line(of: layer, in: network)))) turns "
                + "the output of `\(network.name)` into probabilities"
        } else {
            applied =
                "The training step applies `\(context.text(location))` (\(context.lines.label(location.line))) to the output of "
                + "`\(network.name)`"
        }
        let lossText = MissingSoftmaxRule.describe(loss, context: context)
        let itself = Self.appliesItself(loss, name)
        let message =
            "\(applied), but its loss \(lossText) (\(context.lines.label(loss.span.line))) \(itself) and expects raw logits: "
            + "the outputs are squashed twice, gradients shrink and the model learns slowly or not at all"
        let related = [RelatedLocation(span: loss.span, message: "the loss, which expects raw logits")]
        let help =
            loss.framework == .keras && !loss.alwaysTakesLogits
            ? "Set `from_logits=False` on the loss, or remove the \(name) from the output layer"
            : "Feed the raw outputs (logits) to the loss and apply \(name) only where probabilities are needed"
        let applier =
            offending.layer.map { context.shortName($0, in: network) } ?? ShortName.code(context.text(location))
        let summary = "\(applier) applies \(name), but " + Self.againSummary(loss)
        return context.diagnostic(
            Self.self, at: location, summary: summary, message: message, related: related, help: help,
            fix: fix(pair, offending, context: context, imports: imports.table))
    }

    private func fix(
        _ pair: OutputLossPair, _ offending: OutputActivation, context: RuleContext, imports: ImportTable
    ) -> Fix? {
        let loss = pair.loss
        if loss.framework == .keras, !loss.alwaysTakesLogits {
            guard let fromLogits = loss.fromLogits, let node = context.node(at: loss.span) else { return nil }
            let safe = fromLogits.text == "True" && context.isOwnInlineLoss(node, of: pair.network)
            return Fix(
                title: "Set `from_logits=False`", applicability: safe ? .safe : .unsafe,
                edits: [Edit(range: fromLogits.valueSpan.byteRange, replacement: "False")])
        }
        let name = offending.activation.name
        guard let layer = offending.layer else {
            // Applied in the training step.
            guard let span = offending.activation.span, let call = context.node(at: span),
                let edit = SourceEdits.replacingCallWithInput(call, imports: imports),
                let step = pair.step
            else { return nil }
            let inside = step.span.byteRange.contains(span.startByte)
            return Fix(
                title: "Pass the logits to the loss without \(name)", applicability: inside ? .safe : .unsafe,
                edits: [edit])
        }
        // A TensorFlow layer's `activation=` is left to the author (other code may read its probabilities).
        guard loss.framework == .pytorch else { return nil }
        if layer.isFunctionCall, let call = context.node(at: layer.span),
            let edit = SourceEdits.replacingCallWithInput(call, imports: imports)
        {
            return Fix(title: "Remove the \(name) from `\(pair.network.name)`", applicability: .unsafe, edits: [edit])
        }
        if let callSpan = layer.callSpan, context.appliesAttribute(layer), let call = context.node(at: callSpan),
            let edit = SourceEdits.replacingCallWithInput(call, imports: imports)
        {
            return Fix(title: "Stop applying `self.\(layer.binding ?? name)`", applicability: .unsafe, edits: [edit])
        }
        if layer.callSpan == nil, let node = context.node(at: layer.span), node.type == "call",
            let parent = node.parent, parent.type == "argument_list" || parent.type == "list",
            let edit = SourceEdits.deletingElement(node, in: context.source)
        {
            return Fix(
                title: "Remove `\(layer.className)` from `\(pair.network.name)`", applicability: .unsafe, edits: [edit])
        }
        return nil
    }
}
