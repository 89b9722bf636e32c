import LintCore

/// UM509: most of a ReLU layer's outputs are zero.
package struct DeadUnitsRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM509",
        name: "dead-units",
        summary: "Most units of a ReLU layer are dead: they output 0 for every sample (dying ReLU)",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            Probes, once per epoch, one training batch through every layer with a ReLU-family activation \
            (PyTorch: module and functional ReLUs; Keras: on a `training=False` pass) and counts its dead units: \
            units that output 0 for every sample of the batch (for a convolution a unit is a channel, 0 at every \
            position). It reports a layer when at least `dead-unit-fraction` of its units (half by default) are \
            dead in two consecutive epochs; a unit that is sometimes active is not dead. It points at the layer, \
            or at the line that applies a functional ReLU.
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

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run, limit = context.thresholds.deadUnitFraction
        guard let report = run.epochs.last, let previous = run.epoch(report.epoch - 1) else { return [] }
        let optimizer = context.locator.optimizer(run).map {
            CodePlace($0.location, "a high learning rate often kills units: \($0.note)")
        }
        // A NaN in the weights, not the usual causes: a ReLU fused with its layer (TensorFlow's
        // oneDNN on some processors) turns NaN into 0, so the loss stays finite and the layer
        // outputs zeros.
        let poisoned = RuntimeFormat.nonfiniteWeights(report.nonfiniteWeights)
        let input = context.locator.inputData(run).map {
            CodePlace(
                $0.location,
                poisoned == nil
                    ? "unscaled inputs can push units negative: \($0.note)"
                    : "a NaN or infinite value in the data reaches the weights: \($0.note)")
        }
        return report.activations.compactMap { statistics -> RuntimeFinding? in
            guard let fraction = statistics.deadFraction, fraction >= limit,
                let before = previous.activations.first(where: { $0.layer == statistics.layer })?.deadFraction,
                before >= limit,
                let units = statistics.units, let dead = statistics.deadUnits
            else { return nil }
            let activation = statistics.activation.map { " (\($0))" } ?? ""
            let name = Self.displayName(statistics.layer)
            var message =
                "\(dead) of the \(units) units of `\(name)`\(activation) "
                + "(\(RuntimeFormat.percent(fraction))) output 0 for every probed sample, as in \(RuntimeFormat.epoch(previous.epoch)) "
                + "(\(RuntimeFormat.percent(before))); threshold \(RuntimeFormat.percent(limit)). Dead units pass no gradient back"
            if let poisoned { message += ". " + poisoned }
            let cause: CodePlace? =
                statistics.location.map { context.locator.place($0, note: "the activation is applied here") }
                ?? context.locator.layer(statistics.layer, in: run) ?? context.locator.model(run)
            return context.finding(
                Self.self, subject: statistics.layer, epoch: report.epoch,
                summary:
                    "\(RuntimeFormat.percent(statistics.nonpositiveFraction)) of the outputs of \(ShortName.code(statistics.layer)) "
                    + "are zero: dead units",
                message: message,
                help: poisoned == nil
                    ? "Lower the learning rate, use LeakyReLU/ELU/GELU, He initialisation, or BatchNormalization before the activation"
                    : RuntimeFormat.nonfiniteWeightsHelp,
                cause: cause,
                related: [optimizer, input].compactMap { $0 })
        }
    }

    /// `Net:relu@24` (a functional ReLU the sensor names by its module and line) reads as `relu` on line 24.
    static func displayName(_ layer: String) -> String {
        guard let colon = layer.firstIndex(of: ":"), let at = layer.lastIndex(of: "@"), colon < at else { return layer }
        return "\(layer[layer.index(after: colon)..<at]) on line \(layer[layer.index(after: at)...])"
    }
}
