import LintCore

/// The learning-rate bounds shared by UM506 (and, through the same thresholds, the static
/// UM301): <= 0 never learns, below `min-learning-rate` barely moves, above `max-learning-rate`
/// diverges, and above `max-adaptive-learning-rate` for adaptive optimizers is usually unstable.
struct LearningRateRange {
    let thresholds: Thresholds
    let optimizerClass: String?

    init(context: RuntimeContext) {
        thresholds = context.thresholds
        optimizerClass = context.run.optimizer?.className
    }

    /// Optimizers that scale steps per parameter (their sensible rates are smaller).
    static let adaptive: Set<String> = [
        "adam", "adamw", "adamax", "nadam", "radam", "rmsprop", "adagrad", "adadelta", "adafactor", "lion",
        "lamb", "ftrl", "sparseadam", "loss_scale_optimizer",
    ]

    var isAdaptive: Bool { optimizerClass.map { Self.adaptive.contains($0.lowercased()) } ?? false }

    /// Why a rate is out of range, as the end of a sentence, or nil when it is fine.
    func problem(with rate: Double) -> String? {
        if rate.isNaN { return "is NaN" }
        if rate <= 0 { return "is not positive: each step moves the weights up the loss instead of down" }
        if rate < thresholds.minLearningRate {
            return "is below \(RuntimeFormat.number(thresholds.minLearningRate)): the weights barely move"
        }
        if rate > thresholds.maxLearningRate {
            return "is above \(RuntimeFormat.number(thresholds.maxLearningRate)): steps overshoot and the loss diverges"
        }
        if isAdaptive, rate > thresholds.maxAdaptiveLearningRate {
            return "is above \(RuntimeFormat.number(thresholds.maxAdaptiveLearningRate)), high for the adaptive optimizer \(optimizerClass ?? "")"
        }
        return nil
    }
}
