import LintCore

/// UM509: most of a ReLU layer's outputs are zero.
public struct DeadUnitsRule: RuntimeRule {
    public init() {}

    public static let description = RuleDescription(
        code: "UM509",
        name: "dead-units",
        summary: "Most outputs of a ReLU layer are zero (dying ReLU)",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            Reads, for every layer with a ReLU-family activation, the share of its outputs that are zero or \
            negative on a sampled training batch (measured without training-mode behaviour such as dropout), and \
            reports layers where it reaches `dead-unit-fraction` (0.7 by default, DeepDiagnosis' threshold). It \
            points at the layer.
            """,
        whyIsThisBad: """
            A ReLU unit whose input is negative outputs 0 and passes no gradient back, so it cannot recover: it is \
            dead. A large learning rate, a large negative bias or unscaled inputs can kill most units of a layer, \
            and the network then trains with a fraction of its capacity, or not at all.
            """,
        example: """
            layers.Dense(256, activation="relu")      # with Adam(learning_rate=0.5)
            """,
        useInstead: """
            layers.Dense(256, activation="leaky_relu")   # and Adam(learning_rate=1e-3)
            """,
        fixSafety: "No automatic fix.",
        references: [
            Reference("Lu et al., Dying ReLU and Initialization (2020)", "https://arxiv.org/abs/1903.06733"),
            Reference("Wardat et al., DeepDiagnosis (ICSE 2022)", "https://arxiv.org/abs/2112.04036"),
        ]
    )

    public func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run, limit = context.thresholds.deadUnitFraction
        guard let report = run.epochs.last else { return [] }
        let optimizer = context.locator.optimizer(run).map { CodePlace($0.location, "a high learning rate often kills units: \($0.note)") }
        let input = context.locator.inputData(run).map { CodePlace($0.location, "unscaled inputs can push units negative: \($0.note)") }
        return report.activations.filter { $0.nonpositiveFraction >= limit && $0.nonpositiveFraction.isFinite }.map { statistics in
            let activation = statistics.activation.map { " (\($0))" } ?? ""
            let message = "\(RuntimeFormat.epoch(report.epoch).capitalizedFirst): \(RuntimeFormat.percent(statistics.nonpositiveFraction)) of the outputs "
                + "of layer `\(statistics.layer)`\(activation) are zero or negative (threshold \(RuntimeFormat.percent(limit))); those units pass no gradient back"
            return context.finding(
                Self.self, subject: statistics.layer, epoch: report.epoch,
                summary: "\(RuntimeFormat.percent(statistics.nonpositiveFraction)) of the outputs of \(ShortName.code(statistics.layer)) "
                    + "are zero: dead units",
                message: message,
                help: "Lower the learning rate, use LeakyReLU/ELU/GELU, He initialisation, or BatchNormalization before the activation",
                cause: context.locator.layer(statistics.layer, in: run) ?? context.locator.model(run),
                related: [optimizer, input].compactMap { $0 })
        }
    }
}
