import LintCore
import TrainingModel

/// UM506's view of the learning-rate range: the optimizer class the sensor reports, looked up
/// in the one family table (`OptimizerCatalog.family(ofClassName:)`), judged by LintCore's
/// `LearningRateRange`, the same range the static UM301 uses. An unknown class gets only the
/// bounds for every optimizer.
struct RuntimeLearningRateRange {
    let range: LearningRateRange
    let optimizerClass: String?

    init(context: RuntimeContext) {
        optimizerClass = context.run.optimizer?.className
        range = LearningRateRange(
            family: optimizerClass.flatMap(OptimizerCatalog.family(ofClassName:)),
            thresholds: context.thresholds)
    }

    /// Why a rate is out of range, as the end of a sentence, or nil when it is fine.
    func problem(with rate: Double) -> String? {
        switch range.problem(with: rate) {
        case nil: return nil
        case .notANumber?: return "is NaN"
        case .zero?, .negative?: return "is not positive: each step moves the weights up the loss instead of down"
        case .belowMinimum(let limit)?: return "is below \(RuntimeFormat.number(limit)): the weights barely move"
        case .aboveMaximum(let limit)?:
            return "is above \(RuntimeFormat.number(limit)): steps overshoot and the loss diverges"
        case .aboveFamilyMaximum(let limit)?:
            return
                "is above \(RuntimeFormat.number(limit)), high for \(range.familyDescription) (\(optimizerClass ?? ""))"
        }
    }

    /// A usual rate for the optimizer, as advice.
    var suggestion: String {
        switch range.family {
        case .adaptive?: "1e-3 (the default of Adam-like optimizers)"
        case .accumulating?: "0.01 to 0.5 for Adagrad and FTRL"
        default: "0.01 to 0.1 for SGD"
        }
    }
}
