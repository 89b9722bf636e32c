// MARK: - Networks and layers

/// One network: a Keras `Sequential`, functional or subclassed model, or a PyTorch
/// `nn.Sequential` or `nn.Module` subclass.
package struct Network: Hashable, Sendable, Codable {
    package enum Style: String, Hashable, Sendable, Codable {
        /// `Sequential([...])` and/or `model.add(...)`, Keras or PyTorch.
        case sequential
        /// Keras functional API: `x = Dense(64)(x)` ... `Model(inputs, outputs)`.
        case functional
        /// A class deriving from `keras.Model` / `nn.Module`: layers assigned in `__init__`,
        /// applied in `call` / `forward`.
        case subclass
    }

    /// The variable the network is bound to (`model`), or the class name for subclasses.
    package var name: String
    package var framework: Framework
    package var style: Style
    /// The constructor call, the `Model(...)` call, or the class definition.
    package var span: SourceSpan
    /// The layers and activation calls in the order data flows through them. For subclasses,
    /// the order of use in `call`/`forward`; a layer used twice appears twice.
    package var layers: [Layer]
    /// The declared input shape (`Input(shape=...)`, `input_shape=`), if any.
    package var inputShape: Value?
    /// How `layers` are ordered: nil when in the order data flows through them (what the
    /// analysis followed); `.declaration` for a subclass with no `forward` / `call`, whose
    /// layers are listed as assigned, so that neighbours are not known to be connected.
    package var order: LayerOrder?

    package enum LayerOrder: String, Hashable, Sendable, Codable {
        /// The order the layers are assigned in `__init__`: nothing says data flows that way.
        case declaration
    }

    package init(
        name: String, framework: Framework, style: Style, span: SourceSpan, layers: [Layer] = [],
        inputShape: Value? = nil
    ) {
        self.name = name
        self.framework = framework
        self.style = style
        self.span = span
        self.layers = layers
        self.inputShape = inputShape
    }

    /// The last layer that is not a pass-through (dropout, flatten, reshape, normalisation): the
    /// layer that produces the network's output values.
    package var outputLayer: Layer? {
        layers.last { !$0.kind.isPassThrough }
    }
}

/// One layer of a network, or an activation applied as a function call in `forward` / `call`
/// (`F.relu(x)`, `torch.relu(x)`, `x.relu()`, `keras.activations.relu(x)`).
package struct Layer: Hashable, Sendable, Codable {
    /// The class or function as written in the source, without module prefix: `Dense`,
    /// `Conv2D`, `Linear`, `ReLU`, `relu`, `softmax`.
    package var className: String
    /// The fully qualified, canonical name: `keras.layers.Dense`, `torch.nn.Linear`,
    /// `torch.nn.functional.relu`. Unresolved names keep their written form.
    package var qualifiedName: String
    package var kind: LayerKind
    /// The whole constructor or call expression.
    package var span: SourceSpan
    /// Just the callee (`layers.Dense`, `nn.Linear`, `F.relu`), where diagnostics underline.
    package var calleeSpan: SourceSpan
    /// The attribute or variable the layer is bound to (`self.fc1` → `fc1`), or its `name=`.
    package var binding: String?
    /// The constructor's arguments. For function calls (`F.dropout(x, p=0.2)`) the arguments
    /// after the input tensor, with positions counted from there (`p` is position 0).
    package var arguments: [Argument]
    /// What nonlinearity the layer applies itself (for linear layers and activation layers).
    package var activation: Activation?
    /// Whether this entry is a function call (`F.relu(x)`) rather than a layer object.
    package var isFunctionCall: Bool
    /// Where a layer object is applied to its input when that is not the constructor itself:
    /// `self.fc1(x)` in `forward`, `layers.Dense(64)(x)` in the functional API, and for the
    /// layers of a `Sequential` attribute inlined into `forward`, its application
    /// (`self.features(x)`). Nil for `Sequential` entries and function calls.
    package var callSpan: SourceSpan?
    /// Where the layer's output also goes besides the next entry of the chain, when the data
    /// flow shows a second use: nil when none was seen.
    package var otherUse: OtherUse?

    /// A second use of a layer's output, which makes it more than an intermediate value.
    package enum OtherUse: String, Hashable, Sendable, Codable {
        /// It is an operand of a merge: a skip connection (`x + r`, `layers.Add()([x, r])`,
        /// `x += ...`), a concatenation, a product, or a call that combines it with other data.
        case merge
        /// It is returned by `forward` / `call` besides the main output (`return out, mu`): a
        /// latent code or auxiliary output the training uses.
        case returned
        /// Its value is read again by another statement besides the next layer: a second head,
        /// a gate beside a branch (`attn = conv(attn)`, then `f(attn)` and `sigmoid(attn)`).
        case shared
    }

    package init(
        className: String, qualifiedName: String, kind: LayerKind, span: SourceSpan, calleeSpan: SourceSpan,
        binding: String? = nil, arguments: [Argument] = [], activation: Activation? = nil, isFunctionCall: Bool = false,
        callSpan: SourceSpan? = nil
    ) {
        self.className = className
        self.qualifiedName = qualifiedName
        self.kind = kind
        self.span = span
        self.calleeSpan = calleeSpan
        self.binding = binding
        self.arguments = arguments
        self.activation = activation
        self.isFunctionCall = isFunctionCall
        self.callSpan = callSpan
    }

    /// The argument with a keyword, or else at a position.
    package func argument(_ keyword: String, position: Int? = nil) -> Argument? {
        Argument.find(in: arguments, keyword: keyword, position: position)
    }

    /// How the layer reads in messages: `Dense(64)` at line 12.
    package var displayName: String {
        let firstArgument = arguments.first { $0.keyword == nil }?.text ?? ""
        return "\(className)(\(firstArgument))"
    }
}

/// What a layer does, as far as the rules care.
package enum LayerKind: String, Hashable, Sendable, Codable {
    /// Affine layers with no built-in nonlinearity unless `activation=` says so:
    /// Dense, Conv1D/2D/3D, Conv*Transpose, SeparableConv, DepthwiseConv, Linear, Conv*d, LazyLinear.
    case linear
    /// A nonlinearity as a layer or call: Activation, ReLU, LeakyReLU, PReLU, ELU, GELU, Tanh,
    /// Sigmoid, Softmax, LogSoftmax, and functional forms.
    case activation
    case dropout
    /// BatchNormalization, LayerNormalization, GroupNorm, BatchNorm*d, ...
    case normalization
    /// MaxPooling*, AveragePooling*, Global*Pooling*, MaxPool*d, AdaptiveAvgPool*d, ...
    case pooling
    /// Flatten, Reshape, Permute, view/flatten calls.
    case reshape
    case embedding
    /// LSTM, GRU, SimpleRNN, RNN — they have internal nonlinearities.
    case recurrent
    /// Input / InputLayer.
    case input
    /// A submodule or block Umlaut does not model (a nested custom module, Lambda, Attention...).
    case other

    /// Layers that pass values through without changing what kind of values they are.
    package var isPassThrough: Bool {
        switch self {
        case .dropout, .reshape, .normalization, .input: true
        default: false
        }
    }
}

/// A nonlinearity and where it comes from.
package struct Activation: Hashable, Sendable, Codable {
    package enum Origin: String, Hashable, Sendable, Codable {
        /// `activation="relu"` on the layer.
        case argument
        /// No `activation=` on a Keras layer whose default is linear.
        case defaultLinear
        /// The layer itself is the activation (`ReLU()`, `Activation("relu")`, `F.relu`).
        case layer
        /// Known, but written away from the layer's own arguments: in a dict unpacked into them
        /// (`**cfg` with `cfg = {"activation": "relu"}`, `**dict(activation="relu")`). `span` is
        /// the value where it is written; fixes must not edit it as if it were an argument.
        case indirect
        /// The layer may apply an activation Umlaut cannot see: `**kwargs` or `*args` that cannot
        /// be resolved, or an `activation=` whose value is a parameter or other unresolved
        /// expression. Neither linear nor nonlinear: rules that need to know stay silent.
        case unknown
    }

    /// Canonical lower-case name: `linear`, `relu`, `softmax`, `sigmoid`, `tanh`, `leaky_relu`,
    /// `log_softmax`, ... or the written expression when unknown.
    package var name: String
    package var origin: Origin
    /// The `activation=` argument or the activation layer/call; nil for `defaultLinear`.
    package var span: SourceSpan?

    package init(name: String, origin: Origin, span: SourceSpan?) {
        self.name = name
        self.origin = origin
        self.span = span
    }

    /// Whether it leaves values unchanged (`linear`, `None`). False for an unknown activation,
    /// which is not known to be linear either (see `isKnown`).
    package var isLinear: Bool { origin != .unknown && (name == "linear" || name == "none") }
    /// Whether Umlaut knows which activation this is (see `Origin.unknown`).
    package var isKnown: Bool { origin != .unknown }
    /// Whether it turns values into probabilities over classes.
    package var isSoftmax: Bool { name == "softmax" }
    /// Whether it squashes to (0, 1) independently per unit.
    package var isSigmoid: Bool { name == "sigmoid" }
}

/// One argument of a call as written, with its statically known value.
package struct Argument: Hashable, Sendable, Codable {
    /// The keyword, or nil for a positional argument.
    package var keyword: String?
    /// Zero-based position among the positional arguments; nil for keyword arguments.
    package var position: Int?
    /// The value, evaluated through constants and arithmetic where possible.
    package var value: Value
    /// The source text of the value expression.
    package var text: String
    /// The whole argument (`rate=0.8`, or just `0.8` for positional ones).
    package var span: SourceSpan
    /// Just the value expression.
    package var valueSpan: SourceSpan

    package init(keyword: String?, position: Int?, value: Value, text: String, span: SourceSpan, valueSpan: SourceSpan)
    {
        self.keyword = keyword
        self.position = position
        self.value = value
        self.text = text
        self.span = span
        self.valueSpan = valueSpan
    }

    /// The argument with a keyword, or else at a position.
    package static func find(in arguments: [Argument], keyword: String, position: Int? = nil) -> Argument? {
        // By index: `first(where:)` copies every argument it looks at, and rules ask this for
        // every layer of every network on each edit.
        for index in arguments.indices where arguments[index].keyword == keyword { return arguments[index] }
        guard let position else { return nil }
        for index in arguments.indices where arguments[index].position == position { return arguments[index] }
        return nil
    }
}
