import LintCore
import PythonSyntax
import TrainingModel

/// UM101: two linear layers follow each other with no nonlinearity between them.
package struct MissingActivationRule: Rule {
    package init() {}

    /// A network with a layer or activation a finding can rest on (UM101 looks only at its layers).
    package static let triggerTokens: TriggerTokens = .networksWithEvidence

    package static let description = RuleDescription(
        code: "UM101",
        name: "missing-activation",
        summary: "Two linear layers in a row with no activation between them collapse into one",
        defaultSeverity: .warning,
        whatItDoes: """
            Follows the layers of every network in the order data flows through them (`Sequential` lists and \
            `add` calls, the Keras functional API, `forward` / `call` of subclassed models, functions built with \
            TensorFlow 1 `tf.layers.*`) and reports a linear layer (Keras `Dense`, `Conv*`, `SeparableConv*`, \
            `DepthwiseConv*`, `Conv*Transpose`; PyTorch `Linear`, `Conv*d`, `ConvTranspose*d`; \
            `tf.layers.dense`, `tf.layers.conv2d`, ...) without an activation whose output reaches another linear layer with no \
            nonlinearity in between: no `activation=` argument other than linear, no activation layer \
            (`Activation`, `ReLU`, `LeakyReLU`, `nn.Tanh`, ...) and no activation call (`F.relu(x)`, \
            `torch.sigmoid(x)`, `x.relu()`, `tf.nn.relu(x)`). Dropout, flatten/reshape, normalization and pooling \
            layers between the two do not count as a nonlinearity.

            A finding needs positive evidence: the first layer certainly has no activation, and the data flow \
            Umlaut followed certainly takes its output into the second. Not reported: a layer with an explicit \
            `activation=None` or `activation="linear"` (a deliberate linear bottleneck); a layer whose activation \
            cannot be known (`**kwargs` or `*args` that cannot be resolved, `activation=` a parameter; a dict \
            literal or `dict(...)` unpacked with `**` is read); a layer whose output is used a second time (it \
            also feeds a skip connection, a concatenation or a product, or is returned as a latent code); a \
            sampling step in between (`mu + eps * std` with `eps = torch.randn_like(std)`); a narrowing \
            bottleneck (`d -> r -> d'` with `r` smaller than both, as in an autoencoder's code or a low-rank \
            factorisation, or a middle width named a rank or bottleneck: `Linear(d, rank)` then `Linear(rank, d)`), \
            a MobileNetV2 pointwise projection after a depthwise convolution, a depthwise or grouped convolution \
            (`groups=` other than 1) on either side (a depthwise separable convolution), and factorised \
            convolutions such as (2+1)D; a first layer applied in a branch that returns before the second; a \
            value read by two statements (a second head, a gate beside a branch; printing its shape does not \
            count); layers of a model class without `forward` / `call` (Umlaut does not \
            chain a GAN's discriminator into its generator, or a teacher into its student, by the order they \
            are assigned: networks connect only where one is called on the other's output); the network's \
            last layer (whether the output needs an activation depends on the loss: see UM102 and UM105); \
            layers separated by something Umlaut does not model (a custom layer, a merge such as \
            `layers.add`, a recurrent or embedding layer).
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
            Reference(
                "Goodfellow, Bengio and Courville, Deep Learning, ch. 6.1 (why a network of linear layers stays linear)",
                "https://www.deeplearningbook.org/contents/mlp.html"),
            Reference(
                "keras.layers.Dense (activation defaults to linear)", "https://keras.io/api/layers/core_layers/dense/"),
            Reference("torch.nn.Linear", "https://pytorch.org/docs/stable/generated/torch.nn.Linear.html"),
            Reference(
                "Schoop, Huang and Hartmann, UMLAUT: Debugging Deep Learning Programs using Program Structure "
                    + "and Model Behavior (CHI 2021)", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            Example(
                """
                import keras
                from keras import layers
                model = keras.Sequential([
                    keras.Input(shape=(784,)),
                    ↓layers.Dense(64),
                    layers.Dense(10, activation="softmax"),
                ])
                """),
            Example(
                """
                from tensorflow import keras
                model = keras.models.Sequential()
                model.add(↓keras.layers.Conv2D(32, 3, input_shape=(28, 28, 1)))
                model.add(keras.layers.MaxPooling2D())
                model.add(↓keras.layers.Conv2D(64, 3))
                model.add(keras.layers.Flatten())
                model.add(keras.layers.Dense(10, activation="softmax"))
                """),
            // `pop()` takes the old head away; the layers before it still count.
            Example(
                """
                from tensorflow import keras
                model = keras.Sequential()
                model.add(↓keras.layers.Dense(64))
                model.add(keras.layers.Dense(10))
                model.pop()
                model.add(keras.layers.Dense(3, activation="softmax"))
                """),
            Example(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Flatten(), ↓nn.Linear(784, 256), nn.Dropout(0.2), nn.Linear(256, 10))
                """),
            Example(
                """
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
            Example(
                """
                import keras
                from keras import layers
                inputs = keras.Input(shape=(32,))
                x = ↓layers.Dense(64)(inputs)
                outputs = layers.Dense(1, activation="sigmoid")(x)
                model = keras.Model(inputs, outputs)
                """),
            Example(
                """
                import tensorflow as tf

                def model_fn(features):
                    hidden = ↓tf.layers.dense(features, 128)
                    return tf.layers.dense(hidden, 10)
                """),
            Example(
                """
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
            // Printing the shape between the two layers is not a second use of the value.
            Example(
                """
                import torch.nn as nn

                class Net(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.fc1 = nn.Linear(784, 256)
                        self.fc2 = nn.Linear(256, 10)

                    def forward(self, x):
                        h = ↓self.fc1(x)
                        print(h.shape)
                        return self.fc2(h)
                """),
        ],
        nonTriggeringExamples: [
            // A head replaced with `pop()`: the popped `Dense(10)` no longer feeds `Dense(3)`.
            Example(
                """
                from tensorflow import keras
                model = keras.Sequential()
                model.add(keras.Input(shape=(20,)))
                model.add(keras.layers.Dense(64, activation="relu"))
                model.add(keras.layers.Dense(10))
                model.pop()
                model.add(keras.layers.Dense(3, activation="softmax"))
                """),
            // The idiom UMLAUT wrongly flagged: an activation as a separate layer.
            Example(
                """
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
            Example(
                """
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
            Example(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 10))
                """),
            // The last layer's (missing) activation is the output rules' business.
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10)])
                """),
            // An explicit linear activation is a deliberate linear bottleneck.
            Example(
                """
                import keras
                model = keras.Sequential([
                    keras.layers.Conv2D(64, 1, activation=None),
                    keras.layers.BatchNormalization(),
                    keras.layers.Conv2D(128, 3, activation="relu"),
                ])
                """),
            // A residual block: conv2 + bn2, then the shortcut is added and ReLU applied.
            Example(
                """
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
            Example(
                """
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Embedding(10000, 32),
                    layers.LSTM(32),
                    layers.Dense(1, activation="sigmoid"),
                ])
                """),
            // A depthwise separable convolution (Xception, ConvNeXt): depthwise, then pointwise.
            Example(
                """
                import torch.nn as nn

                class SeparableConv2d(nn.Module):
                    def __init__(self, in_channels, out_channels):
                        super().__init__()
                        self.depthwise = nn.Conv2d(in_channels, in_channels, 3, padding=1, groups=in_channels)
                        self.pointwise = nn.Conv2d(in_channels, out_channels, 1)

                    def forward(self, x):
                        return self.pointwise(self.depthwise(x))
                """),
            // A low-rank factorisation whose middle width is named a rank (LoRA).
            Example(
                """
                import torch.nn as nn

                class LoRALinear(nn.Module):
                    def __init__(self, in_features, out_features, rank=4):
                        super().__init__()
                        self.down = nn.Linear(in_features, rank, bias=False)
                        self.up = nn.Linear(rank, out_features, bias=False)

                    def forward(self, x):
                        return self.up(self.down(x))
                """),
            // The branch that projects returns: its value never reaches the second projection.
            Example(
                """
                import torch.nn as nn

                class Attention(nn.Module):
                    def __init__(self, d):
                        super().__init__()
                        self.query = nn.Linear(d, d)
                        self.out = nn.Linear(d, d)

                    def forward(self, queries, keys):
                        if keys is None:
                            queries = self.query(queries)
                            return queries.softmax(-1)
                        queries = self.query(queries)
                        return (queries @ keys).softmax(-1)
                """),
            // The convolution's output is read twice: by a branch and by a gate.
            Example(
                """
                import torch
                import torch.nn as nn
                import torch.nn.functional as F

                class Fusion(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.attn = nn.Conv2d(64, 64, 3, padding=1)
                        self.attn_add = nn.Conv2d(64, 64, 1)

                    def forward(self, x):
                        attn = self.attn(x)
                        attn_add = F.relu(self.attn_add(attn))
                        attn = torch.sigmoid(attn)
                        return x * attn + attn_add
                """),
            // One of two activations, chosen by a flag, between the two linear layers.
            Example(
                """
                import torch.nn as nn

                class GEGLU(nn.Module):
                    def forward(self, x):
                        x, gates = x.chunk(2, dim=-1)
                        return nn.functional.gelu(gates) * x

                def feed_forward(dim, hidden, use_glu=True):
                    return nn.Sequential(
                        nn.Linear(dim, hidden * 2 if use_glu else hidden),
                        GEGLU() if use_glu else nn.GELU(),
                        nn.Linear(hidden, dim),
                    )
                """),
            // The convolution's output feeds two layers (a scale and a shift).
            Example(
                """
                import torch.nn as nn

                class SpatialNorm(nn.Module):
                    def __init__(self, channels):
                        super().__init__()
                        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
                        self.conv_y = nn.Conv2d(channels, channels, 1)
                        self.conv_b = nn.Conv2d(channels, channels, 1)
                        self.norm = nn.GroupNorm(8, channels)

                    def forward(self, f, zq):
                        zq = self.conv(zq)
                        return self.norm(f) * self.conv_y(zq) + self.conv_b(zq)
                """),
            // The activation comes in a dict of layer arguments.
            Example(
                """
                import keras
                from keras import layers
                conv_args = {"kernel_size": 3, "padding": "same", "activation": "relu"}
                model = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Conv2D(64, **conv_args),
                                          layers.Conv2D(3, **conv_args)])
                """),
            // The linear output also feeds a skip connection.
            Example(
                """
                import keras
                from keras import layers
                inputs = keras.Input(shape=(32, 32, 16))
                x = layers.Conv2D(16, 3, padding="same")(inputs)
                x = layers.Add()([inputs, x])
                outputs = layers.Conv2D(3, 3, padding="same", activation="sigmoid")(x)
                model = keras.Model(inputs, outputs)
                """),
            // A VAE: the mean is a returned latent code, and sampling sits between it and the decoder.
            Example(
                """
                import torch
                import torch.nn as nn
                import torch.nn.functional as F

                class VAE(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.hidden = nn.Linear(784, 400)
                        self.mu = nn.Linear(400, 20)
                        self.log_var = nn.Linear(400, 20)
                        self.decode = nn.Linear(20, 784)

                    def forward(self, x):
                        h = F.relu(self.hidden(x))
                        mu, log_var = self.mu(h), self.log_var(h)
                        z = mu + torch.randn_like(mu) * torch.exp(0.5 * log_var)
                        return torch.sigmoid(self.decode(z)), mu, log_var
                """),
            // Two models held by a wrapper without `call` are not chained by declaration order.
            Example(
                """
                import keras
                from keras import layers

                class GAN(keras.Model):
                    def __init__(self):
                        super().__init__()
                        self.discriminator = keras.Sequential([keras.Input(shape=(784,)),
                                                               layers.Dense(128, activation="relu"), layers.Dense(1)])
                        self.generator = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(784, activation="tanh")])
                """),
            // Something Umlaut does not model sits between the two layers.
            Example(
                """
                import keras
                from my_project import Swish
                model = keras.Sequential([keras.layers.Dense(64), Swish(), keras.layers.Dense(10)])
                """),
        ],
        corrections: [
            Correction(
                """
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Dense(64),
                    layers.Dense(10, activation="softmax"),
                ])
                """,
                """
                import keras
                from keras import layers
                model = keras.Sequential([
                    layers.Dense(64, activation="relu"),
                    layers.Dense(10, activation="softmax"),
                ])
                """),
            Correction(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.Dropout(0.2), nn.Linear(256, 10))
                """,
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))
                """),
            Correction(
                """
                from torch import nn
                net = nn.Sequential(
                    nn.Linear(10, 10),
                    nn.Linear(10, 2),
                )
                """,
                """
                from torch import nn
                net = nn.Sequential(
                    nn.Linear(10, 10), nn.ReLU(),
                    nn.Linear(10, 2),
                )
                """),
        ]
    )

    // What counts as evidence (Docs/Evidence.md, "UM101 and network structure"): a linear
    // layer that certainly applies no activation (`defaultLinear`: none written, no `*args` /
    // `**kwargs` that could carry one), whose output the data flow the analysis followed takes
    // into another linear layer with only pass-through layers in between, and nothing that
    // gives the linear output a purpose of its own. Everything else is silent: an unknown
    // activation, layers listed only in declaration order, a second use of the output, a
    // bottleneck or factorisation recognised from the layers' own arguments.
    package func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        let imports = ImportCache(context.tree)
        // Neighbours in declaration order (a subclass without `forward` / `call`) are not known
        // to be connected: no evidence of data flowing from one into the other.
        for network in context.model.networks where network.order == nil {
            // The layers are named by index, not copied: this loop runs over every layer of
            // every network on each edit.
            let layers = network.layers
            var pending: Int?
            // A max pooling layer passed since `pending`: technically a nonlinearity, too weak
            // to stand in for an activation, and the message must not call the pair linear.
            var maxPooling: Int?
            // Whether a flatten/reshape sits between `pending` and the current layer, which makes
            // their widths incomparable.
            var reshaped = false
            // The last linear layer before `pending` (through activations), and the widths seen so
            // far along the chain, for recognising deliberate bottlenecks and factorisations.
            var previousLinear: Int?
            var current: Int?
            var widths = Widths()
            for index in layers.indices {
                switch layers[index].kind {
                case .linear:
                    if let first = pending,
                        !Self.isDeliberate(
                            layers[first], then: layers[index], after: previousLinear.map { layers[$0] },
                            reshaped: reshaped, widths: widths, network: network)
                    {
                        let location = context.location(of: layers[first], in: network)
                        if reported.insert(location.startByte).inserted {
                            diagnostics.append(
                                diagnostic(
                                    layers[first], then: layers[index], in: network, at: location, context: context,
                                    imports: imports, maxPooling: maxPooling.map { layers[$0] }))
                        }
                    }
                    if let current { previousLinear = current }
                    widths.enter(layers[index])
                    current = index
                    // Only a layer certainly without activation, whose output has no second use
                    // (a skip connection, a returned latent code), can start a redundant pair.
                    pending = Self.isImplicitlyLinear(layers[index]) && layers[index].otherUse == nil ? index : nil
                    maxPooling = nil
                    reshaped = false
                case .activation:
                    if layers[index].activation?.isLinear != true { pending = nil }
                case .pooling:
                    if pending != nil, maxPooling == nil, layers[index].className.contains("Max") { maxPooling = index }
                case .reshape:
                    reshaped = true
                    widths.reset()
                case .dropout, .normalization:
                    continue
                case .input:
                    widths.enter(layers[index])
                case .embedding, .recurrent, .other:
                    pending = nil
                    previousLinear = nil
                    current = nil
                    widths.reset()
                }
            }
        }
        return diagnostics
    }

    /// A linear layer with no activation that was not asked for explicitly (`activation=None`).
    /// An `unknown` activation (`**kwargs`, an unresolved `activation=`) is not linear for sure.
    static func isImplicitlyLinear(_ layer: Layer) -> Bool {
        guard let activation = layer.activation else { return true }
        return activation.isLinear && activation.origin == .defaultLinear
    }

    /// Whether a linear pair is a known deliberate design rather than a forgotten activation:
    ///
    /// - a narrowing bottleneck or low-rank factorisation `d -> r -> d'`, `r` smaller than the
    ///   nearest known width on both sides (an autoencoder's code, a factorised projection);
    /// - a MobileNetV2 linear projection: a pointwise convolution after a depthwise one;
    /// - a factorised convolution: kernels that cover complementary axes, such as (2+1)D
    ///   `(1, k, k)` then `(k, 1, 1)`, or `(1, k)` then `(k, 1)`.
    ///
    /// - a factorised convolution whose one side is depthwise or grouped (`groups=` other than 1);
    /// - a middle width whose name says rank or bottleneck (`rank`, `q_lora_rank`,
    ///   `bottleneck_size`).
    ///
    /// Widths and kernels count only when written as constants; when they are not, the pair is
    /// not known to be deliberate and is reported as before.
    static func isDeliberate(
        _ first: Layer, then second: Layer, after previous: Layer?, reshaped: Bool,
        widths: Widths, network: Network
    ) -> Bool {
        if !reshaped, let middle = first.outputWidth, let before = widths.before(first),
            let after = second.outputWidth ?? widths.after(second, in: network),
            middle < before, middle < after
        {
            return true
        }
        if first.isPointwiseConvolution, let previous, previous.isDepthwiseConvolution { return true }
        // A depthwise or grouped convolution on either side: a factorised convolution
        // (Xception's and ConvNeXt's depthwise then pointwise, or pointwise then depthwise),
        // fewer parameters than one full convolution and designed without an activation between.
        if first.isGroupedConvolution || second.isGroupedConvolution { return true }
        // The width between the two named as a rank or bottleneck (`Linear(d, rank)` then
        // `Linear(rank, d)`, LoRA; `q_lora_rank`): a low-rank factorisation, said so in the code.
        if !reshaped, let middle = first.outputWidthArgument ?? second.inputWidthArgument,
            Self.namesALowRank(middle.text)
        {
            return true
        }
        if !reshaped, let a = first.kernel, let b = second.kernel, a.count == b.count, a.count > 1 {
            let firstOnly = zip(a, b).contains { $0 != 1 && $1 == 1 }
            let secondOnly = zip(a, b).contains { $0 == 1 && $1 != 1 }
            if firstOnly && secondOnly { return true }
        }
        return false
    }

    /// Whether a width expression names a rank or a bottleneck: a word of it (split at `_`, `.`
    /// and other punctuation) is `rank`, `lora` or `bottleneck`.
    static func namesALowRank(_ text: String) -> Bool {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.contains {
            $0 == "rank" || $0 == "lora" || $0 == "bottleneck"
        }
    }

    /// The widths (units, channels) along a chain, as far as they are written as constants.
    struct Widths {
        /// The widths known so far along the chain, in order.
        private var known: [Int] = []
        private var inputs: [LayerKey: Int] = [:]

        private struct LayerKey: Hashable {
            var span: Int
            var call: Int?
            init(_ layer: Layer) { span = layer.span.startByte; call = layer.callSpan?.startByte }
        }

        /// Records a layer: the nearest known width before its output (its own stated input,
        /// else the last width known along the chain, unknown ones skipped), then its output.
        mutating func enter(_ layer: Layer) {
            if let input = layer.inputWidth { known.append(input) }
            if let input = known.last { inputs[LayerKey(layer)] = input }
            if let output = layer.outputWidth { known.append(output) }
        }

        mutating func reset() { known.removeAll() }

        /// The nearest known width before `layer`'s output: its own input width, else what the
        /// chain carried into it.
        func before(_ layer: Layer) -> Int? { inputs[LayerKey(layer)] }

        /// The nearest known width after `layer`: the output of the next linear layer that
        /// states one, through pass-through layers and activations.
        func after(_ layer: Layer, in network: Network) -> Int? {
            guard let index = network.layers.firstIndex(where: { LayerKey($0) == LayerKey(layer) }) else { return nil }
            for next in network.layers[(index + 1)...] {
                switch next.kind {
                case .linear: if let width = next.outputWidth { return width }
                case .activation, .dropout, .normalization, .pooling: continue
                default: return nil
                }
            }
            return nil
        }
    }

    private func diagnostic(
        _ first: Layer, then second: Layer, in network: Network, at location: SourceSpan,
        context: RuleContext, imports: ImportCache, maxPooling: Layer?
    ) -> Diagnostic {
        let firstName = context.describe(first, in: network)
        let secondName = context.describe(second, in: network)
        let firstLine = context.line(of: first, in: network)
        let secondLine = context.line(of: second, in: network)
        let head =
            "\(firstName) (\(context.lines.label(firstLine))) of `\(network.name)` has no activation and feeds the linear "
            + "layer \(secondName) (\(context.lines.label(secondLine)))"
        let message: String
        if let maxPooling {
            message =
                head + " with only `\(maxPooling.className)` in between: max pooling is too weak a nonlinearity to "
                + "stand in for an activation, so the first layer adds parameters but little expressive power"
        } else {
            message =
                head + " with no nonlinearity in between: together they compute one linear map, so the first adds "
                + "parameters but no expressive power"
        }
        let related = [
            RelatedLocation(
                span: context.location(of: second, in: network),
                message: "the next linear layer, reached with no activation in between")
        ]
        let between = maxPooling == nil ? "no activation" : "only max pooling"
        let summary =
            "\(context.shortName(first, in: network)) feeds \(context.shortName(second, in: network)) "
            + "with \(between) between them"
        let (help, fix) = suggestion(for: first, in: network, context: context, imports: imports)
        return context.diagnostic(
            Self.self, at: location, summary: summary, message: message, related: related, help: help, fix: fix)
    }

    private func suggestion(
        for layer: Layer, in network: Network, context: RuleContext, imports: ImportCache
    ) -> (String, Fix?) {
        switch network.framework {
        case .keras:
            let help =
                "Give \(context.describe(layer, in: network)) an activation, such as `activation=\"relu\"`, "
                + "or follow it with an activation layer"
            guard !layer.isFunctionCall, let call = context.node(at: layer.span),
                let edit = SourceEdits.appendingArgument("activation=\"relu\"", to: call)
            else { return (help, nil) }
            return (help, Fix(title: "Add `activation=\"relu\"`", applicability: .unsafe, edits: [edit]))
        case .pytorch:
            if let node = context.node(at: layer.span), let list = node.parent, list.type == "argument_list",
                list.parent?.child(field: .function)?.text.hasSuffix("Sequential") == true,
                let relu = torchReLU(for: layer, context: context, imports: imports.table)
            {
                return (
                    "Insert an activation such as `\(relu)` after \(context.describe(layer, in: network))",
                    Fix(
                        title: "Insert `\(relu)` after the layer", applicability: .unsafe,
                        edits: [.insert(", \(relu)", at: node.endByte)])
                )
            }
            let help =
                "Apply an activation to the output of \(context.describe(layer, in: network)), "
                + "such as `F.relu(...)`, before the next layer"
            guard network.style == .subclass, context.appliesAttribute(layer), let callSpan = layer.callSpan,
                let function = context.alias(of: "torch.nn.functional", imports: imports.table).map({ "\($0).relu" })
                    ?? context.alias(of: "torch", imports: imports.table).map({ "\($0).relu" })
            else { return (help, nil) }
            return (
                help,
                Fix(
                    title: "Wrap the layer's output in `\(function)(...)`", applicability: .displayOnly,
                    edits: [.insert("\(function)(", at: callSpan.startByte), .insert(")", at: callSpan.endByte)])
            )
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

extension Layer {
    /// Output width written as a constant: Keras `units` / `filters`, PyTorch `out_features` /
    /// `out_channels`, an input's last dimension.
    var outputWidth: Int? {
        if kind == .input {
            guard
                case .sequence(let shape)? = (self.argument("shape", position: 0) ?? self.argument("input_shape"))?
                    .value,
                case .int(let last)? = shape.last
            else { return nil }
            return last
        }
        guard case .int(let value)? = outputWidthArgument?.value else { return nil }
        return value
    }

    /// Input width written as a constant: PyTorch `in_features` / `in_channels`.
    var inputWidth: Int? {
        guard case .int(let value)? = inputWidthArgument?.value else { return nil }
        return value
    }

    /// A convolution's kernel as a tuple of sizes (nil for an entry that is not a constant).
    var kernel: [Int?]? {
        guard kind == .linear, className.hasPrefix("Conv") else { return nil }
        let torch = className.hasSuffix("d")
        guard case .sequence(let sizes)? = self.argument("kernel_size", position: torch ? 2 : 1)?.value else {
            return nil
        }
        return sizes.map { if case .int(let size) = $0 { size } else { nil } }
    }

    /// A 1x1 convolution: `Conv2D(c, 1)`, `Conv2D(c, (1, 1))`, `nn.Conv2d(a, b, 1)`.
    var isPointwiseConvolution: Bool {
        guard kind == .linear, className.hasPrefix("Conv"), !className.contains("Transpose") else { return false }
        let torch = className.hasSuffix("d")
        switch self.argument("kernel_size", position: torch ? 2 : 1)?.value {
        case .int(1)?: return true
        case .sequence(let sizes)?: return !sizes.isEmpty && sizes.allSatisfy { $0 == .int(1) }
        default: return false
        }
    }

    /// A convolution that does not mix all channels: Keras `DepthwiseConv*D`, or a convolution
    /// with a `groups=` argument other than 1 (a variable counts: it may well be a group count).
    var isGroupedConvolution: Bool {
        guard kind == .linear else { return false }
        if className.hasPrefix("DepthwiseConv") { return true }
        guard className.hasPrefix("Conv"), let groups = self.argument("groups") else { return false }
        return groups.value != .int(1)
    }

    /// The argument written for the output width (`units`, `out_features`, `out_channels`,
    /// `filters`), whatever it is: a constant or an expression.
    var outputWidthArgument: Argument? {
        switch (kind, className) {
        case (.linear, "Dense"): self.argument("units", position: 0)
        case (.linear, "Linear"), (.linear, "Bilinear"): self.argument("out_features", position: 1)
        case (.linear, "LazyLinear"): self.argument("out_features", position: 0)
        case (.linear, let name) where name.hasPrefix("Conv") && name.hasSuffix("d"):
            self.argument("out_channels", position: 1)
        case (.linear, let name) where name.hasPrefix("LazyConv"): self.argument("out_channels", position: 0)
        case (.linear, let name) where name.hasPrefix("Conv") || name.hasPrefix("SeparableConv"):
            self.argument("filters", position: 0)
        default: nil
        }
    }

    /// The argument written for the input width (`in_features`, `in_channels`), PyTorch only.
    var inputWidthArgument: Argument? {
        guard kind == .linear, className == "Linear" || (className.hasPrefix("Conv") && className.hasSuffix("d")) else {
            return nil
        }
        return self.argument(className == "Linear" ? "in_features" : "in_channels", position: 0)
    }

    /// A depthwise convolution: Keras `DepthwiseConv*D`, or a PyTorch convolution whose
    /// `groups=` is its input channels.
    var isDepthwiseConvolution: Bool {
        guard kind == .linear else { return false }
        if className.hasPrefix("DepthwiseConv") { return true }
        guard className.hasPrefix("Conv"), className.hasSuffix("d"), let groups = self.argument("groups"),
            let input = self.argument("in_channels", position: 0)
        else { return false }
        return groups.text == input.text
    }
}
