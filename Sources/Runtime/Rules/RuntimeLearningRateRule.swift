import LintCore

/// UM506: the learning rate in effect (schedules resolved) is out of range.
package struct RuntimeLearningRateRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM506",
        name: "runtime-learning-rate",
        summary: "The learning rate in effect is out of the usable range",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            Checks the learning rate the optimizer actually uses, when training starts and at the end of every \
            epoch (with schedules resolved to their current value), against the range of UM301: not positive, \
            below `min-learning-rate` (1e-7), above `max-learning-rate` (1.0), or above \
            `max-adaptive-learning-rate` (0.01) for adaptive optimizers (Adam, RMSprop, ...), or above \
            `max-accumulating-learning-rate` (0.5) for Adagrad and FTRL; Adadelta (1.0 by default in PyTorch) \
            and SGD are held to `max-learning-rate` only. The optimizer families are the same table UM301 uses. \
            It points at the learning-rate argument of the optimizer. This catches rates computed at run time and schedules \
            that decay to nothing or warm up too far, which the source alone cannot show.
            """,
        whyIsThisBad: """
            The learning rate is the size of each step down the loss surface. A negative rate climbs instead of \
            descending; a rate near zero leaves the weights where they started; a large rate overshoots, the loss \
            oscillates or explodes and can turn NaN. Adaptive optimizers already scale their steps, so rates that \
            suit SGD are far too large for them.
            """,
        example: """
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=-1e3), loss="sparse_categorical_crossentropy")
            """,
        useInstead: """
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy")
            """,
        fixSafety: "No automatic fix at run time; UM301 offers one where the rate is a literal in the source.",
        references: [
            Reference("keras.optimizers.Adam", "https://keras.io/api/optimizers/adam/"),
            Reference(
                "torch.optim.lr_scheduler", "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate"),
            Reference(
                "Smith, Cyclical Learning Rates for Training Neural Networks (2017)", "https://arxiv.org/abs/1506.01186"
            ),
        ]
    )

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run
        let epoch: Int
        let rate: Double
        if let report = run.epochs.last, let value = report.learningRate ?? run.optimizer?.learningRate {
            (epoch, rate) = (report.epoch, value)
        } else if run.epochs.isEmpty, run.trainBegin != nil, let value = run.optimizer?.learningRate {
            (epoch, rate) = (0, value)
        } else {
            return []
        }
        let range = RuntimeLearningRateRange(context: context)
        guard let problem = range.problem(with: rate) else { return [] }
        let optimizer =
            run.optimizer?.className.map { " (\($0)\(run.optimizer?.schedule.map { " with schedule \($0)" } ?? ""))" }
            ?? ""
        var message = "the learning rate in effect is \(RuntimeFormat.number(rate))\(optimizer); it \(problem)"
        let losses = run.series("loss")
        if let first = losses.first, let last = losses.last, losses.count > 1 {
            message +=
                "; the loss went from \(RuntimeFormat.number(first.value)) to \(RuntimeFormat.number(last.value))"
        }
        let suggestion = range.suggestion
        return [
            context.finding(
                Self.self, epoch: epoch, moment: run.epochs.isEmpty ? .start : nil,
                summary: "The learning rate in effect, \(RuntimeFormat.number(rate)), "
                    + String(problem.prefix { $0 != ":" && $0 != "," }),
                message: message,
                help:
                    "Set a positive learning rate in the usual range, e.g. \(suggestion)\(run.optimizer?.schedule != nil ? ", and check the schedule's bounds" : "")",
                cause: context.locator.optimizer(run),
                related: [context.locator.trainingCall(run)].compactMap { $0 }.map {
                    CodePlace.symptom($0.location, "\($0.note) with this rate")
                },
                severity: rate <= 0 || rate.isNaN ? .error : nil)
        ]
    }
}
