import LintCore

/// UM505: smoothed validation loss rises while smoothed training loss falls, for several epochs.
package struct OverfittingRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM505",
        name: "overfitting",
        summary: "Validation loss rises while training loss falls",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            Smooths the training and validation losses (exponential moving average, factor 0.5) and reports when \
            the smoothed validation loss has risen while the smoothed training loss fell or stayed level for \
            `overfitting-patience` consecutive epochs (3 by default). Without validation data it stays silent. The \
            original UMLAUT compared single epochs, so one noisy epoch raised the warning.
            """,
        whyIsThisBad: """
            When the model keeps getting better on the training data but worse on data it has not seen, it is \
            memorising the training set rather than learning what generalises. Every further epoch makes the model \
            worse at its real job, and the final weights are worse than those of a few epochs ago.
            """,
        example: """
            model = keras.Sequential([layers.Dense(2048, activation="relu"), layers.Dense(10)])
            model.fit(x_small, y_small, epochs=200, validation_data=(x_val, y_val))
            """,
        useInstead: """
            model = keras.Sequential([layers.Dense(256, activation="relu"), layers.Dropout(0.3), layers.Dense(10)])
            model.fit(x_small, y_small, epochs=200, validation_data=(x_val, y_val),
                      callbacks=[keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)])
            """,
        fixSafety: "No automatic fix.",
        references: [
            Reference("keras.callbacks.EarlyStopping", "https://keras.io/api/callbacks/early_stopping/"),
            Reference(
                "TensorFlow tutorial: overfit and underfit",
                "https://www.tensorflow.org/tutorials/keras/overfit_and_underfit"),
        ]
    )

    /// Exponential moving average with factor 0.5.
    static func smoothed(_ values: [Double]) -> [Double] {
        var result: [Double] = []
        for value in values {
            result.append(result.last.map { 0.5 * $0 + 0.5 * value } ?? value)
        }
        return result
    }

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let patience = max(1, Int(context.thresholds.overfittingPatience.rounded()))
        let pairs = context.run.epochs.compactMap { report -> (epoch: Int, train: Double, validation: Double)? in
            guard let train = report.metrics["loss"], let validation = report.metrics["val_loss"],
                train.isFinite, validation.isFinite
            else { return nil }
            return (report.epoch, train, validation)
        }
        guard pairs.count > patience, pairs.last?.epoch == context.run.epochs.last?.epoch else { return [] }
        let train = Self.smoothed(pairs.map(\.train)), validation = Self.smoothed(pairs.map(\.validation))
        var streak = 0
        for index in stride(from: pairs.count - 1, to: 0, by: -1) {
            let rising = validation[index] - validation[index - 1] > 1e-4 * max(abs(validation[index - 1]), 1e-8)
            let falling = train[index] <= train[index - 1]
            guard rising, falling else { break }
            streak += 1
        }
        guard streak >= patience, let last = pairs.last else { return [] }
        let start = pairs[pairs.count - 1 - streak]
        let message =
            "validation loss rose from "
            + "\(RuntimeFormat.number(start.validation)) to \(RuntimeFormat.number(last.validation)) while training loss fell from "
            + "\(RuntimeFormat.number(start.train)) to \(RuntimeFormat.number(last.train)) (smoothed, \(streak) epochs in a row)"
        let related = [context.locator.validationData(context.run), context.locator.trainingCall(context.run)]
            .compactMap { $0 }
        return [
            context.finding(
                Self.self, epoch: last.epoch,
                moment: .epochs(min(start.epoch + 1, last.epoch)...max(start.epoch + 1, last.epoch)),
                summary:
                    "Validation loss rose \(RuntimeFormat.number(start.validation)) → \(RuntimeFormat.number(last.validation)) while "
                    + "training loss fell (\(streak) epochs)",
                message: message,
                help:
                    "Stop earlier (`keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)`), add regularisation (dropout 0.2–0.5, weight decay), make the model smaller, or get more training data",
                cause: context.locator.model(context.run).map {
                    CodePlace($0.location, "\($0.note); it has more capacity than the training data supports")
                },
                related: related.map { CodePlace.symptom($0.location, $0.note) })
        ]
    }
}
