import Foundation

/// What is known so far about one model's training in a run: what the instrumentation reported
/// about it, and every epoch so far. The runtime rules read this.
package struct ModelRun: Sendable {
    package var id: String
    package var model: RuntimeEvent.ModelInfo?
    package var optimizer: RuntimeEvent.OptimizerInfo?
    package var loss: RuntimeEvent.LossInfo?
    package var trainBegin: RuntimeEvent.TrainBegin?
    package var overlap: RuntimeEvent.Overlap?
    /// Non-finite batch losses reported as they happened.
    package var nonfiniteLosses: [RuntimeEvent.NonfiniteLoss] = []
    /// Completed epochs, in order of their index.
    package var epochs: [RuntimeEvent.EpochReport] = []
    /// Metrics logged through the explicit API, by epoch, merged into `epochs` when they match.
    package var loggedMetrics: [Int: [String: Double]] = [:]

    package init(id: String) { self.id = id }

    /// The epoch with an index, if it completed.
    package func epoch(_ index: Int) -> RuntimeEvent.EpochReport? { epochs.first { $0.epoch == index } }

    /// The series of one metric over the completed epochs (missing values left out).
    package func series(_ metric: String) -> [(epoch: Int, value: Double)] {
        epochs.compactMap { report in report.metrics[metric].map { (report.epoch, $0) } }
    }

    /// The layer the instrumentation reported under a name.
    package func layer(named name: String) -> RuntimeEvent.LayerInfo? { model?.layers.first { $0.name == name } }
}

/// Everything received in one run, folded event by event (`apply`). Models are kept by id; the
/// optimizers and losses reported before a model's `train_begin` are attached to it then.
package struct TrainingState: Sendable {
    package private(set) var runs: [String: ModelRun] = [:]
    /// Model ids in the order they first appeared.
    package private(set) var order: [String] = []
    package private(set) var optimizers: [String: RuntimeEvent.OptimizerInfo] = [:]
    package private(set) var losses: [RuntimeEvent.LossInfo] = []
    package private(set) var attached: [(framework: String, version: String?)] = []
    package private(set) var attachFailures: [(framework: String, reason: String)] = []
    package private(set) var hello: RuntimeEvent.Hello?
    package private(set) var exit: RuntimeEvent.ExitReport?
    /// The exception the script died of, if it did.
    package private(set) var crash: RuntimeEvent.Crash?
    /// The most recent model that reported anything (events without a model id go to it).
    package private(set) var currentModel: String?

    package init() {}

    /// Folds one event in; returns the id of the model it concerns, if any.
    @discardableResult
    package mutating func apply(_ event: RuntimeEvent) -> String? {
        switch event {
        case .hello(let hello):
            self.hello = hello
        case .attached(let framework, let version):
            attached.append((framework, version))
        case .attachFailed(let framework, let reason):
            attachFailures.append((framework, reason))
        case .model(let info):
            update(info.id) { $0.model = info }
            return info.id
        case .optimizer(let info):
            optimizers[info.id] = info
            if let current = currentModel, runs[current]?.optimizer?.id == info.id {
                runs[current]?.optimizer = info
            }
        case .loss(let info):
            losses.append(info)
            if let current = currentModel, runs[current]?.loss == nil { runs[current]?.loss = info }
        case .trainBegin(let begin):
            let optimizer = begin.optimizer.flatMap { optimizers[$0] }
            let loss = losses.last
            update(begin.model) { run in
                run.trainBegin = begin
                if let optimizer { run.optimizer = optimizer }
                if run.loss == nil { run.loss = loss }
            }
            return begin.model
        case .overlap(let overlap):
            update(overlap.model) { $0.overlap = overlap }
            return overlap.model
        case .nonfiniteLoss(let report):
            update(report.model) { $0.nonfiniteLosses.append(report) }
            return report.model
        case .epoch(var report):
            let optimizers = self.optimizers
            update(report.model) { run in
                if let logged = run.loggedMetrics[report.epoch] {
                    report.metrics.merge(logged) { current, _ in current }
                }
                run.epochs.removeAll { $0.epoch == report.epoch }
                run.epochs.append(report)
                run.epochs.sort { $0.epoch < $1.epoch }
                if run.optimizer == nil {
                    run.optimizer =
                        run.trainBegin?.optimizer.flatMap { optimizers[$0] }
                        ?? (optimizers.count == 1 ? optimizers.values.first : nil)
                }
            }
            return report.model
        case .trainEnd(let model, _):
            return model
        case .log(let epoch, let metrics):
            guard let model = currentModel, let epoch else { return nil }
            update(model) { run in
                run.loggedMetrics[epoch, default: [:]].merge(metrics) { _, new in new }
                if let index = run.epochs.firstIndex(where: { $0.epoch == epoch }) {
                    run.epochs[index].metrics.merge(metrics) { _, new in new }
                }
            }
            return model
        case .exit(let report):
            exit = report
        case .crash(let crash):
            self.crash = crash
        case .unknown:
            break
        }
        return nil
    }

    private mutating func update(_ id: String, _ change: (inout ModelRun) -> Void) {
        if runs[id] == nil {
            runs[id] = ModelRun(id: id)
            order.append(id)
        }
        change(&runs[id]!)
        currentModel = id
    }

    /// The number of epochs completed over all models.
    package var completedEpochs: Int { runs.values.reduce(0) { $0 + $1.epochs.count } }
}
