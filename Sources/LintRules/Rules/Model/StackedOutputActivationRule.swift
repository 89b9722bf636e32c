import LintCore
import PythonSyntax
import TrainingModel

/// UM103: the network's output goes through two activations in a row.
package struct StackedOutputActivationRule: Rule {
    package init() {}

    /// A network with a layer or activation a finding can rest on (UM103 looks at its output).
    package static let triggerTokens: TriggerTokens = .networksWithEvidence

    package static let description = RuleDescription(
        code: "UM103",
        name: "stacked-output-activation",
        summary: "The output passes through two activations in a row (e.g. softmax twice)",
        defaultSeverity: .warning,
        whatItDoes: """
            Looks at the end of every network: the last layer with weights and the activations that follow it, \
            skipping dropout, reshape, normalization and pooling layers. Reports the second of two nonlinear \
            activations applied in a row there: `Dense(..., activation="softmax")` followed by \
            `Activation("softmax")` or `Softmax()`, `nn.Softmax` after `nn.Softmax`, `F.softmax` on the output of \
            an `nn.Softmax`, or two different ones such as `activation="relu"` followed by `Softmax()`.

            Not reported: two activations in a row inside the network (harmless for ReLU, and not the output); \
            an activation the training step applies to the model's output before the loss (UM104 and UM105 judge \
            that against the loss).
            """,
        whyIsThisBad: """
            An output activation turns the last layer's scores into what the loss and the user expect: softmax \
            into a probability distribution, sigmoid into independent probabilities. Applying a second one on top \
            distorts them. Softmax of probabilities (values in [0, 1]) is almost uniform: every class gets \
            between about 1/(e·n) and e/n, the model's confidence is squashed, and the loss's gradients become \
            tiny. A ReLU or sigmoid before the softmax limits what the softmax can express. Keras' default \
            activation is linear, so a separate `Activation` layer is right only when the layer before it has \
            none.
            """,
        example: """
            model = keras.Sequential([
                layers.Dense(16, activation="relu"),
                layers.Dense(3, activation="softmax"),
                layers.Activation("softmax"),
            ])
            """,
        useInstead: """
            model = keras.Sequential([
                layers.Dense(16, activation="relu"),
                layers.Dense(3, activation="softmax"),
            ])
            """,
        fixSafety: """
            When the same activation is applied twice and the second is a separate layer in a `Sequential` list, \
            in `nn.Sequential(...)` or in a `model.add(...)` statement, the fix deletes that layer. This is safe: \
            applying an activation a second time is never what was meant. When the second one is a function call \
            (`F.softmax(...)`) the fix replaces it by its input and is unsafe, since the call may sit in code \
            that other code relies on. Two different activations get no automatic fix: which one is right \
            depends on the loss.
            """,
        references: [
            Reference("keras.layers.Activation", "https://keras.io/api/layers/core_layers/activation/"),
            Reference("torch.nn.Softmax", "https://pytorch.org/docs/stable/generated/torch.nn.Softmax.html"),
            Reference(
                "Schoop, Huang and Hartmann, UMLAUT: Debugging Deep Learning Programs using Program Structure "
                    + "and Model Behavior (CHI 2021)", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            Example(
                """
                import keras
                from keras import layers
                head = keras.Sequential([
                    layers.Dense(16, activation="relu"),
                    layers.Dense(3, activation="softmax"),
                    ↓layers.Activation("softmax"),
                ])
                """),
            Example(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1), nn.Dropout(0.1), ↓nn.Softmax(dim=1))
                """),
            Example(
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(8, 3)
                        self.softmax = nn.Softmax(dim=1)

                    def forward(self, x):
                        return ↓F.softmax(self.softmax(self.fc(x)), dim=1)
                """),
            Example(
                """
                from tensorflow import keras
                model = keras.Sequential()
                model.add(keras.layers.Dense(10, activation="relu"))
                model.add(↓keras.layers.Softmax())
                """),
            Example(
                """
                import keras
                inputs = keras.Input(shape=(4,))
                x = keras.layers.Dense(2, activation="sigmoid")(inputs)
                outputs = ↓keras.layers.Activation("sigmoid")(x)
                model = keras.Model(inputs, outputs)
                """),
        ],
        nonTriggeringExamples: [
            // The last layer skips the ReLU (`... if i < n - 1 else layer(x)`): one sigmoid.
            Example(
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class MLP(nn.Module):
                    def __init__(self, dims):
                        super().__init__()
                        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims, dims[1:]))

                    def forward(self, x):
                        for i, layer in enumerate(self.layers):
                            x = F.relu(layer(x)) if i < len(self.layers) - 1 else layer(x)
                        return F.sigmoid(x)
                """),
            // A GRU cell's tanh takes `r * h`, a merge, not the sigmoid itself.
            Example(
                """
                import torch
                import torch.nn as nn

                class GRUCell(nn.Module):
                    def __init__(self, n):
                        super().__init__()
                        self.x2h = nn.Linear(n, 3 * n)
                        self.h2h = nn.Linear(n, 3 * n)

                    def forward(self, x, h):
                        i_r, i_z, i_n = self.x2h(x).chunk(3, 1)
                        h_r, h_z, h_n = self.h2h(h).chunk(3, 1)
                        r = torch.sigmoid(i_r + h_r)
                        return torch.tanh(i_n + r * h_n)
                """),
            Example(
                """
                import keras
                from keras import layers
                model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3), layers.Activation("softmax")])
                """),
            Example(
                """
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Dense(64, activation="relu"),
                    layers.ReLU(),
                    layers.Dense(10, activation="softmax"),
                    layers.Dropout(0.1),
                ])
                """),
            Example(
                """
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc = nn.Linear(8, 3)

                    def forward(self, x):
                        return F.log_softmax(self.fc(x), dim=1)
                """),
            // The training step's softmax is judged against the loss by UM104/UM105.
            Example(
                """
                import torch
                import torch.nn as nn
                model = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1))
                criterion = nn.NLLLoss()
                loss = criterion(torch.log(model(torch.rand(2, 8))), torch.tensor([0, 1]))
                """),
        ],
        corrections: [
            Correction(
                """
                import keras
                from keras import layers
                head = keras.Sequential([
                    layers.Dense(3, activation="softmax"),
                    layers.Activation("softmax"),
                ])
                """,
                """
                import keras
                from keras import layers
                head = keras.Sequential([
                    layers.Dense(3, activation="softmax"),
                ])
                """),
            Correction(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1), nn.Softmax(dim=1))
                """,
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1))
                """),
            Correction(
                """
                import keras
                model = keras.Sequential()
                model.add(keras.layers.Dense(2, activation="sigmoid"))
                model.add(keras.layers.Activation("sigmoid"))
                model.compile(loss="binary_crossentropy")
                """,
                """
                import keras
                model = keras.Sequential()
                model.add(keras.layers.Dense(2, activation="sigmoid"))
                model.compile(loss="binary_crossentropy")
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        let imports = ImportCache(context.tree)
        let outputs = context.networkOutputs
        for (index, network) in context.model.networks.enumerated() {
            let activations = outputs[index].activations
            guard activations.count >= 2 else { continue }
            let first = activations[activations.count - 2]
            let second = activations[activations.count - 1]
            guard
                let location = context.location(
                    of: OutputActivation(activation: second.activation, layer: second.layer), in: network),
                reported.insert(location.startByte).inserted
            else { continue }
            let (firstName, secondName) = (first.activation.name, second.activation.name)
            let same = firstName == secondName
            let what =
                same
                ? "applies \(secondName) again to the output of" : "applies \(secondName) on top of the \(firstName) of"
            let message =
                "\(context.describe(second.layer, in: network)) (\(context.lines.label(context.line(of: second.layer, in: network)))) "
                + "\(what) \(context.describe(first.layer, in: network)) (\(context.lines.label(context.line(of: first.layer, in: network)))): "
                + "the output of `\(network.name)` passes through two activations in a row, which distorts it"
                + (same && secondName == "softmax" ? " (softmax of probabilities is close to uniform)" : "")
            var related: [RelatedLocation] = []
            if let span = context.location(
                of: OutputActivation(activation: first.activation, layer: first.layer), in: network)
            {
                related.append(RelatedLocation(span: span, message: "the first \(firstName)"))
            }
            let help =
                same
                ? "Remove the second \(secondName)"
                : "Keep one output activation: the one the loss expects (usually softmax for categorical cross-entropy)"
            let fix = same ? removal(of: second.layer, context: context, imports: imports) : nil
            let (firstShort, secondShort) = (
                ShortName.shortened(firstName, limit: 16), ShortName.shortened(secondName, limit: 16)
            )
            let summary =
                "\(context.shortName(second.layer, in: network)) applies \(secondShort) "
                + (same ? "again after \(context.shortName(first.layer, in: network))" : "on top of \(firstShort)")
            diagnostics.append(
                context.diagnostic(
                    Self.self, at: location, summary: summary, message: message, related: related,
                    help: help, fix: fix))
        }
        return diagnostics
    }

    /// Deletes a duplicated activation: a list element or `add` statement (safe), or a function
    /// call replaced by its input (unsafe).
    private func removal(of layer: Layer, context: RuleContext, imports: ImportCache) -> Fix? {
        guard let node = context.node(at: layer.span), node.type == "call" else { return nil }
        if layer.isFunctionCall {
            guard let edit = SourceEdits.replacingCallWithInput(node, imports: imports.table) else { return nil }
            return Fix(
                title: "Remove the second `\(context.text(layer.calleeSpan))`", applicability: .unsafe, edits: [edit])
        }
        guard layer.callSpan == nil, let parent = node.parent,
            parent.type == "list" || parent.type == "tuple" || parent.type == "argument_list",
            let edit = SourceEdits.deletingElement(node, in: context.source)
        else { return nil }
        return Fix(title: "Remove the duplicated `\(layer.className)` layer", applicability: .safe, edits: [edit])
    }
}
