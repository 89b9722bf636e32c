/// What Umlaut knows about optimizers and learning-rate schedules: which names are which, their
/// family, and where their learning rate is written.
///
/// This is the one table of optimizer families: the static UM301 reads it through the extracted
/// `Optimizer.family`, the runtime UM506 through `family(ofClassName:)` for the class the sensor
/// reports; LintCore's `LearningRateRange` gives each family's usable range. Adagrad and FTRL are
/// `accumulating` (usable up to about 0.5), not `adaptive`. Adadelta counts as `other`: its
/// learning rate only scales an update that is already normalised, and PyTorch's default (and
/// the paper's choice) is 1.0.
package enum OptimizerCatalog {
    /// A known optimizer class or string.
    package struct Entry: Hashable, Sendable {
        package var framework: Framework
        /// The class as written without module prefix, or the string as written.
        package var className: String
        package var family: Optimizer.Family
        /// The position of the learning rate among positional arguments: Keras and TF1 0,
        /// PyTorch 1 (after the parameters).
        package var learningRatePosition: Int
    }

    /// An optimizer constructor by canonical qualified name: `keras.optimizers.Adam`,
    /// `tensorflow.optimizers.SGD`, `tensorflow.train.AdamOptimizer`, `torch.optim.SGD`.
    package static func optimizer(qualifiedName: String) -> Entry? {
        guard
            qualifiedName.hasPrefix("torch.optim.") || qualifiedName.hasPrefix("keras.optimizers.")
                || qualifiedName.hasPrefix("tensorflow.")
        else { return nil }
        let last = AnalysisContext.lastComponent(qualifiedName)
        if qualifiedName.hasPrefix("torch.optim.") {
            guard !qualifiedName.hasPrefix("torch.optim.lr_scheduler."), let family = torchFamilies[last] else {
                return nil
            }
            return Entry(framework: .pytorch, className: last, family: family, learningRatePosition: 1)
        }
        if qualifiedName.hasPrefix("keras.optimizers.") || qualifiedName.hasPrefix("tensorflow.optimizers.") {
            guard !qualifiedName.contains(".schedules."), let family = kerasFamilies[last.lowercased()] else {
                return nil
            }
            return Entry(framework: .keras, className: last, family: family, learningRatePosition: 0)
        }
        if qualifiedName.hasPrefix("tensorflow.train.") || qualifiedName.hasPrefix("tensorflow.compat.v1.train.") {
            guard let family = tensorflowV1Families[last] else { return nil }
            return Entry(framework: .keras, className: last, family: family, learningRatePosition: 0)
        }
        return nil
    }

    /// A Keras optimizer given as a string (`"adam"`), with its default learning rate.
    package static func keras(string: String) -> Entry? {
        guard let family = kerasFamilies[string.lowercased()] else { return nil }
        return Entry(framework: .keras, className: string, family: family, learningRatePosition: 0)
    }

    /// A Keras learning-rate schedule (`keras.optimizers.schedules.ExponentialDecay`): the
    /// keyword and position of its first learning rate, or nil when `qualifiedName` is not one.
    /// `PiecewiseConstantDecay` gives its rates in `values` (the first one applies first).
    package static func kerasSchedule(qualifiedName: String) -> (keyword: String, position: Int)? {
        guard
            qualifiedName.hasPrefix("tensorflow.optimizers.schedules.")
                || (qualifiedName.hasPrefix("keras.optimizers.") && qualifiedName.contains(".schedules."))
        else { return nil }
        let last = String(qualifiedName.lastDottedPart ?? "")
        switch last {
        case "ExponentialDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts":
            return ("initial_learning_rate", 0)
        case "PiecewiseConstantDecay":
            return ("values", 1)
        default:
            return nil
        }
    }

    /// Whether a PyTorch learning-rate scheduler (`torch.optim.lr_scheduler.StepLR`) starts from
    /// the optimizer's `lr`; false for `OneCycleLR` and `CyclicLR`, which replace it with their own
    /// bounds, and for `LambdaLR`, whose function scales it from the first step on (the Noam
    /// schedule of "Attention is all you need" is `Adam(lr=1.0)` times a factor near 1e-3, which
    /// Umlaut does not evaluate). Nil when `qualifiedName` is not a scheduler.
    package static func torchSchedulerKeepsOptimizerRate(qualifiedName: String) -> Bool? {
        guard qualifiedName.hasPrefix("torch.optim.lr_scheduler.") else { return nil }
        let last = String(qualifiedName.lastDottedPart ?? "")
        guard last.first?.isUppercase == true else { return nil }
        return !["OneCycleLR", "CyclicLR", "LambdaLR"].contains(last)
    }

    /// The family of an optimizer class as a running program names it (`type(opt).__name__`:
    /// `Adam`, `Adadelta`, `AdagradOptimizer`, `LossScaleOptimizer`), for the runtime rule; nil
    /// for classes Umlaut does not know.
    package static func family(ofClassName name: String) -> Optimizer.Family? {
        if let family = torchFamilies[name] ?? tensorflowV1Families[name] { return family }
        let lower = name.lowercased()
        if let family = kerasFamilies[lower] { return family }
        return ["loss_scale_optimizer", "lossscaleoptimizer"].contains(lower) ? .other : nil
    }

    // MARK: Tables

    static let kerasFamilies: [String: Optimizer.Family] = {
        var table: [String: Optimizer.Family] = [
            "sgd": .sgd, "adadelta": .other, "lossscaleoptimizer": .other, "adagrad": .accumulating,
            "ftrl": .accumulating,
        ]
        for name in ["adam", "adamw", "adamax", "nadam", "rmsprop", "adafactor", "lion", "lamb", "muon"] {
            table[name] = .adaptive
        }
        return table
    }()

    static let torchFamilies: [String: Optimizer.Family] = {
        var table: [String: Optimizer.Family] = [
            "SGD": .sgd, "ASGD": .sgd, "Adadelta": .other, "LBFGS": .other, "Rprop": .other, "Adagrad": .accumulating,
        ]
        for name in ["Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "SparseAdam", "Adafactor"] {
            table[name] = .adaptive
        }
        return table
    }()

    static let tensorflowV1Families: [String: Optimizer.Family] = [
        "GradientDescentOptimizer": .sgd, "MomentumOptimizer": .sgd, "AdamOptimizer": .adaptive,
        "RMSPropOptimizer": .adaptive, "AdagradOptimizer": .accumulating, "FtrlOptimizer": .accumulating,
        "AdadeltaOptimizer": .other, "AdagradDAOptimizer": .accumulating, "ProximalAdagradOptimizer": .accumulating,
        "ProximalGradientDescentOptimizer": .sgd,
    ]
}
