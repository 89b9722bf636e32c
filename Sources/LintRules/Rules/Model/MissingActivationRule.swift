import LintCore
import PythonSyntax
import TrainingModel

/// UM101: two linear layers follow each other with no nonlinearity between them.
public struct MissingActivationRule: Rule {
    public init() {}

    /// A network (UM101 looks only at networks' layers).
    public static let triggerTokens: TriggerTokens = .networks

    public static let description = RuleDescription(
        code: "UM101",
        name: "missing-activation",
        summary: "Two linear layers in a row with no activation between them collapse into one",
        defaultSeverity: .warning,
        whatItDoes: """
            Follows the layers of every network in the order data flows through them (`Sequential` lists and \
            `add` calls, the Keras functional API, `forward` / `call` of subclassed models) and reports a linear \
            layer (Keras `Dense`, `Conv*`, `SeparableConv*`, `DepthwiseConv*`, `Conv*Transpose`; PyTorch `Linear`, \
            `Conv*d`, `ConvTranspose*d`) without an activation whose output reaches another linear layer with no \
            nonlinearity in between: no `activation=` argument other than linear, no activation layer \
            (`Activation`, `ReLU`, `LeakyReLU`, `nn.Tanh`, ...) and no activation call (`F.relu(x)`, \
            `torch.sigmoid(x)`, `x.relu()`, `tf.nn.relu(x)`). Dropout, flatten/reshape, normalization and pooling \
            layers between the two do not count as a nonlinearity.

            Not reported: a layer with an explicit `activation=None` or `activation="linear"` (a deliberate \
            linear bottleneck); the network's last layer (whether the output needs an activation depends on \
            the loss: see UM102 and UM105); layers separated by something Umlaut does not model (a custom \
            layer, a merge such as `layers.add`, a recurrent or embedding layer).
            """,
        whyIsThisBad: """
            A linear layer computes `W·x + b`. Two of them in a row compute `W2·(W1·x + b1) + b2`, which is again \
            a single linear map: the second layer adds parameters and computation but no expressive power, and a \
            network made only of such layers can fit nothing but straight lines, however deep it is. Keras layers \
            are linear unless given `activation=` (the default is linear), and PyTorch's `nn.Linear` never has an \
            activation, so a forgotten activation raises no error: the model trains, just badly. Max pooling is \
            technically nonlinear but far too weak to stand in for an activation, which is why convolutional \
            networks put a ReLU around every convolution.
            """,
        example: """
            model = keras.Sequential([
                layers.Dense(64),
                layers.Dense(10, activation="softmax"),
            ])
            """,
        useInstead: """
            model = keras.Sequential([
                layers.Dense(64, activation="relu"),
                layers.Dense(10, activation="softmax"),
            ])
            """,
        fixSafety: """
            For a Keras layer the fix adds `activation="relu"`; in a PyTorch `nn.Sequential` it inserts \
            `nn.ReLU()` after the layer. Both are unsafe: they change the model (its number of effective layers \
            and its outputs), and ReLU is a good default but not the only choice. In `forward` the fix, wrapping \
            the layer's output in `F.relu(...)`, is only displayed: where the activation belongs depends on \
            how the method is written.
            """,
        references: [
            Reference("Goodfellow, Bengio and Courville, Deep Learning, ch. 6.1 (why a network of linear layers stays linear)",
                      "https://www.deeplearningbook.org/contents/mlp.html"),
            Reference("keras.layers.Dense (activation defaults to linear)", "https://keras.io/api/layers/core_layers/dense/"),
            Reference("torch.nn.Linear", "https://pytorch.org/docs/stable/generated/torch.nn.Linear.html"),
            Reference("Schoop, Huang and Hartmann, UMLAUT: Debugging Deep Learning Programs using Program Structure "
                      + "and Model Behavior (CHI 2021)", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            Example("""
                import keras
                from keras import layers
                model = keras.Sequential([
                    keras.Input(shape=(784,)),
                    ↓layers.Dense(64),
                    layers.Dense(10, activation="softmax"),
                ])
                """),
            Example("""
                from tensorflow import keras
                model = keras.models.Sequential()
                model.add(↓keras.layers.Conv2D(32, 3, input_shape=(28, 28, 1)))
                model.add(keras.layers.MaxPooling2D())
                model.add(↓keras.layers.Conv2D(64, 3))
                model.add(keras.layers.Flatten())
                model.add(keras.layers.Dense(10, activation="softmax"))
                """),
            Example("""
                import torch.nn as nn
                net = nn.Sequential(nn.Flatten(), ↓nn.Linear(784, 256), nn.Dropout(0.2), nn.Linear(256, 10))
                """),
            Example("""
                import torch.nn as nn

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc1 = nn.Linear(784, 256)
                        self.bn = nn.BatchNorm1d(256)
                        self.fc2 = nn.Linear(256, 10)

                    def forward(self, x):
                        return self.fc2(self.bn(↓self.fc1(x)))
                """),
            Example("""
                import keras
                from keras import layers
                inputs = keras.Input(shape=(32,))
                x = ↓layers.Dense(64)(inputs)
                outputs = layers.Dense(1, activation="sigmoid")(x)
                model = keras.Model(inputs, outputs)
                """),
            Example("""
                import keras

                class MLP(keras.Model):
                    def __init__(self):
                        super().__init__()
                        self.hidden = keras.layers.Dense(64)
                        self.out = keras.layers.Dense(10)

                    def call(self, x):
                        x = ↓self.hidden(x)
                        return self.out(x)
                """),
        ],
        nonTriggeringExamples: [
            // The idiom UMLAUT wrongly flagged: an activation as a separate layer.
            Example("""
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Dense(128),
                    layers.Activation("relu"),
                    layers.Dense(64),
                    layers.ReLU(),
                    layers.Dense(32),
                    layers.LeakyReLU(),
                    layers.Dense(10, activation="softmax"),
                ])
                """),
            Example("""
                import torch.nn as nn
                import torch.nn.functional as F

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc1 = nn.Linear(784, 256)
                        self.fc2 = nn.Linear(256, 10)

                    def forward(self, x):
                        return self.fc2(F.relu(self.fc1(x)))
                """),
            Example("""
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 10))
                """),
            // The last layer's (missing) activation is the output rules' business.
            Example("""
                import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
                """),
            // An explicit linear activation is a deliberate linear bottleneck.
            Example("""
                import keras
                model = keras.Sequential([
                    keras.layers.Conv2D(64, 1, activation=None),
                    keras.layers.BatchNormalization(),
                    keras.layers.Conv2D(128, 3, activation="relu"),
                ])
                """),
            // A residual block: conv2 + bn2, then the shortcut is added and ReLU applied.
            Example("""
                import torch.nn as nn
                import torch.nn.functional as F

                class Block(nn.Module):
                    def __init__(self, planes):
                        super().__init__()
                        self.conv1 = nn.Conv2d(planes, planes, 3, padding=1)
                        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1)
                        self.shortcut = nn.Sequential(nn.Conv2d(planes, planes, 1), nn.BatchNorm2d(planes))

                    def forward(self, x):
                        out = F.relu(self.conv1(x))
                        out = self.conv2(out)
                        out += self.shortcut(x)
                        return F.relu(out)
                """),
            Example("""
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Embedding(10000, 32),
                    layers.LSTM(32),
                    layers.Dense(1, activation="sigmoid"),
                ])
                """),
            // Something Umlaut does not model sits between the two layers.
            Example("""
                import keras
                from my_project import Swish
                model = keras.Sequential([keras.layers.Dense(64), Swish(), keras.layers.Dense(10)])
                """),
        ],
        corrections: [
            Correction("""
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Dense(64),
                    layers.Dense(10, activation="softmax"),
                ])
                """, """
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Dense(64, activation="relu"),
                    layers.Dense(10, activation="softmax"),
                ])
                """),
            Correction("""
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.Dropout(0.2), nn.Linear(256, 10))
                """, """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))
                """),
            Correction("""
                from torch import nn
                net = nn.Sequential(
                    nn.Linear(10, 10),
                    nn.Linear(10, 2),
                )
                """, """
                from torch import nn
                net = nn.Sequential(
                    nn.Linear(10, 10), nn.ReLU(),
                    nn.Linear(10, 2),
                )
                """),
        ]
    )

    public func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        let imports = ImportCache(context.tree)
        for network in context.model.networks {
            var pending: Layer?
            // A max pooling layer passed since `pending`: technically a nonlinearity, too weak
            // to stand in for an activation, and the message must not call the pair linear.
            var maxPooling: Layer?
            for layer in network.layers {
                switch layer.kind {
                case .linear:
                    if let first = pending {
                        let location = context.location(of: first, in: network)
                        if reported.insert(location.startByte).inserted {
                            diagnostics.append(diagnostic(first, then: layer, in: network, at: location, context: context,
                                                          imports: imports, maxPooling: maxPooling))
                        }
                    }
                    pending = Self.isImplicitlyLinear(layer) ? layer : nil
                    maxPooling = nil
                case .activation:
                    if layer.activation?.isLinear != true { pending = nil }
                case .pooling:
                    if pending != nil, maxPooling == nil, layer.className.contains("Max") { maxPooling = layer }
                case .dropout, .reshape, .normalization, .input:
                    continue
                case .embedding, .recurrent, .other:
                    pending = nil
                }
            }
        }
        return diagnostics
    }

    /// A linear layer with no activation that was not asked for explicitly (`activation=None`).
    static func isImplicitlyLinear(_ layer: Layer) -> Bool {
        guard let activation = layer.activation else { return true }
        return activation.isLinear && activation.origin == .defaultLinear
    }

    private func diagnostic(_ first: Layer, then second: Layer, in network: Network, at location: SourceSpan,
                            context: RuleContext, imports: ImportCache, maxPooling: Layer?) -> Diagnostic {
        let firstName = context.describe(first, in: network)
        let secondName = context.describe(second, in: network)
        let firstLine = context.line(of: first, in: network)
        let secondLine = context.line(of: second, in: network)
        let head = "\(firstName) (\(context.lines.label(firstLine))) of `\(network.name)` has no activation and feeds the linear "
            + "layer \(secondName) (\(context.lines.label(secondLine)))"
        let message: String
        if let maxPooling {
            message = head + " with only `\(maxPooling.className)` in between: max pooling is too weak a nonlinearity to "
                + "stand in for an activation, so the first layer adds parameters but little expressive power"
        } else {
            message = head + " with no nonlinearity in between: together they compute one linear map, so the first adds "
                + "parameters but no expressive power"
        }
        let related = [RelatedLocation(
            span: context.location(of: second, in: network),
            message: "the next linear layer, reached with no activation in between")]
        let between = maxPooling == nil ? "no activation" : "only max pooling"
        let summary = "\(context.shortName(first, in: network)) feeds \(context.shortName(second, in: network)) "
            + "with \(between) between them"
        let (help, fix) = suggestion(for: first, in: network, context: context, imports: imports)
        return context.diagnostic(Self.self, at: location, summary: summary, message: message, related: related, help: help, fix: fix)
    }

    private func suggestion(for layer: Layer, in network: Network, context: RuleContext, imports: ImportCache) -> (String, Fix?) {
        switch network.framework {
        case .keras:
            let help = "Give \(context.describe(layer, in: network)) an activation, such as `activation=\"relu\"`, "
                + "or follow it with an activation layer"
            guard !layer.isFunctionCall, let call = context.node(at: layer.span),
                  let edit = SourceEdits.appendingArgument("activation=\"relu\"", to: call) else { return (help, nil) }
            return (help, Fix(title: "Add `activation=\"relu\"`", applicability: .unsafe, edits: [edit]))
        case .pytorch:
            if let node = context.node(at: layer.span), let list = node.parent, list.type == "argument_list",
               list.parent?.child(field: .function)?.text.hasSuffix("Sequential") == true,
               let relu = torchReLU(for: layer, context: context, imports: imports.table) {
                return ("Insert an activation such as `\(relu)` after \(context.describe(layer, in: network))",
                        Fix(title: "Insert `\(relu)` after the layer", applicability: .unsafe,
                            edits: [.insert(", \(relu)", at: node.endByte)]))
            }
            let help = "Apply an activation to the output of \(context.describe(layer, in: network)), "
                + "such as `F.relu(...)`, before the next layer"
            guard network.style == .subclass, context.appliesAttribute(layer), let callSpan = layer.callSpan,
                  let function = context.alias(of: "torch.nn.functional", imports: imports.table).map({ "\($0).relu" })
                      ?? context.alias(of: "torch", imports: imports.table).map({ "\($0).relu" }) else { return (help, nil) }
            return (help, Fix(title: "Wrap the layer's output in `\(function)(...)`", applicability: .displayOnly,
                              edits: [.insert("\(function)(", at: callSpan.startByte), .insert(")", at: callSpan.endByte)]))
        }
    }

    /// `nn.ReLU()` spelled the way the layer's own constructor is (`nn.Linear` → `nn.ReLU()`,
    /// `torch.nn.Linear` → `torch.nn.ReLU()`), or nil when the script has no such name.
    private func torchReLU(for layer: Layer, context: RuleContext, imports: ImportTable) -> String? {
        let callee = context.text(layer.calleeSpan)
        if let dot = callee.lastIndex(of: ".") { return "\(callee[..<dot]).ReLU()" }
        if let alias = context.alias(of: "torch.nn.ReLU", imports: imports) { return "\(alias)()" }
        return context.alias(of: "torch.nn", imports: imports).map { "\($0).ReLU()" }
    }
}
