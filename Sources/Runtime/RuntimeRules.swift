import LintCore

/// Every runtime rule, sorted by code: the one list `umlaut run`, `umlaut rules` and the
/// documentation read.
package enum RuntimeRules {
    package static let all: [any RuntimeRule] = [
        InputOutOfRangeRule(),
        NaNLossRule(),
        ImageLayoutRule(),
        SuspiciousValidationAccuracyRule(),
        OverfittingRule(),
        RuntimeLearningRateRule(),
        LossNotDecreasingRule(),
        GradientProblemRule(),
        DeadUnitsRule(),
        TrainValidationOverlapRule(),
    ]

    /// Their descriptions, for the rule catalogue (`RuleCatalogue`): the server gets them from
    /// the executable, without importing this module.
    package static var descriptions: [RuleDescription] { all.map { type(of: $0).description } }

    /// The rule with a code, if any.
    package static func rule(_ code: RuleCode) -> (any RuntimeRule)? {
        all.first { type(of: $0).description.code == code }
    }
}
