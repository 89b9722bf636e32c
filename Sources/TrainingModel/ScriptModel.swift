/// What a training script builds, as far as Umlaut can tell from its source: the networks and
/// their layers, losses, optimizers, `compile` and `fit` calls, and where the training data comes
/// from. Framework-neutral, every item carrying its source span.
///
/// Produced by `ScriptAnalyzer`; read by the lint rules; encoded as JSON for golden tests and for
/// hover text. All of it is value types, `Sendable` and `Codable`.
public struct ScriptModel: Hashable, Sendable, Codable {
    /// The frameworks the script imports, sorted.
    public var frameworks: [Framework] = []
    /// Every network the script defines, in source order.
    public var networks: [Network] = []
    /// Every loss the script creates or names (Keras `compile(loss=...)`, PyTorch criteria and
    /// functional losses), in source order.
    public var losses: [Loss] = []
    /// Every optimizer the script creates or names, in source order.
    public var optimizers: [Optimizer] = []
    /// Keras `compile` calls.
    public var compiles: [CompileCall] = []
    /// Keras `fit` calls.
    public var fits: [FitCall] = []
    /// Keras `evaluate` and `predict` calls, with the data they are given.
    public var evaluations: [EvaluationCall] = []
    /// Arrays and datasets the script loads, and how (whether) they are scaled before training.
    public var datasets: [Dataset] = []
    /// PyTorch training steps: where `loss_fn(model(x), y)` and `optimizer.step()` happen.
    public var trainingSteps: [TrainingStep] = []
    /// Calls of a network on data outside `fit` (`model(x)`, `net(images)`), with where their
    /// input comes from: PyTorch loops, custom Keras training steps, predictions.
    public var networkCalls: [NetworkCall] = []
    /// Script-wide image layout settings: `keras.backend.set_image_data_format(...)` and reads
    /// of it, in source order.
    public var imageDataFormats: [DataFormatSetting] = []

    public init() {}
}

public enum Framework: String, Hashable, Sendable, Codable, Comparable {
    /// Keras 3 (`import keras`) or tf.keras (`from tensorflow import keras`).
    case keras
    case pytorch

    public static func < (lhs: Framework, rhs: Framework) -> Bool { lhs.rawValue < rhs.rawValue }
}

// MARK: - Networks and layers

/// One network: a Keras `Sequential`, functional or subclassed model, or a PyTorch
/// `nn.Sequential` or `nn.Module` subclass.
public struct Network: Hashable, Sendable, Codable {
    public enum Style: String, Hashable, Sendable, Codable {
        /// `Sequential([...])` and/or `model.add(...)`, Keras or PyTorch.
        case sequential
        /// Keras functional API: `x = Dense(64)(x)` ... `Model(inputs, outputs)`.
        case functional
        /// A class deriving from `keras.Model` / `nn.Module`: layers assigned in `__init__`,
        /// applied in `call` / `forward`.
        case subclass
    }

    /// The variable the network is bound to (`model`), or the class name for subclasses.
    public var name: String
    public var framework: Framework
    public var style: Style
    /// The constructor call, the `Model(...)` call, or the class definition.
    public var span: SourceSpan
    /// The layers and activation calls in the order data flows through them. For subclasses,
    /// the order of use in `call`/`forward`; a layer used twice appears twice.
    public var layers: [Layer]
    /// The declared input shape (`Input(shape=...)`, `input_shape=`), if any.
    public var inputShape: Value?
    /// How `layers` are ordered: nil when in the order data flows through them (what the
    /// analysis followed); `.declaration` for a subclass with no `forward` / `call`, whose
    /// layers are listed as assigned, so that neighbours are not known to be connected.
    public var order: LayerOrder?

    public enum LayerOrder: String, Hashable, Sendable, Codable {
        /// The order the layers are assigned in `__init__`: nothing says data flows that way.
        case declaration
    }

    public init(name: String, framework: Framework, style: Style, span: SourceSpan, layers: [Layer] = [], inputShape: Value? = nil) {
        self.name = name
        self.framework = framework
        self.style = style
        self.span = span
        self.layers = layers
        self.inputShape = inputShape
    }

    /// The last layer that is not a pass-through (dropout, flatten, reshape, normalisation): the
    /// layer that produces the network's output values.
    public var outputLayer: Layer? {
        layers.last { !$0.kind.isPassThrough }
    }
}

/// One layer of a network, or an activation applied as a function call in `forward` / `call`
/// (`F.relu(x)`, `torch.relu(x)`, `x.relu()`, `keras.activations.relu(x)`).
public struct Layer: Hashable, Sendable, Codable {
    /// The class or function as written in the source, without module prefix: `Dense`,
    /// `Conv2D`, `Linear`, `ReLU`, `relu`, `softmax`.
    public var className: String
    /// The fully qualified, canonical name: `keras.layers.Dense`, `torch.nn.Linear`,
    /// `torch.nn.functional.relu`. Unresolved names keep their written form.
    public var qualifiedName: String
    public var kind: LayerKind
    /// The whole constructor or call expression.
    public var span: SourceSpan
    /// Just the callee (`layers.Dense`, `nn.Linear`, `F.relu`), where diagnostics underline.
    public var calleeSpan: SourceSpan
    /// The attribute or variable the layer is bound to (`self.fc1` → `fc1`), or its `name=`.
    public var binding: String?
    /// The constructor's arguments. For function calls (`F.dropout(x, p=0.2)`) the arguments
    /// after the input tensor, with positions counted from there (`p` is position 0).
    public var arguments: [Argument]
    /// What nonlinearity the layer applies itself (for linear layers and activation layers).
    public var activation: Activation?
    /// Whether this entry is a function call (`F.relu(x)`) rather than a layer object.
    public var isFunctionCall: Bool
    /// Where a layer object is applied to its input when that is not the constructor itself:
    /// `self.fc1(x)` in `forward`, `layers.Dense(64)(x)` in the functional API, and for the
    /// layers of a `Sequential` attribute inlined into `forward`, its application
    /// (`self.features(x)`). Nil for `Sequential` entries and function calls.
    public var callSpan: SourceSpan?
    /// Where the layer's output also goes besides the next entry of the chain, when the data
    /// flow shows a second use: nil when none was seen.
    public var otherUse: OtherUse?

    /// A second use of a layer's output, which makes it more than an intermediate value.
    public enum OtherUse: String, Hashable, Sendable, Codable {
        /// It is an operand of a merge: a skip connection (`x + r`, `layers.Add()([x, r])`,
        /// `x += ...`), a concatenation, a product, or a call that combines it with other data.
        case merge
        /// It is returned by `forward` / `call` besides the main output (`return out, mu`): a
        /// latent code or auxiliary output the training uses.
        case returned
    }

    public init(
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
    public func argument(_ keyword: String, position: Int? = nil) -> Argument? {
        Argument.find(in: arguments, keyword: keyword, position: position)
    }

    /// How the layer reads in messages: `Dense(64)` at line 12.
    public var displayName: String {
        let firstArgument = arguments.first { $0.keyword == nil }?.text ?? ""
        return "\(className)(\(firstArgument))"
    }
}

/// What a layer does, as far as the rules care.
public enum LayerKind: String, Hashable, Sendable, Codable {
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
    public var isPassThrough: Bool {
        switch self {
        case .dropout, .reshape, .normalization, .input: true
        default: false
        }
    }
}

/// A nonlinearity and where it comes from.
public struct Activation: Hashable, Sendable, Codable {
    public enum Origin: String, Hashable, Sendable, Codable {
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
    public var name: String
    public var origin: Origin
    /// The `activation=` argument or the activation layer/call; nil for `defaultLinear`.
    public var span: SourceSpan?

    public init(name: String, origin: Origin, span: SourceSpan?) {
        self.name = name
        self.origin = origin
        self.span = span
    }

    /// Whether it leaves values unchanged (`linear`, `None`). False for an unknown activation,
    /// which is not known to be linear either (see `isKnown`).
    public var isLinear: Bool { origin != .unknown && (name == "linear" || name == "none") }
    /// Whether Umlaut knows which activation this is (see `Origin.unknown`).
    public var isKnown: Bool { origin != .unknown }
    /// Whether it turns values into probabilities over classes.
    public var isSoftmax: Bool { name == "softmax" }
    /// Whether it squashes to (0, 1) independently per unit.
    public var isSigmoid: Bool { name == "sigmoid" }
}

/// One argument of a call as written, with its statically known value.
public struct Argument: Hashable, Sendable, Codable {
    /// The keyword, or nil for a positional argument.
    public var keyword: String?
    /// Zero-based position among the positional arguments; nil for keyword arguments.
    public var position: Int?
    /// The value, evaluated through constants and arithmetic where possible.
    public var value: Value
    /// The source text of the value expression.
    public var text: String
    /// The whole argument (`rate=0.8`, or just `0.8` for positional ones).
    public var span: SourceSpan
    /// Just the value expression.
    public var valueSpan: SourceSpan

    public init(keyword: String?, position: Int?, value: Value, text: String, span: SourceSpan, valueSpan: SourceSpan) {
        self.keyword = keyword
        self.position = position
        self.value = value
        self.text = text
        self.span = span
        self.valueSpan = valueSpan
    }

    /// The argument with a keyword, or else at a position.
    public static func find(in arguments: [Argument], keyword: String, position: Int? = nil) -> Argument? {
        if let match = arguments.first(where: { $0.keyword == keyword }) { return match }
        guard let position else { return nil }
        return arguments.first { $0.position == position }
    }
}

// MARK: - Losses and optimizers

public struct Loss: Hashable, Sendable, Codable {
    public enum Form: String, Hashable, Sendable, Codable {
        /// `loss="categorical_crossentropy"`
        case string
        /// `keras.losses.CategoricalCrossentropy(...)`, `nn.CrossEntropyLoss()`
        case instance
        /// `keras.losses.categorical_crossentropy`, `F.cross_entropy(...)`
        case function
    }

    public var framework: Framework
    /// Canonical name: Keras snake-case function name (`categorical_crossentropy`,
    /// `sparse_categorical_crossentropy`, `binary_crossentropy`, `mean_squared_error`, ...), or
    /// the PyTorch class (`CrossEntropyLoss`, `BCEWithLogitsLoss`, `NLLLoss`, `MSELoss`, ...), with
    /// functional forms mapped to their class.
    public var name: String
    public var kind: LossKind
    public var form: Form
    /// `from_logits=` as written (Keras only); nil when absent.
    public var fromLogits: Argument?
    /// The loss expression (the string, the constructor call, or the function reference).
    public var span: SourceSpan
    /// The model it is compiled with or applied to, if known.
    public var networkName: String?

    public init(framework: Framework, name: String, kind: LossKind, form: Form, fromLogits: Argument? = nil, span: SourceSpan, networkName: String? = nil) {
        self.framework = framework
        self.name = name
        self.kind = kind
        self.form = form
        self.fromLogits = fromLogits
        self.span = span
        self.networkName = networkName
    }

    /// Whether the loss applies softmax/sigmoid itself and so expects raw logits: Keras with
    /// `from_logits=True`; TensorFlow's cross-entropies on logits (`alwaysTakesLogits`); PyTorch
    /// `CrossEntropyLoss` and `BCEWithLogitsLoss`.
    public var expectsLogits: Bool {
        switch framework {
        case .keras: alwaysTakesLogits || fromLogits?.value.bool == true
        case .pytorch: kind == .categoricalCrossentropy || kind == .sparseCategoricalCrossentropy || (kind == .binaryCrossentropy && name == "BCEWithLogitsLoss")
        }
    }

    /// A TensorFlow cross-entropy with no `from_logits` flag that always takes logits:
    /// `tf.losses.softmax_cross_entropy` (TensorFlow 1), `tf.nn.softmax_cross_entropy_with_logits`.
    public var alwaysTakesLogits: Bool {
        framework == .keras && LossCatalog.alwaysTakesLogits(name)
    }
}

/// What family a loss belongs to.
public enum LossKind: String, Hashable, Sendable, Codable {
    /// One-hot targets over classes (Keras `categorical_crossentropy`; PyTorch `CrossEntropyLoss`
    /// with probability targets is rare, so PyTorch CE is `sparseCategoricalCrossentropy`).
    case categoricalCrossentropy
    /// Integer class targets (Keras `sparse_categorical_crossentropy`, PyTorch `CrossEntropyLoss`).
    case sparseCategoricalCrossentropy
    /// Binary / multi-label (Keras `binary_crossentropy`, PyTorch `BCELoss`, `BCEWithLogitsLoss`).
    case binaryCrossentropy
    /// Negative log-likelihood over log-probabilities (PyTorch `NLLLoss`).
    case negativeLogLikelihood
    /// MSE, MAE, Huber, log-cosh, MAPE, ...
    case regression
    /// KL divergence, hinge, cosine, CTC, custom functions...
    case other

    public var isCrossEntropy: Bool {
        self == .categoricalCrossentropy || self == .sparseCategoricalCrossentropy || self == .binaryCrossentropy
    }
}

public struct Optimizer: Hashable, Sendable, Codable {
    /// Which usable learning-rate range applies (`OptimizerCatalog` names the classes of each,
    /// LintCore's `LearningRateRange` gives the range; UM301 and UM506 both read them).
    public enum Family: String, Hashable, Sendable, Codable {
        /// The Adam family (Adam, AdamW, Adamax, Nadam, RAdam), RMSprop, Adafactor, Lion, Lamb:
        /// each step is about as large as the rate, which usually lies in 1e-5–1e-2.
        case adaptive
        /// Adagrad and FTRL: per-coordinate rates divided by accumulated squared gradients, which
        /// shrink the steps as training goes on; they usually run at 0.01–0.5.
        case accumulating
        /// SGD with or without momentum.
        case sgd
        /// Adadelta (its rate only scales an already normalised step, 1.0 by default in
        /// PyTorch), L-BFGS, Rprop, wrappers: only the bounds for every optimizer apply.
        case other
    }

    public var framework: Framework
    /// The class as written without module prefix: `Adam`, `SGD`, or the string (`"adam"`).
    public var className: String
    public var family: Family
    /// `learning_rate=` / `lr=` (or the positional learning rate), if given.
    public var learningRate: Argument?
    /// Whether the learning rate is a schedule object (then its initial value is in
    /// `initialLearningRate` when known).
    public var isSchedule: Bool
    public var initialLearningRate: Argument?
    /// The constructor call or the string.
    public var span: SourceSpan
    /// Whether given as a string (`optimizer="adam"`, default learning rate).
    public var isString: Bool
    /// The tensor the optimizer updates when that is an input rather than weights: the image of
    /// style transfer or deep dream (`opt.apply_gradients([(grads, image)])`,
    /// `torch.optim.Adam([image])` with `image` fed to a network). Nil for weights and unknown.
    public var updatedInput: String?

    public init(framework: Framework, className: String, family: Family, learningRate: Argument? = nil, isSchedule: Bool = false, initialLearningRate: Argument? = nil, span: SourceSpan, isString: Bool = false) {
        self.framework = framework
        self.className = className
        self.family = family
        self.learningRate = learningRate
        self.isSchedule = isSchedule
        self.initialLearningRate = initialLearningRate
        self.span = span
        self.isString = isString
    }
}

// MARK: - compile, fit and training steps

public struct CompileCall: Hashable, Sendable, Codable {
    /// The receiver (`model` in `model.compile(...)`).
    public var networkName: String
    public var span: SourceSpan
    /// Index into `ScriptModel.losses`.
    public var lossIndex: Int?
    /// Index into `ScriptModel.optimizers`.
    public var optimizerIndex: Int?
    /// `metrics=[...]` entries as written.
    public var metrics: [String]

    public init(networkName: String, span: SourceSpan, lossIndex: Int? = nil, optimizerIndex: Int? = nil, metrics: [String] = []) {
        self.networkName = networkName
        self.span = span
        self.lossIndex = lossIndex
        self.optimizerIndex = optimizerIndex
        self.metrics = metrics
    }
}

public struct FitCall: Hashable, Sendable, Codable {
    /// The receiver as written (`model` in `model.fit(...)`).
    public var networkName: String
    /// Index into `ScriptModel.networks` of the network fitted, when known.
    public var networkIndex: Int?
    public var span: SourceSpan
    /// The training inputs (`x` / first positional).
    public var x: DataReference?
    /// The training targets.
    public var y: DataReference?
    /// `validation_data=(x_val, y_val)` (or a variable bound to such a tuple): the inputs and
    /// targets. For `validation_data=val_ds` (a dataset or generator) `validationX` is the whole
    /// dataset and `validationY` is nil.
    public var validationX: DataReference?
    public var validationY: DataReference?
    /// The whole `validation_data=` argument.
    public var validationData: Argument?
    public var validationSplit: Argument?
    public var epochs: Argument?
    public var batchSize: Argument?

    public init(networkName: String, span: SourceSpan) {
        self.networkName = networkName
        self.span = span
    }
}

/// A Keras `model.evaluate(x, y)` or `model.predict(x)` call (also `evaluate_generator`,
/// `predict_generator`): data a trained model is applied to.
public struct EvaluationCall: Hashable, Sendable, Codable {
    /// The receiver as written (`model` in `model.evaluate(...)`).
    public var networkName: String
    /// Index into `ScriptModel.networks` of the network, when known.
    public var networkIndex: Int?
    /// `evaluate`, `predict`, `evaluate_generator` or `predict_generator`.
    public var method: String
    public var span: SourceSpan
    /// The inputs (`x` / first positional).
    public var x: DataReference?

    public init(networkName: String, networkIndex: Int? = nil, method: String, span: SourceSpan, x: DataReference? = nil) {
        self.networkName = networkName
        self.networkIndex = networkIndex
        self.method = method
        self.span = span
        self.x = x
    }
}

/// An expression that denotes data, resolved through assignments back to a variable (see
/// `DataFlow` for what is followed).
public struct DataReference: Hashable, Sendable, Codable {
    /// The expression as written at the use (`x_train[:100]`, `x_val`).
    public var text: String
    public var span: SourceSpan
    /// The variable it ultimately denotes after following assignments that keep the data's
    /// identity (`a = b`, `a = b[...]`, `a = b / 255`, `a = np.array(b)`, ...) back to one that
    /// makes new data (a loader, a split such as `train_test_split`, an unknown function), or
    /// nil when it is not a plain variable.
    public var root: String?
    /// Where `root` was bound (the assignment target or parameter); nil when unknown. Two
    /// references with the same `root` and `rootSpan` denote the same data.
    public var rootSpan: SourceSpan?
    /// Whether the expression (or an assignment on the way to `root`) slices or indexes the
    /// root (`x_train[:100]`).
    public var isSlice: Bool
    /// The slices on the way from `root` to the use, as written (`[:100]`, `.take(100)`), in
    /// the order they are applied; empty when `isSlice` is false.
    public var slices: [String]
    /// Index into `ScriptModel.datasets` of the dataset `root` comes from, if known. Followed
    /// through splits too: the outputs of `train_test_split(x, y)` link to `x`'s dataset.
    public var datasetIndex: Int?
    /// What is done to the data between the dataset (or `root`) and this use, in order:
    /// scaling, axis permutations, reshapes, and calls Umlaut does not know.
    public var steps: [DataStep]

    public init(
        text: String, span: SourceSpan, root: String?, rootSpan: SourceSpan? = nil, isSlice: Bool,
        slices: [String] = [], datasetIndex: Int? = nil, steps: [DataStep] = []
    ) {
        self.text = text
        self.span = span
        self.root = root
        self.rootSpan = rootSpan
        self.isSlice = isSlice
        self.slices = slices
        self.datasetIndex = datasetIndex
        self.steps = steps
    }

    /// Whether the data passes through code Umlaut cannot follow (a user function, an unknown
    /// method), which may have scaled or reordered it.
    public var passesThroughUnknownCode: Bool { steps.contains { $0.kind == .unknown } }
}

/// A PyTorch training step: `loss = criterion(output, target)` where `output = model(x)`.
public struct TrainingStep: Hashable, Sendable, Codable {
    /// Index into `ScriptModel.losses` of the loss applied.
    public var lossIndex: Int?
    /// The network whose output goes into the loss, if known.
    public var networkName: String?
    /// The loss call (`criterion(output, y)`).
    public var span: SourceSpan
    /// Where the input batch comes from (the argument of `model(...)`).
    public var input: DataReference?
    /// An activation applied between the model and the loss (`criterion(F.softmax(out), y)`).
    public var activationBeforeLoss: Activation?

    public init(lossIndex: Int?, networkName: String?, span: SourceSpan, input: DataReference? = nil, activationBeforeLoss: Activation? = nil) {
        self.lossIndex = lossIndex
        self.networkName = networkName
        self.span = span
        self.input = input
        self.activationBeforeLoss = activationBeforeLoss
    }
}

// MARK: - Data

/// Data the script loads, and whether it is scaled before it reaches training.
public struct Dataset: Hashable, Sendable, Codable {
    public enum Origin: Hashable, Sendable, Codable {
        /// `keras.datasets.<name>.load_data()`
        case kerasDataset(String)
        /// `image_dataset_from_directory`, `ImageDataGenerator.flow_from_directory`,
        /// `torchvision.datasets.<Name>`, `ImageFolder`, PIL/cv2 reads.
        case imageLoader(String)
        /// Any other loader the script calls (`np.load`, `pd.read_csv`, ...).
        case other(String)
    }

    /// The variables bound to the loaded data (`x_train`, `y_train`, `x_test`, `y_test`).
    public var variables: [String]
    public var origin: Origin
    /// Whether the loader yields raw pixel values (0–255). A loader's own scaling option counts
    /// (a torchvision `transform` with `ToTensor()`, `ImageDataGenerator(rescale=...)`); unknown
    /// transforms count as scaling. Scaling applied after loading is in `scaling`.
    public var isRawImages: Bool
    /// The axis order of the images the loader yields, when known (`nil` for non-images and
    /// for PIL images whose layout is decided later).
    public var layout: ImageLayout?
    /// The loading call.
    public var span: SourceSpan
    /// Every place the data is scaled or normalised on its way to training: arithmetic on the
    /// arrays, scaling functions, the loader's own options, and normalising layers at the start
    /// of a model it is fed to. Empty when Umlaut found none.
    public var scaling: [Scaling]

    public init(
        variables: [String], origin: Origin, isRawImages: Bool, layout: ImageLayout? = nil, span: SourceSpan,
        scaling: [Scaling] = []
    ) {
        self.variables = variables
        self.origin = origin
        self.isRawImages = isRawImages
        self.layout = layout
        self.span = span
        self.scaling = scaling
    }
}

extension Dataset.Origin {
    private enum CodingKeys: String, CodingKey {
        case kerasDataset, imageLoader, other
    }

    /// `{"kerasDataset": "mnist"}` rather than the synthesised `{"kerasDataset": {"_0": "mnist"}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .kerasDataset) {
            self = .kerasDataset(name)
        } else if let name = try container.decodeIfPresent(String.self, forKey: .imageLoader) {
            self = .imageLoader(name)
        } else {
            self = .other(try container.decode(String.self, forKey: .other))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .kerasDataset(let name): try container.encode(name, forKey: .kerasDataset)
        case .imageLoader(let name): try container.encode(name, forKey: .imageLoader)
        case .other(let name): try container.encode(name, forKey: .other)
        }
    }
}

/// Where the channel axis of image data is.
public enum ImageLayout: String, Hashable, Sendable, Codable {
    /// (batch, height, width, channels) or (height, width, channels): Keras, TensorFlow, NumPy,
    /// PIL, OpenCV.
    case channelsLast
    /// (batch, channels, height, width) or (channels, height, width): PyTorch tensors.
    case channelsFirst
    /// (batch, height, width) grayscale with no channel axis at all (MNIST as loaded by Keras).
    case noChannelAxis
}

/// A place where input data is scaled: `x / 255.0`, `x.astype("float32") / 255`,
/// `Rescaling(1./255)`, `Normalization()`, `transforms.Normalize(...)`, `ToTensor()`,
/// `ImageDataGenerator(rescale=...)`, `StandardScaler`...
public struct Scaling: Hashable, Sendable, Codable {
    /// What it is, e.g. `divide by 255.0`, `Rescaling`, `ToTensor`.
    public var description: String
    /// The variable scaled, when it is an array expression.
    public var variable: String?
    public var span: SourceSpan

    public init(description: String, variable: String?, span: SourceSpan) {
        self.description = description
        self.variable = variable
        self.span = span
    }
}

/// One thing done to data between where it comes from and a use of it, found while following
/// assignments back: `x / 255`, `np.transpose(x, (0, 3, 1, 2))`, `x.reshape(-1, 3, 32, 32)`,
/// `preprocess(x)`. Conversions that keep values and layout (`astype`, `np.array`,
/// `torch.tensor`, `.to(device)`, batching) are not steps.
public struct DataStep: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Scales or normalises the values (also recorded in the dataset's `scaling`).
        case scaling
        /// Reorders the axes; `axes` says how when known.
        case permutation
        /// Changes the shape without moving values; `shape` says to what when known.
        case reshape
        /// A call Umlaut does not know: anything may have happened to values and layout.
        case unknown
    }

    public var kind: Kind
    /// What it is, e.g. `divide by 255.0`, `np.transpose`, `preprocess`.
    public var description: String
    /// For permutations: the new order of the old axes (`[0, 3, 1, 2]` moves channels from last
    /// to second), when known.
    public var axes: [Int]?
    /// For reshapes: the new shape, with -1 for dimensions not known statically.
    public var shape: [Int]?
    /// The expression that does it.
    public var span: SourceSpan

    public init(kind: Kind, description: String, axes: [Int]? = nil, shape: [Int]? = nil, span: SourceSpan) {
        self.kind = kind
        self.description = description
        self.axes = axes
        self.shape = shape
        self.span = span
    }
}

/// A call of a network on data outside `fit`: `model(x)` in a PyTorch loop or a custom Keras
/// training step, or a plain prediction.
public struct NetworkCall: Hashable, Sendable, Codable {
    /// The callee as written (`model`, `net`).
    public var networkName: String
    /// Index into `ScriptModel.networks` of the network called, when known.
    public var networkIndex: Int?
    /// The whole call.
    public var span: SourceSpan
    /// The data passed in (the first positional argument).
    public var input: DataReference
    /// Whether the call is part of training: its loop or function also computes gradients
    /// (`loss.backward()`, `optimizer.step()`, `tape.gradient(...)`, `apply_gradients`).
    public var isTraining: Bool

    public init(networkName: String, networkIndex: Int? = nil, span: SourceSpan, input: DataReference, isTraining: Bool) {
        self.networkName = networkName
        self.networkIndex = networkIndex
        self.span = span
        self.input = input
        self.isTraining = isTraining
    }
}

/// `keras.backend.set_image_data_format("channels_first")` (also `keras.config.` and the old
/// `set_image_dim_ordering("th")`), or a read of the setting (`keras.backend.image_data_format()`)
/// after which a script usually adapts its shapes to whatever is set.
public struct DataFormatSetting: Hashable, Sendable, Codable {
    /// `channels_first` or `channels_last` for a call that sets a known value; nil for a read or
    /// a value Umlaut cannot work out.
    public var format: String?
    /// Whether the call reads the setting rather than changing it.
    public var isRead: Bool
    /// The call.
    public var span: SourceSpan
    /// The value argument of a setting call, where diagnostics underline.
    public var argumentSpan: SourceSpan?

    public init(format: String?, isRead: Bool, span: SourceSpan, argumentSpan: SourceSpan? = nil) {
        self.format = format
        self.isRead = isRead
        self.span = span
        self.argumentSpan = argumentSpan
    }
}
