// MARK: - Losses and optimizers

package struct Loss: Hashable, Sendable, Codable {
    package enum Form: String, Hashable, Sendable, Codable {
        /// `loss="categorical_crossentropy"`
        case string
        /// `keras.losses.CategoricalCrossentropy(...)`, `nn.CrossEntropyLoss()`
        case instance
        /// `keras.losses.categorical_crossentropy`, `F.cross_entropy(...)`
        case function
    }

    package var framework: Framework
    /// Canonical name: Keras snake-case function name (`categorical_crossentropy`,
    /// `sparse_categorical_crossentropy`, `binary_crossentropy`, `mean_squared_error`, ...), or
    /// the PyTorch class (`CrossEntropyLoss`, `BCEWithLogitsLoss`, `NLLLoss`, `MSELoss`, ...), with
    /// functional forms mapped to their class.
    package var name: String
    package var kind: LossKind
    package var form: Form
    /// `from_logits=` as written (Keras only); nil when absent.
    package var fromLogits: Argument?
    /// The loss expression (the string, the constructor call, or the function reference).
    package var span: SourceSpan
    /// The model it is compiled with or applied to, if known.
    package var networkName: String?

    package init(
        framework: Framework, name: String, kind: LossKind, form: Form, fromLogits: Argument? = nil, span: SourceSpan,
        networkName: String? = nil
    ) {
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
    package var expectsLogits: Bool {
        switch framework {
        case .keras: alwaysTakesLogits || fromLogits?.value.bool == true
        case .pytorch:
            kind == .categoricalCrossentropy || kind == .sparseCategoricalCrossentropy
                || (kind == .binaryCrossentropy && name == "BCEWithLogitsLoss")
        }
    }

    /// A TensorFlow cross-entropy with no `from_logits` flag that always takes logits:
    /// `tf.losses.softmax_cross_entropy` (TensorFlow 1), `tf.nn.softmax_cross_entropy_with_logits`.
    package var alwaysTakesLogits: Bool {
        framework == .keras && LossCatalog.alwaysTakesLogits(name)
    }
}

/// What family a loss belongs to.
package enum LossKind: String, Hashable, Sendable, Codable {
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

    package var isCrossEntropy: Bool {
        self == .categoricalCrossentropy || self == .sparseCategoricalCrossentropy || self == .binaryCrossentropy
    }
}

package struct Optimizer: Hashable, Sendable, Codable {
    /// Which usable learning-rate range applies (`OptimizerCatalog` names the classes of each,
    /// LintCore's `LearningRateRange` gives the range; UM301 and UM506 both read them).
    package enum Family: String, Hashable, Sendable, Codable {
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

    package var framework: Framework
    /// The class as written without module prefix: `Adam`, `SGD`, or the string (`"adam"`).
    package var className: String
    package var family: Family
    /// `learning_rate=` / `lr=` (or the positional learning rate), if given.
    package var learningRate: Argument?
    /// Whether the learning rate is a schedule object (then its initial value is in
    /// `initialLearningRate` when known).
    package var isSchedule: Bool
    package var initialLearningRate: Argument?
    /// The constructor call or the string.
    package var span: SourceSpan
    /// Whether given as a string (`optimizer="adam"`, default learning rate).
    package var isString: Bool
    /// The tensor the optimizer updates when that is an input rather than weights: the image of
    /// style transfer or deep dream (`opt.apply_gradients([(grads, image)])`,
    /// `torch.optim.Adam([image])` with `image` fed to a network). Nil for weights and unknown.
    package var updatedInput: String?

    package init(
        framework: Framework, className: String, family: Family, learningRate: Argument? = nil,
        isSchedule: Bool = false, initialLearningRate: Argument? = nil, span: SourceSpan, isString: Bool = false
    ) {
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

package struct CompileCall: Hashable, Sendable, Codable {
    /// The receiver (`model` in `model.compile(...)`).
    package var networkName: String
    package var span: SourceSpan
    /// Index into `ScriptModel.losses`.
    package var lossIndex: Int?
    /// Index into `ScriptModel.optimizers`.
    package var optimizerIndex: Int?
    /// `metrics=[...]` entries as written.
    package var metrics: [String]

    package init(
        networkName: String, span: SourceSpan, lossIndex: Int? = nil, optimizerIndex: Int? = nil, metrics: [String] = []
    ) {
        self.networkName = networkName
        self.span = span
        self.lossIndex = lossIndex
        self.optimizerIndex = optimizerIndex
        self.metrics = metrics
    }
}

package struct FitCall: Hashable, Sendable, Codable {
    /// The receiver as written (`model` in `model.fit(...)`).
    package var networkName: String
    /// Index into `ScriptModel.networks` of the network fitted, when known.
    package var networkIndex: Int?
    package var span: SourceSpan
    /// The training inputs (`x` / first positional).
    package var x: DataReference?
    /// The training targets.
    package var y: DataReference?
    /// `validation_data=(x_val, y_val)` (or a variable bound to such a tuple): the inputs and
    /// targets. For `validation_data=val_ds` (a dataset or generator) `validationX` is the whole
    /// dataset and `validationY` is nil.
    package var validationX: DataReference?
    package var validationY: DataReference?
    /// The whole `validation_data=` argument.
    package var validationData: Argument?
    package var validationSplit: Argument?
    package var epochs: Argument?
    package var batchSize: Argument?

    package init(networkName: String, span: SourceSpan) {
        self.networkName = networkName
        self.span = span
    }
}

/// A Keras `model.evaluate(x, y)` or `model.predict(x)` call (also `evaluate_generator`,
/// `predict_generator`): data a trained model is applied to.
package struct EvaluationCall: Hashable, Sendable, Codable {
    /// The receiver as written (`model` in `model.evaluate(...)`).
    package var networkName: String
    /// Index into `ScriptModel.networks` of the network, when known.
    package var networkIndex: Int?
    /// `evaluate`, `predict`, `evaluate_generator` or `predict_generator`.
    package var method: String
    package var span: SourceSpan
    /// The inputs (`x` / first positional).
    package var x: DataReference?

    package init(
        networkName: String, networkIndex: Int? = nil, method: String, span: SourceSpan, x: DataReference? = nil
    ) {
        self.networkName = networkName
        self.networkIndex = networkIndex
        self.method = method
        self.span = span
        self.x = x
    }
}

/// An expression that denotes data, resolved through assignments back to a variable (see
/// `DataFlow` for what is followed).
package struct DataReference: Hashable, Sendable, Codable {
    /// The expression as written at the use (`x_train[:100]`, `x_val`).
    package var text: String
    package var span: SourceSpan
    /// The variable it ultimately denotes after following assignments that keep the data's
    /// identity (`a = b`, `a = b[...]`, `a = b / 255`, `a = np.array(b)`, ...) back to one that
    /// makes new data (a loader, a split such as `train_test_split`, an unknown function), or
    /// nil when it is not a plain variable.
    package var root: String?
    /// Where `root` was bound (the assignment target or parameter); nil when unknown. Two
    /// references with the same `root` and `rootSpan` denote the same data.
    package var rootSpan: SourceSpan?
    /// Whether the expression (or an assignment on the way to `root`) slices or indexes the
    /// root (`x_train[:100]`).
    package var isSlice: Bool
    /// The slices on the way from `root` to the use, as written (`[:100]`, `.take(100)`), in
    /// the order they are applied; empty when `isSlice` is false.
    package var slices: [String]
    /// Index into `ScriptModel.datasets` of the dataset `root` comes from, if known. Followed
    /// through splits too: the outputs of `train_test_split(x, y)` link to `x`'s dataset.
    package var datasetIndex: Int?
    /// What is done to the data between the dataset (or `root`) and this use, in order:
    /// scaling, axis permutations, reshapes, and calls Umlaut does not know.
    package var steps: [DataStep]

    package init(
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
    package var passesThroughUnknownCode: Bool { steps.contains { $0.kind == .unknown } }
}

/// A PyTorch training step: `loss = criterion(output, target)` where `output = model(x)`.
package struct TrainingStep: Hashable, Sendable, Codable {
    /// Index into `ScriptModel.losses` of the loss applied.
    package var lossIndex: Int?
    /// The network whose output goes into the loss, if known.
    package var networkName: String?
    /// The loss call (`criterion(output, y)`).
    package var span: SourceSpan
    /// Where the input batch comes from (the argument of `model(...)`).
    package var input: DataReference?
    /// An activation applied between the model and the loss (`criterion(F.softmax(out), y)`).
    package var activationBeforeLoss: Activation?

    package init(
        lossIndex: Int?, networkName: String?, span: SourceSpan, input: DataReference? = nil,
        activationBeforeLoss: Activation? = nil
    ) {
        self.lossIndex = lossIndex
        self.networkName = networkName
        self.span = span
        self.input = input
        self.activationBeforeLoss = activationBeforeLoss
    }
}
