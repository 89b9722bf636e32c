import LintCore

/// UM510: samples identical between training and validation data.
package struct TrainValidationOverlapRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM510",
        name: "train-validation-overlap",
        summary: "Validation samples are identical to training samples",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            When training starts, the instrumentation hashes every training and validation sample (arrays and \
            tensors; for PyTorch, the samples seen in training and in evaluation mode during the first epoch) and \
            reports how many validation samples also occur in the training data. Any overlap is reported, pointing at \
            the validation data. It confirms at run time what UM202 suspects in the source, and also finds overlap \
            the source cannot show (duplicated files, a shuffled split done twice).
            """,
        whyIsThisBad: """
            Validation data exists to measure how the model does on data it has not learned from. Samples that are \
            also in the training set are scored on memory, so validation accuracy is too optimistic, early \
            stopping and model selection choose badly, and overfitting goes unseen.
            """,
        example: """
            model.fit(x_train, y_train, validation_data=(x_train[:100], y_train[:100]))
            """,
        useInstead: """
            x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2, random_state=0)
            model.fit(x_train, y_train, validation_data=(x_val, y_val))
            """,
        fixSafety: "No automatic fix.",
        references: [
            Reference(
                "scikit-learn: train_test_split",
                "https://scikit-learn.org/stable/modules/generated/sklearn.model_selection.train_test_split.html"),
            Reference(
                "Allamanis, The adverse effects of code duplication in machine learning models of code (2019)",
                "https://arxiv.org/abs/1812.06469"),
        ]
    )

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run
        guard let overlap = run.overlap, overlap.identical > 0 else { return [] }
        let epoch = run.epochs.last?.epoch ?? 0
        let share =
            overlap.validationChecked > 0
            ? " (\(RuntimeFormat.percent(Double(overlap.identical) / Double(overlap.validationChecked))))" : ""
        let message =
            "\(overlap.identical) of \(overlap.validationChecked) validation samples\(share) are identical to training samples "
            + "(compared by hash against \(overlap.trainChecked) training samples); validation scores them on memory"
        return [
            context.finding(
                Self.self, epoch: epoch,
                summary:
                    "\(overlap.identical) of \(overlap.validationChecked) validation samples are identical to training samples",
                message: message,
                help:
                    "Validate on held-out data: split before training (`train_test_split`, `validation_split=0.2`) or use the test set, and remove duplicates across the split",
                cause: context.locator.validationData(run),
                related: [context.locator.inputData(run)].compactMap { $0 }.map {
                    CodePlace($0.location, "the training data: \($0.note)")
                })
        ]
    }
}
