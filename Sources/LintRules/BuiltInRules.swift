import LintCore

/// Every static rule, sorted by code. The one list the CLI, the language server and the
/// documentation generator read. `RegistryTests` checks that the codes are unique and sorted,
/// and that every `*Rule.swift` under `Sources/LintRules/Rules` is in it (and nothing else).
package enum BuiltInRules {
    package static let all: [any Rule] = [
        MissingActivationRule(),
        MissingSoftmaxRule(),
        StackedOutputActivationRule(),
        SoftmaxIntoLogitsLossRule(),
        OutputLossMismatchRule(),
        UnnormalizedInputRule(),
        ValidationFromTrainingRule(),
        ChannelOrderRule(),
        LearningRateRule(),
        HighDropoutRule(),
    ]

    /// The rule with a code, if any.
    package static func rule(_ code: RuleCode) -> (any Rule)? {
        all.first { type(of: $0).description.code == code }
    }
}
