import Foundation

/// What is known so far about one model's training in a run: what the instrumentation reported
/// about it, and every epoch so far. The runtime rules read this.
public struct ModelRun: Sendable {
    public var id: String
    public var model: RuntimeEvent.ModelInfo?
    public var optimizer: RuntimeEvent.OptimizerInfo?
    public var loss: RuntimeEvent.LossInfo?
    public var trainBegin: RuntimeEvent.TrainBegin?
    public var overlap: RuntimeEvent.Overlap?
    /// Non-finite batch losses reported as they happened.
    public var nonfiniteLosses: [RuntimeEvent.NonfiniteLoss] = []
    /// Completed epochs, in order of their index.
    public var epochs: [RuntimeEvent.EpochReport] = []
    /// Metrics logged through the explicit API, by epoch, merged into `epochs` when they match.
    public var loggedMetrics: [Int: [String: Double]] = [:]

    public init(id: String) { self.id = id }

    /// The epoch with an index, if it completed.
    public func epoch(_ index: Int) -> RuntimeEvent.EpochReport? { epochs.first { $0.epoch == index } }

    /// The series of one metric over the completed epochs (missing values left out).
    public func series(_ metric: String) -> [(epoch: Int, value: Double)] {
        epochs.compactMap { report in report.metrics[metric].map { (report.epoch, $0) } }
    }

    /// The layer the instrumentation reported under a name.
    public func layer(named name: String) -> RuntimeEvent.LayerInfo? { model?.layers.first { $0.name == name } }
}

/// Everything received in one run, folded event by event (`apply`). Models are kept by id; the
/// optimizers and losses reported before a model's `train_begin` are attached to it then.
public struct TrainingState: Sendable {
    public private(set) var runs: [String: ModelRun] = [:]
    /// Model ids in the order they first appeared.
    public private(set) var order: [String] = []
    public private(set) var optimizers: [String: RuntimeEvent.OptimizerInfo] = [:]
    public private(set) var losses: [RuntimeEvent.LossInfo] = []
    public private(set) var attached: [(framework: String, version: String?)] = []
    public private(set) var attachFailures: [(framework: String, reason: String)] = []
    public private(set) var hello: RuntimeEvent.Hello?
    public private(set) var exit: RuntimeEvent.ExitReport?
    /// The exception the script died of, if it did.
    public private(set) var crash: RuntimeEvent.Crash?
    /// The most recent model that reported anything (events without a model id go to it).
    public private(set) var currentModel: String?

    public init() {}

    /// Folds one event in; returns the id of the model it concerns, if any.
    @discardableResult
    public mutating func apply(_ event: RuntimeEvent) -> String? {
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
    public var completedEpochs: Int { runs.values.reduce(0) { $0 + $1.epochs.count } }
}
