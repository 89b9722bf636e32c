import LintCore

/// UM504: after the warm-up epochs, validation accuracy is very high or above training accuracy.
package struct SuspiciousValidationAccuracyRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM504",
        name: "suspicious-validation-accuracy",
        summary: "Validation accuracy is suspiciously high, or higher than training accuracy",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            From the epoch after `validation-warmup-epochs` (3 by default) on, reports validation accuracy above \
            `max-validation-accuracy` (0.95) or above training accuracy by more than `max-validation-accuracy-gap` \
            (0.05). Training accuracy is the average over an epoch in which the model improves, while validation \
            is measured at the epoch's end, so training is credited with half of the epoch's gain before comparing \
            (without this, every fast-learning healthy run would be flagged). Reads `val_accuracy` (or `val_acc`, `val_sparse_categorical_accuracy`, ...) and the matching \
            training metric; stays silent without them (the original UMLAUT crashed). Points at the validation data.
            """,
        whyIsThisBad: """
            A model is normally a little worse on data it has not trained on. Validation accuracy near 100% or \
            above training accuracy usually means the validation set is not independent: it overlaps the training \
            data, is a slice of it, leaks the labels, or is preprocessed differently. Then the number that is \
            supposed to say how well the model generalises says nothing. (Strong dropout can also make training \
            accuracy lag, which the message mentions.)
            """,
        example: """
            model.fit(x_train, y_train, epochs=10, validation_data=(x_train[:100], y_train[:100]))
            """,
        useInstead: """
            model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
            """,
        fixSafety: "No automatic fix.",
        references: [
            Reference(
                "Kaufman et al., Leakage in Data Mining (TKDD 2012)", "https://dl.acm.org/doi/10.1145/2382577.2382579"),
            Reference(
                "keras.Model.fit: validation_data", "https://keras.io/api/models/model_training_apis/#fit-method"),
        ]
    )

    static let accuracyNames = [
        "accuracy", "acc", "sparse_categorical_accuracy", "categorical_accuracy", "binary_accuracy",
    ]

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let thresholds = context.thresholds
        guard let report = context.run.epochs.last, Double(report.epoch) >= thresholds.validationWarmupEpochs else {
            return []
        }
        guard let name = Self.accuracyNames.first(where: { report.metrics["val_" + $0] != nil }),
            let validation = report.metrics["val_" + name], validation.isFinite
        else { return [] }
        let training = report.metrics[name]
        var reasons: [String] = []
        if validation > thresholds.maxValidationAccuracy {
            reasons.append("above \(RuntimeFormat.percent(thresholds.maxValidationAccuracy))")
        }
        if let training, training.isFinite {
            // Training accuracy is averaged over the epoch while the model improves; validation is
            // measured at its end. Credit training with half of this epoch's progress.
            let previous = context.run.epochs.last { $0.epoch < report.epoch }?.metrics[name]
            let lag = previous.map { max(0, training - $0) / 2 } ?? 0
            if validation - (training + lag) > thresholds.maxValidationAccuracyGap {
                reasons.append(
                    "above training accuracy (\(RuntimeFormat.percent(training))) by \(RuntimeFormat.percent(validation - training))"
                )
            }
        }
        guard !reasons.isEmpty else { return [] }
        let summary =
            "Validation accuracy \(RuntimeFormat.percent(validation)) is "
            + (validation > thresholds.maxValidationAccuracy
                ? "above \(RuntimeFormat.percent(thresholds.maxValidationAccuracy))"
                : "above training accuracy \(training.map(RuntimeFormat.percent) ?? "")")
        var message =
            "validation accuracy is \(RuntimeFormat.percent(validation)), " + reasons.joined(separator: " and ")
        let dropouts = context.run.model?.layers.filter { $0.className?.contains("Dropout") == true }.map(\.name) ?? []
        if !dropouts.isEmpty, let training, validation > training {
            message +=
                "; dropout (\(dropouts.map { "`\($0)`" }.joined(separator: ", "))) lowers training accuracy only, which explains part of a gap"
        }
        if let overlap = context.run.overlap, overlap.identical > 0 {
            message +=
                "; \(overlap.identical) of \(overlap.validationChecked) validation samples are also training samples (UM510)"
        } else if let samples = context.run.trainBegin?.validation?.samples, samples < 500 {
            message += "; the validation set has only \(samples) samples"
        }
        return [
            context.finding(
                Self.self, epoch: report.epoch, summary: summary, message: message,
                help:
                    "Validate on data the model never trains on (a held-out split or the test set), preprocessed the same way as the training data",
                cause: context.locator.validationData(context.run),
                related: [context.locator.trainingCall(context.run)].compactMap { $0 }.map {
                    CodePlace.symptom(
                        $0.location,
                        "val_\(name) \(RuntimeFormat.number(validation)) in the metrics of training started here")
                })
        ]
    }
}
