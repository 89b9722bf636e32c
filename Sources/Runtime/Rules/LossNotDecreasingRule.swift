import LintCore

/// UM507: the training loss diverges or stays flat.
package struct LossNotDecreasingRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM507",
        name: "loss-not-decreasing",
        summary: "The training loss diverges or stops decreasing",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            Follows the training loss over the epochs. It reports a diverging loss when a finite loss exceeds the \
            first epoch's by `loss-divergence-factor` (10 by default) or has risen three epochs in a row, and a flat \
            loss when, over a window of `loss-plateau-patience` epochs (5), the later ones brought no relative \
            improvement of at least `min-loss-improvement` (0.1%) over the best loss before them. A loss already near zero is left alone. NaN losses are UM502's.
            """,
        whyIsThisBad: """
            Training exists to lower the loss. A loss that grows means the updates push the weights the wrong way \
            (a learning rate that is too large or negative); a loss that does not move means nothing is being \
            learned (a learning rate near zero, dead units, labels that do not match the outputs, or a model \
            without nonlinearities that cannot fit the data). Either way the remaining epochs are wasted.
            """,
        example: """
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-9), loss="mse")
            """,
        useInstead: """
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-2), loss="mse")
            """,
        fixSafety: "No automatic fix.",
        references: [
            Reference(
                "Karpathy, A Recipe for Training Neural Networks", "https://karpathy.github.io/2019/04/25/recipe/"),
            Reference("Zhang et al., AutoTrainer (ICSE 2021)", "https://arxiv.org/abs/2102.10396"),
        ]
    )

    /// Consecutive epochs of rising loss that count as diverging even below the factor.
    static let risingEpochs = 3

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let thresholds = context.thresholds
        let losses = context.run.series("loss").filter { $0.value.isFinite }
        guard let first = losses.first, let last = losses.last, last.epoch == context.run.epochs.last?.epoch else {
            return []
        }
        let optimizer = context.locator.optimizer(context.run)
        let related = [context.locator.loss(context.run), context.locator.trainingCall(context.run)].compactMap { $0 }
        let rate = context.run.epochs.last?.learningRate ?? context.run.optimizer?.learningRate
        let rateText = rate.map { " (learning rate \(RuntimeFormat.number($0)))" } ?? ""
        var rises = 0
        var index = losses.count - 1
        while index > 0, losses[index].value > losses[index - 1].value {
            rises += 1
            index -= 1
        }
        let exploded =
            abs(first.value) > 1e-12 && last.value > first.value * thresholds.lossDivergenceFactor
            && last.value > first.value
        let climbing = rises >= Self.risingEpochs && last.value > first.value
        if losses.count > 1, exploded || climbing {
            let how =
                exploded
                ? "\(RuntimeFormat.number(last.value / first.value))× higher"
                : "higher after each of the last \(rises) epochs"
            let message =
                "the training loss diverges: \(RuntimeFormat.number(first.value)) "
                + "in epoch \(first.epoch + 1), \(RuntimeFormat.number(last.value)) now, \(how)\(rateText)"
            return [
                context.finding(
                    Self.self, subject: "diverging", epoch: last.epoch,
                    summary:
                        "Training loss diverges: \(RuntimeFormat.number(first.value)) → \(RuntimeFormat.number(last.value))"
                        + (rate.map { " (learning rate \(RuntimeFormat.number($0)))" } ?? ""),
                    message: message,
                    help:
                        "Lower the learning rate (and make sure it is positive); clip gradients (`clipnorm=1.0`) if it still diverges",
                    cause: optimizer, related: related.map { CodePlace.symptom($0.location, $0.note) })
            ]
        }
        // Flat: over the last `patience` epochs (the first of them as the reference), no
        // relative improvement of `minLossImprovement`.
        let patience = max(2, Int(thresholds.lossPlateauPatience.rounded()))
        guard losses.count >= patience else { return [] }
        let windowSize = min(patience, losses.count) - 1
        let before = losses.dropLast(windowSize).map(\.value).min() ?? first.value
        let window = losses.suffix(windowSize).map(\.value)
        guard let bestRecent = window.min(), before > 1e-4,
            bestRecent > before * (1 - thresholds.minLossImprovement)
        else { return [] }
        let start = losses[losses.count - windowSize]
        let message =
            "the training loss is not improving: best "
            + "\(RuntimeFormat.number(bestRecent)) in the last \(windowSize) epochs against \(RuntimeFormat.number(before)) before "
            + "(less than \(RuntimeFormat.percent(thresholds.minLossImprovement)) better)\(rateText)"
        return [
            context.finding(
                Self.self, subject: "flat", epoch: last.epoch,
                moment: .epochs(min(start.epoch, last.epoch)...max(start.epoch, last.epoch)),
                summary: "Training loss stalls: best \(RuntimeFormat.number(bestRecent)) in \(windowSize) epochs vs "
                    + "\(RuntimeFormat.number(before)) before",
                message: message,
                help:
                    "Check the learning rate (too small or too large both stall training), that layers have nonlinear activations, and that the labels match the model's outputs and loss",
                cause: optimizer, related: related.map { CodePlace.symptom($0.location, $0.note) })
        ]
    }
}
