import LintCore

/// UM502: the loss is NaN or infinite, with its most likely cause.
package struct NaNLossRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM502",
        name: "nan-loss",
        summary: "The training loss is NaN or infinite",
        kind: .runtime,
        defaultSeverity: .error,
        whatItDoes: """
            Reports the first batch whose loss is NaN or infinite (the instrumentation sends it at once), and \
            epochs whose logged loss is not finite, and training inputs holding NaN or infinite values even while \
            the logged loss stays finite (the original UMLAUT's "NaN in input"). It names the most likely cause: NaN or infinite values in the \
            input, a learning rate outside the range of UM301, or else the loss computation itself (a logarithm \
            of zero, a division by zero). It says how the input was checked: the batch whose loss turned \
            (PyTorch) or all the training arrays (Keras) are checked at once; otherwise only the batches \
            sampled for the epoch's statistics, and it says so. When the epoch's statistics later change \
            the verdict, the finding is revised where it is printed and stored. Unlike the original UMLAUT it reports a NaN loss even when the input \
            is clean.
            """,
        whyIsThisBad: """
            Once the loss is NaN, every gradient is NaN and the next update turns every weight into NaN: the model \
            is destroyed and the rest of the training is wasted. The cause is almost always one of three: bad \
            input values, a learning rate so large that the weights overflow, or a numerically unsafe loss \
            (probabilities of exactly 0 into a logarithm).
            """,
        example: """
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=50.0), loss="mse")
            model.fit(x_train, y_train)
            """,
        useInstead: """
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
            model.fit(x_train, y_train)
            """,
        fixSafety: "No automatic fix: the cause has to be confirmed first.",
        references: [
            Reference("keras.callbacks.TerminateOnNaN", "https://keras.io/api/callbacks/terminate_on_nan/"),
            Reference(
                "torch.autograd.detect_anomaly", "https://pytorch.org/docs/stable/autograd.html#anomaly-detection"),
        ]
    )

    /// NaN or infinite inputs while the logged loss is still finite (some frameworks skip or mask
    /// them): the gradients are already poisoned.
    func checkInput(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run
        guard let report = run.epochs.first(where: { ($0.input?.nan ?? 0) > 0 || ($0.input?.inf ?? 0) > 0 }),
            let input = report.input
        else { return [] }
        let gradients =
            run.epochs.last?.gradients.contains { !$0.value.isFinite } == true
            ? ", and the gradients are already NaN" : ""
        let message =
            "the training input contains \(input.nan) NaN and \(input.inf) "
            + "infinite values in \(input.batches.map { "\($0) sampled batches" } ?? "the sampled batches"); the logged loss is still finite\(gradients), "
            + "but every update computed from them is NaN"
        return [
            context.finding(
                Self.self, subject: "input", epoch: report.epoch,
                summary: "The training input holds \(input.nan) NaN and \(input.inf) infinite values",
                message: message,
                help:
                    "Remove or impute the NaN/infinite values in the data before training (e.g. `np.nan_to_num`, or drop those rows)",
                cause: context.locator.inputData(run),
                related: [context.locator.trainingCall(run)].compactMap { $0 }.map {
                    CodePlace.symptom($0.location, $0.note)
                })
        ]
    }

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run
        let epochLoss = run.epochs.first { report in report.metrics["loss"].map { !$0.isFinite } ?? false }
        let first = run.nonfiniteLosses.first
        guard first != nil || epochLoss != nil else { return checkInput(context) }
        let epoch = first?.epoch ?? epochLoss!.epoch
        let value = first?.value ?? epochLoss?.metrics["loss"] ?? .nan
        let at = first.map { report in report.batch.map { " at batch \($0 + 1)" } ?? "" } ?? ""
        var message = "the loss became \(RuntimeFormat.number(value))\(at)"
        let input = run.epochs.compactMap(\.input).first { $0.nan > 0 || $0.inf > 0 }
        let check = first?.inputCheck
        let learningRate = run.epochs.last?.learningRate ?? run.optimizer?.learningRate
        let rateProblem = learningRate.flatMap { RuntimeLearningRateRange(context: context).problem(with: $0) }
        let cleanHelp =
            "Check the loss for log(0) or division by zero (use `from_logits=True` losses rather than log of a softmax), lower the learning rate, or clip gradients (`clipnorm=1.0`)"
        let dataHelp =
            "Remove or impute the NaN/infinite values in the data before training (e.g. `np.nan_to_num`, or drop those rows)"
        let cause: CodePlace?
        let help: String
        var related: [CodePlace] = []
        var summary = "The loss became \(RuntimeFormat.number(value))\(at)"
        if let check, check.nan + check.inf > 0 {
            let whole = check.scope == "all" ? "the training data" : "the batch that produced it"
            message += "; \(whole) contains \(check.nan) NaN and \(check.inf) infinite values"
            summary += ": the data holds \(Self.counts(nan: check.nan, inf: check.inf)) values"
            cause = context.locator.inputData(run)
            help = dataHelp
        } else if let input {
            let sample = input.batches.map { " in the \($0) batches sampled" } ?? " in the sampled batches"
            message += "; the training input contains \(input.nan) NaN and \(input.inf) infinite values\(sample)"
            summary += ": the input holds \(Self.counts(nan: input.nan, inf: input.inf)) values"
            cause = context.locator.inputData(run)
            help = dataHelp
        } else {
            // What is known about the input, said as certainly as it was checked.
            let evidence: String
            let certain: Bool
            if let check {
                certain = true
                evidence =
                    check.scope == "all"
                    ? "the training data holds no NaN or infinite value (\(check.samples.map { "all \($0) samples" } ?? "every sample") checked)"
                    : "the batch that produced it holds no NaN or infinite value"
            } else if let sampled = (run.epoch(epoch) ?? run.epochs.last)?.input {
                certain = false
                evidence =
                    "no NaN or infinite value in the \(sampled.batches.map(String.init) ?? "few") batches sampled"
            } else {
                certain = false
                evidence = "the input has not been checked yet"
            }
            let dataPlace = context.locator.inputData(run).map {
                CodePlace($0.location, "NaN or infinite values in the data would also do this: \($0.note)")
            }
            if let learningRate, let rateProblem {
                message += "; \(evidence), and the learning rate \(RuntimeFormat.number(learningRate)) \(rateProblem)"
                summary += ": learning rate \(RuntimeFormat.number(learningRate)) is out of range"
                cause = context.locator.optimizer(run)
                help =
                    "Use a learning rate in the usual range (1e-4 to 1e-2 for Adam-like optimizers, up to 0.1 for SGD)"
                if !certain { related += [dataPlace].compactMap { $0 } }
            } else if certain {
                message +=
                    "; \(evidence) and the learning rate is in range, so the loss computation itself is the likely cause (a log of 0, a division by 0, or exploding weights)"
                summary += ", likely in the loss computation"
                cause = context.locator.loss(run) ?? context.locator.optimizer(run)
                help = cleanHelp
            } else {
                summary += ": NaN in the data or the loss computation"
                message +=
                    "; \(evidence) and the learning rate is in range: NaN values in batches not checked, or the loss computation (a log of 0, a division by 0, exploding weights), are the likely causes"
                cause = context.locator.loss(run) ?? context.locator.optimizer(run)
                help =
                    "Look for NaN in the data first (`np.isnan(x).any()`); if there is none, "
                    + cleanHelp.prefix(1).lowercased() + cleanHelp.dropFirst()
                related += [dataPlace].compactMap { $0 }
            }
        }
        related += [context.locator.trainingCall(run)].compactMap { $0 }.map {
            CodePlace.symptom($0.location, "the loss turns \(RuntimeFormat.number(value)) in training started here")
        }
        return [
            context.finding(
                Self.self, epoch: epoch, summary: summary, message: message, help: help, cause: cause, related: related)
        ]
    }

    /// "12 NaN", "3 infinite", "12 NaN and 3 infinite": the values found, for the one-line summary.
    static func counts(nan: Int, inf: Int) -> String {
        [nan > 0 ? "\(nan) NaN" : nil, inf > 0 ? "\(inf) infinite" : nil].compactMap { $0 }.joined(separator: " and ")
    }
}
