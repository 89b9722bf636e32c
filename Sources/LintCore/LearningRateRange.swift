import TrainingModel

/// The usable learning rates of one optimizer family, from the thresholds: the one range both
/// the static UM301 and the runtime UM506 judge a rate by (the families themselves are named in
/// TrainingModel's `OptimizerCatalog`).
///
/// | family | too small | too large |
/// | --- | --- | --- |
/// | `adaptive` (Adam family, RMSprop, Lion, ...) | `min-learning-rate` | `max-adaptive-learning-rate` (0.01) |
/// | `accumulating` (Adagrad, FTRL) | `min-learning-rate` | `max-accumulating-learning-rate` (0.5) |
/// | `sgd`, `other` (Adadelta, L-BFGS, ...), unknown | `min-learning-rate` | `max-learning-rate` (1.0) |
///
/// A rate that is zero, negative or NaN is out of range for every family.
package struct LearningRateRange: Sendable, Equatable {
    /// Why a rate is out of range.
    package enum Problem: Sendable, Equatable {
        case notANumber
        case zero
        case negative
        /// Above `max-learning-rate`, too large for any optimizer.
        case aboveMaximum(Double)
        /// Above the family's own ceiling (adaptive or accumulating optimizers).
        case aboveFamilyMaximum(Double)
        case belowMinimum(Double)
    }

    /// The family the range is for; nil when the optimizer is unknown.
    package var family: Optimizer.Family?
    package var minimum: Double
    /// The ceiling for every optimizer (`max-learning-rate`).
    package var maximum: Double
    /// The family's own, lower ceiling, if it has one.
    package var familyMaximum: Double?

    package init(family: Optimizer.Family?, thresholds: Thresholds) {
        self.family = family
        minimum = thresholds.minLearningRate
        maximum = thresholds.maxLearningRate
        switch family {
        case .adaptive?: familyMaximum = thresholds.maxAdaptiveLearningRate
        case .accumulating?: familyMaximum = thresholds.maxAccumulatingLearningRate
        default: familyMaximum = nil
        }
    }

    /// The upper bound that applies: the lower of the family's and the general one.
    package var upperBound: Double { min(familyMaximum ?? maximum, maximum) }

    /// What is wrong with `rate`, or nil when it is in range.
    package func problem(with rate: Double) -> Problem? {
        if rate.isNaN { return .notANumber }
        if rate == 0 { return .zero }
        if rate < 0 { return .negative }
        if rate > maximum { return .aboveMaximum(maximum) }
        if let familyMaximum, rate > familyMaximum { return .aboveFamilyMaximum(familyMaximum) }
        if rate < minimum { return .belowMinimum(minimum) }
        return nil
    }

    /// The family as messages name it: "an adaptive optimizer", "an Adagrad-style optimizer".
    package var familyDescription: String {
        switch family {
        case .adaptive?: "an adaptive optimizer"
        case .accumulating?: "an Adagrad-style optimizer"
        case .sgd?: "SGD"
        default: "this optimizer"
        }
    }

    /// Where rates of the family usually lie, as advice.
    package var typicalRange: String {
        switch family {
        case .adaptive?: "Adaptive optimizers work best between 1e-4 and 1e-2; 1e-3 is Adam's default"
        case .accumulating?: "Adagrad and FTRL usually work between 0.01 and 0.5"
        case .sgd?: "SGD usually works between 1e-3 and 0.1"
        default: "Most optimizers work between 1e-4 and 1.0"
        }
    }

    /// A typical starting rate for the family, for fixes; nil where none is typical enough.
    package var typicalRate: String? {
        switch family {
        case .adaptive?: "0.001"
        case .accumulating?: "0.05"
        case .sgd?: "0.01"
        default: nil
        }
    }
}
