/// What Umlaut knows about loss functions: which names are losses, their canonical names and
/// families, for Keras (strings, classes, functions) and PyTorch (criterion classes and
/// `torch.nn.functional` losses).
///
/// TensorFlow 1 losses (`tf.losses.softmax_cross_entropy`, `tf.compat.v1.losses.*`) and the
/// `tf.nn` cross-entropies (`tf.nn.softmax_cross_entropy_with_logits`) are Keras-framework losses
/// with names of their own: the cross-entropies among them always take logits and have no
/// `from_logits` flag (`alwaysTakesLogits`).
package enum LossCatalog {
    /// A known loss: its canonical name (see `Loss.name`) and family.
    package struct Entry: Hashable, Sendable {
        package var name: String
        package var kind: LossKind
    }

    /// A Keras loss given as a string or as a function (`"mse"`, `keras.losses.mean_squared_error`):
    /// `written` is the string or the function's last name component.
    package static func keras(function written: String) -> Entry? {
        guard let name = kerasAliases[written] ?? kerasAliases[written.lowercased()] else { return nil }
        return Entry(name: name, kind: kerasKinds[name] ?? .other)
    }

    /// A Keras loss class (`SparseCategoricalCrossentropy`), by its last name component.
    package static func keras(class written: String) -> Entry? {
        guard let name = kerasClasses[written] else { return nil }
        return Entry(name: name, kind: kerasKinds[name] ?? .other)
    }

    /// The Keras class for a canonical Keras loss name (`sparse_categorical_crossentropy` →
    /// `SparseCategoricalCrossentropy`).
    package static func kerasClassName(forLoss name: String) -> String? {
        kerasClasses.first { $0.value == name }?.key
    }

    /// The position of `from_logits` among the positional arguments of a Keras loss class, where
    /// it has one (`CategoricalCrossentropy(True)`).
    package static func kerasFromLogitsPosition(class written: String) -> Int? {
        ["CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy"].contains(written) ? 0 : nil
    }

    /// The position of `from_logits` among the positional arguments of a Keras loss function
    /// called directly (`sparse_categorical_crossentropy(y, p, True)`).
    package static func kerasFromLogitsPosition(function name: String) -> Int? {
        ["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"].contains(name) ? 2 : nil
    }

    /// A PyTorch criterion class (`CrossEntropyLoss`), by its last name component.
    package static func torch(class written: String) -> Entry? {
        torchClasses[written].map { Entry(name: written, kind: $0) }
    }

    /// A `torch.nn.functional` loss (`cross_entropy`), mapped to its class.
    package static func torch(function written: String) -> Entry? {
        guard let name = torchFunctions[written], let kind = torchClasses[name] else { return nil }
        return Entry(name: name, kind: kind)
    }

    /// Whether a qualified name lies in a Keras losses namespace (`keras.losses.`, `tensorflow.losses.`).
    package static func isKerasLossNamespace(_ qualifiedName: String) -> Bool {
        qualifiedName.hasPrefix("keras.losses.") || qualifiedName.hasPrefix("tensorflow.losses.")
    }

    /// A TensorFlow 1 loss function (`tensorflow.losses.softmax_cross_entropy`,
    /// `tensorflow.compat.v1.losses.mean_squared_error`) or a `tf.nn` cross-entropy on logits
    /// (`tensorflow.nn.sparse_softmax_cross_entropy_with_logits`), by canonical qualified name.
    /// The canonical name is the function's own (`..._v2` mapped to the plain name).
    package static func tensorflow1(qualifiedName: String) -> Entry? {
        guard let dot = qualifiedName.lastDotIndex else { return nil }
        let namespace = qualifiedName[..<dot]
        let last = String(qualifiedName[qualifiedName.index(after: dot)...])
        switch namespace {
        case "tensorflow.losses", "tensorflow.compat.v1.losses":
            return tensorflow1Losses[last].map { Entry(name: last, kind: $0) }
        case "tensorflow.nn", "tensorflow.compat.v1.nn":
            let name = last.hasSuffix("_v2") ? String(last.dropLast(3)) : last
            return tensorflowLogitsFunctions[name].map { Entry(name: name, kind: $0) }
        default:
            return nil
        }
    }

    /// Whether a canonical loss name denotes a TensorFlow cross-entropy that always applies
    /// softmax or sigmoid itself (`softmax_cross_entropy`, `sigmoid_cross_entropy_with_logits`).
    package static func alwaysTakesLogits(_ name: String) -> Bool {
        logitsLossNames.contains(name)
    }

    /// The keywords of a TensorFlow 1 loss's prediction argument (always the second positional).
    static let tensorflow1PredictionKeywords = ["logits", "predictions"]

    // MARK: Tables

    /// `tf.losses` of TensorFlow 1: (labels, logits) for the cross-entropies, (labels,
    /// predictions) for the rest. `log_loss` (probabilities, no logits variant) is left out.
    private static let tensorflow1Losses: [String: LossKind] = [
        "softmax_cross_entropy": .categoricalCrossentropy,
        "sparse_softmax_cross_entropy": .sparseCategoricalCrossentropy,
        "sigmoid_cross_entropy": .binaryCrossentropy,
        "mean_squared_error": .regression,
        "absolute_difference": .regression,
        "huber_loss": .regression,
        "mean_pairwise_squared_error": .regression,
        "hinge_loss": .other,
        "cosine_distance": .other,
    ]

    /// `tf.nn` cross-entropies, which take (labels, logits).
    private static let tensorflowLogitsFunctions: [String: LossKind] = [
        "softmax_cross_entropy_with_logits": .categoricalCrossentropy,
        "sparse_softmax_cross_entropy_with_logits": .sparseCategoricalCrossentropy,
        "sigmoid_cross_entropy_with_logits": .binaryCrossentropy,
    ]

    private static let logitsLossNames: Set<String> = [
        "softmax_cross_entropy", "sparse_softmax_cross_entropy", "sigmoid_cross_entropy",
        "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
        "sigmoid_cross_entropy_with_logits",
    ]

    /// The names of the TensorFlow 1 loss functions, for the pre-filter (`TriggerWords`).
    static var tensorflow1FunctionNames: [String] {
        (Array(tensorflow1Losses.keys) + tensorflowLogitsFunctions.keys.flatMap { [$0, $0 + "_v2"] }).sorted()
    }

    private static let kerasKinds: [String: LossKind] = [
        "categorical_crossentropy": .categoricalCrossentropy,
        "categorical_focal_crossentropy": .categoricalCrossentropy,
        "sparse_categorical_crossentropy": .sparseCategoricalCrossentropy,
        "binary_crossentropy": .binaryCrossentropy,
        "binary_focal_crossentropy": .binaryCrossentropy,
        "mean_squared_error": .regression,
        "mean_absolute_error": .regression,
        "mean_absolute_percentage_error": .regression,
        "mean_squared_logarithmic_error": .regression,
        "huber": .regression,
        "log_cosh": .regression,
    ]

    private static let kerasAliases: [String: String] = {
        var table: [String: String] = [:]
        for name in [
            "categorical_crossentropy", "categorical_focal_crossentropy", "sparse_categorical_crossentropy",
            "binary_crossentropy", "binary_focal_crossentropy", "mean_squared_error", "mean_absolute_error",
            "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "huber", "log_cosh",
            "kl_divergence", "hinge", "squared_hinge", "categorical_hinge", "poisson", "cosine_similarity",
            "ctc", "dice", "tversky",
        ] {
            table[name] = name
        }
        table["mse"] = "mean_squared_error"
        table["mae"] = "mean_absolute_error"
        table["mape"] = "mean_absolute_percentage_error"
        table["msle"] = "mean_squared_logarithmic_error"
        table["huber_loss"] = "huber"
        table["logcosh"] = "log_cosh"
        table["kld"] = "kl_divergence"
        table["kullback_leibler_divergence"] = "kl_divergence"
        return table
    }()

    private static let kerasClasses: [String: String] = [
        "CategoricalCrossentropy": "categorical_crossentropy",
        "CategoricalFocalCrossentropy": "categorical_focal_crossentropy",
        "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
        "BinaryCrossentropy": "binary_crossentropy",
        "BinaryFocalCrossentropy": "binary_focal_crossentropy",
        "MeanSquaredError": "mean_squared_error",
        "MeanAbsoluteError": "mean_absolute_error",
        "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
        "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
        "Huber": "huber",
        "LogCosh": "log_cosh",
        "KLDivergence": "kl_divergence",
        "Hinge": "hinge",
        "SquaredHinge": "squared_hinge",
        "CategoricalHinge": "categorical_hinge",
        "Poisson": "poisson",
        "CosineSimilarity": "cosine_similarity",
        "CTC": "ctc",
        "Dice": "dice",
        "Tversky": "tversky",
    ]

    private static let torchClasses: [String: LossKind] = {
        var table: [String: LossKind] = [
            "CrossEntropyLoss": .sparseCategoricalCrossentropy,
            "NLLLoss": .negativeLogLikelihood,
            "BCELoss": .binaryCrossentropy,
            "BCEWithLogitsLoss": .binaryCrossentropy,
        ]
        for name in ["MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss"] { table[name] = .regression }
        for name in [
            "KLDivLoss", "PoissonNLLLoss", "GaussianNLLLoss", "CTCLoss", "MarginRankingLoss", "HingeEmbeddingLoss",
            "MultiLabelMarginLoss", "SoftMarginLoss", "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss",
            "MultiMarginLoss", "TripletMarginLoss", "TripletMarginWithDistanceLoss",
        ] {
            table[name] = .other
        }
        return table
    }()

    private static let torchFunctions: [String: String] = [
        "cross_entropy": "CrossEntropyLoss",
        "nll_loss": "NLLLoss",
        "binary_cross_entropy": "BCELoss",
        "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
        "mse_loss": "MSELoss",
        "l1_loss": "L1Loss",
        "smooth_l1_loss": "SmoothL1Loss",
        "huber_loss": "HuberLoss",
        "kl_div": "KLDivLoss",
        "poisson_nll_loss": "PoissonNLLLoss",
        "gaussian_nll_loss": "GaussianNLLLoss",
        "ctc_loss": "CTCLoss",
        "margin_ranking_loss": "MarginRankingLoss",
        "hinge_embedding_loss": "HingeEmbeddingLoss",
        "multilabel_margin_loss": "MultiLabelMarginLoss",
        "soft_margin_loss": "SoftMarginLoss",
        "multilabel_soft_margin_loss": "MultiLabelSoftMarginLoss",
        "cosine_embedding_loss": "CosineEmbeddingLoss",
        "multi_margin_loss": "MultiMarginLoss",
        "triplet_margin_loss": "TripletMarginLoss",
    ]
}
