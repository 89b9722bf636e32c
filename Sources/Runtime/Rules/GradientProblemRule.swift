import LintCore

/// UM508: vanishing or exploding gradients, from per-layer gradient norms.
package struct GradientProblemRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM508",
        name: "gradient-problem",
        summary: "Gradients vanish before the first layers, or explode",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            Reads the gradient norm of every layer with weights, first to last, as measured once per epoch. It \
            reports vanishing gradients when the first layer's norm is below `vanishing-gradient-first-norm` \
            (1e-4) and less than `vanishing-gradient-ratio` (1e-3) times the last layer's; exploding gradients when \
            the first layer's norm is more than `exploding-gradient-ratio` (70) times the last layer's, or any norm \
            is NaN or infinite (AutoTrainer's thresholds). It points at the layer whose gradient is the problem, or, \
            when a layer in between outputs only zeros (a dead ReLU layer, UM509), at that layer, which blocks the \
            gradient.
            """,
        whyIsThisBad: """
            Each layer's update is proportional to its gradient. When gradients shrink on their way back through \
            the network (saturating sigmoid/tanh activations, deep stacks without normalisation), the first layers \
            stop learning while the last ones still do. When they grow (large weights, large learning rate, no \
            normalisation), updates overshoot, weights blow up and the loss turns NaN.
            """,
        example: """
            model = keras.Sequential([layers.Dense(64, activation="sigmoid") for _ in range(12)] + [layers.Dense(10)])
            """,
        useInstead: """
            model = keras.Sequential([layers.Dense(64, activation="relu") for _ in range(12)] + [layers.Dense(10)])
            # or add layers.BatchNormalization(), residual connections, or clipnorm=1.0 in the optimizer
            """,
        fixSafety: "No automatic fix.",
        references: [
            Reference("Zhang et al., AutoTrainer (ICSE 2021)", "https://arxiv.org/abs/2102.10396"),
            Reference(
                "Glorot and Bengio, Understanding the difficulty of training deep feedforward neural networks (2010)",
                "https://proceedings.mlr.press/v9/glorot10a.html"),
        ]
    )

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run, thresholds = context.thresholds
        guard let report = run.epochs.last, let first = report.gradients.first, let last = report.gradients.last else {
            return []
        }
        let optimizer =
            context.locator.optimizer(run).map { [CodePlace($0.location, "the optimizer: \($0.note)")] } ?? []
        if let broken = report.gradients.first(where: { !$0.value.isFinite }) {
            return [
                context.finding(
                    Self.self, subject: "exploding", epoch: report.epoch,
                    summary:
                        "The gradient of \(ShortName.code(broken.layer)) is \(RuntimeFormat.number(broken.value)): gradients exploded",
                    message:
                        "the gradient of layer `\(broken.layer)` is \(RuntimeFormat.number(broken.value)); the gradients have exploded",
                    help:
                        "Lower the learning rate, clip gradients (`clipnorm=1.0` in Keras optimizers, `torch.nn.utils.clip_grad_norm_`), or normalise activations (BatchNormalization)",
                    cause: context.locator.layer(broken.layer, in: run) ?? context.locator.model(run),
                    related: optimizer)
            ]
        }
        guard report.gradients.count >= 2, last.value > 0 else { return [] }
        let ratio = first.value / last.value
        let norms =
            "first layer `\(first.layer)` \(RuntimeFormat.number(first.value)), last layer `\(last.layer)` \(RuntimeFormat.number(last.value)), ratio \(RuntimeFormat.number(ratio))"
        let lastPlace = context.locator.layer(last.layer, in: run).map {
            CodePlace($0.location, "the last layer `\(last.layer)`, gradient norm \(RuntimeFormat.number(last.value))")
        }
        if ratio < thresholds.vanishingGradientRatio, first.value < thresholds.vanishingGradientFirstNorm {
            // A layer whose outputs are all zero blocks every gradient behind it: that layer, not
            // the first, is the root cause.
            if let dead = report.activations.first(where: { $0.nonpositiveFraction >= 0.99 }) {
                // NaN weights behind a ReLU that turns NaN into 0 look like a dead layer (UM509).
                let poisoned = RuntimeFormat.nonfiniteWeights(report.nonfiniteWeights)
                return [
                    context.finding(
                        Self.self, subject: "vanishing", epoch: report.epoch,
                        summary: "Gradients vanish behind \(ShortName.code(dead.layer)), whose outputs are all zero",
                        message:
                            "gradients vanish before they reach the first layers (\(norms)): layer `\(dead.layer)` outputs "
                            + "only zeros (\(RuntimeFormat.percent(dead.nonpositiveFraction)), UM509) and passes no gradient back to the layers before it"
                            + (poisoned.map { ". " + $0 } ?? ""),
                        help: poisoned == nil
                            ? "Revive the dead layer: check its initialisation (a large negative bias), lower the learning rate, or use LeakyReLU/ELU"
                            : RuntimeFormat.nonfiniteWeightsHelp,
                        cause: context.locator.layer(dead.layer, in: run) ?? context.locator.model(run),
                        related: [
                            context.locator.layer(first.layer, in: run).map {
                                CodePlace.symptom(
                                    $0.location,
                                    "the first layer `\(first.layer)` gets gradient norm \(RuntimeFormat.number(first.value))"
                                )
                            }
                        ].compactMap { $0 } + optimizer)
                ]
            }
            return [
                context.finding(
                    Self.self, subject: "vanishing", epoch: report.epoch,
                    summary:
                        "Gradients vanish at the first layer \(ShortName.code(first.layer)) (norm \(RuntimeFormat.number(first.value)))",
                    message:
                        "gradients vanish before they reach the first layers (\(norms)); the first layers barely learn",
                    help:
                        "Use non-saturating activations (ReLU, GELU) instead of sigmoid/tanh in hidden layers, He/Glorot initialisation, BatchNormalization, or residual connections",
                    cause: context.locator.layer(first.layer, in: run) ?? context.locator.model(run),
                    related: [lastPlace].compactMap { $0 } + optimizer)
            ]
        }
        if ratio > thresholds.explodingGradientRatio {
            return [
                context.finding(
                    Self.self, subject: "exploding", epoch: report.epoch,
                    summary:
                        "Gradients explode at the first layer \(ShortName.code(first.layer)) (ratio \(RuntimeFormat.number(ratio)))",
                    message: "gradients explode towards the first layers (\(norms))",
                    help:
                        "Lower the learning rate, clip gradients (`clipnorm=1.0`), normalise the inputs and activations (BatchNormalization)",
                    cause: context.locator.layer(first.layer, in: run) ?? context.locator.model(run),
                    related: [lastPlace].compactMap { $0 } + optimizer)
            ]
        }
        return []
    }
}
