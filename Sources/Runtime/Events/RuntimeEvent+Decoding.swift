import Foundation

/// The result of reading one line of the stream.
package enum DecodedLine: Sendable {
    /// A JSON object with an `"event"` field: its name and the decoded event.
    case event(name: String, RuntimeEvent)
    /// Anything else: not UTF-8, not JSON, not an object, or an object without `"event"`.
    case malformed(reason: String)
}

extension RuntimeEvent {
    /// Decodes one line (without its newline). Never throws: a line that is not an event is
    /// `.malformed`; an event with missing required fields is `.unknown`.
    package static func decode(_ line: [UInt8]) -> DecodedLine {
        guard let json = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) else {
            return .malformed(reason: "not JSON")
        }
        guard let object = JSONObject(json) else { return .malformed(reason: "not a JSON object") }
        guard let name = object.string("event") else { return .malformed(reason: "no \"event\" field") }
        return .event(name: name, decode(name: name, object) ?? .unknown(name))
    }

    static func decode(name: String, _ o: JSONObject) -> RuntimeEvent? {
        switch name {
        case "hello":
            return .hello(
                Hello(
                    protocolVersion: o.int("protocol"), pid: o.int("pid"), python: o.string("python"),
                    script: o.string("script")))
        case "attached":
            return .attached(framework: o.string("framework") ?? "unknown", version: o.string("version"))
        case "attach_failed":
            return .attachFailed(
                framework: o.string("framework") ?? "unknown", reason: o.string("reason") ?? "no reason given")
        case "model":
            guard let id = o.string("model") else { return nil }
            let shape = o.array("input_shape")?.map { JSONObject.number($0).flatMap { $0.isFinite ? Int($0) : nil } }
            let layers = o.objects("layers").compactMap { layer -> LayerInfo? in
                guard let name = layer.string("name") else { return nil }
                return LayerInfo(
                    name: name, className: layer.string("class"), activation: layer.string("activation"),
                    createdAt: SourceLocation(layer.object("created_at")), parameters: layer.int("parameters"),
                    dataFormat: layer.string("data_format"))
            }
            return .model(
                ModelInfo(
                    id: id, framework: o.string("framework"), className: o.string("class"), name: o.string("name"),
                    createdAt: SourceLocation(o.object("created_at")), dataFormat: o.string("data_format"),
                    inputShape: shape, layers: layers))
        case "optimizer":
            return .optimizer(
                OptimizerInfo(
                    id: o.string("optimizer") ?? "o?", className: o.string("class"),
                    learningRate: o.double("learning_rate"), schedule: o.string("schedule"),
                    createdAt: SourceLocation(o.object("created_at"))))
        case "loss":
            return .loss(
                LossInfo(
                    name: o.string("name"), fromLogits: o.bool("from_logits"),
                    createdAt: SourceLocation(o.object("created_at"))))
        case "train_begin":
            guard let model = o.string("model") else { return nil }
            let validation = o.object("validation").map {
                TrainBegin.Validation(
                    kind: $0.string("kind") ?? "none", callSite: SourceLocation($0.object("call_site")),
                    samples: $0.int("samples"))
            }
            return .trainBegin(
                TrainBegin(
                    model: model, optimizer: o.string("optimizer"), callSite: SourceLocation(o.object("call_site")),
                    epochs: o.int("epochs"), batchSize: o.int("batch_size"), trainSamples: o.int("train_samples"),
                    validation: validation))
        case "overlap":
            guard let model = o.string("model"), let identical = o.int("identical") else { return nil }
            return .overlap(
                Overlap(
                    model: model, trainChecked: o.int("train_checked") ?? 0,
                    validationChecked: o.int("validation_checked") ?? 0, identical: identical))
        case "nonfinite_loss":
            guard let model = o.string("model") else { return nil }
            let check = o.object("input").flatMap { i -> NonfiniteLoss.InputCheck? in
                guard let scope = i.string("scope"), let nan = i.int("nan"), let inf = i.int("inf") else { return nil }
                return NonfiniteLoss.InputCheck(scope: scope, nan: nan, inf: inf, samples: i.int("samples"))
            }
            return .nonfiniteLoss(
                NonfiniteLoss(
                    model: model, epoch: max(0, o.int("epoch") ?? 0), batch: o.int("batch"),
                    value: o.double("value") ?? .nan, inputCheck: check))
        case "epoch":
            guard let model = o.string("model"), let epoch = o.int("epoch"), epoch >= 0 else { return nil }
            let input = o.object("input").map {
                InputStatistics(
                    batches: $0.int("batches"), samples: $0.int("samples"), min: $0.double("min"),
                    max: $0.double("max"),
                    mean: $0.double("mean"), std: $0.double("std"), nan: $0.int("nan") ?? 0, inf: $0.int("inf") ?? 0,
                    shape: $0.array("shape")?.compactMap {
                        JSONObject.number($0).flatMap { $0.isFinite ? Int($0) : nil }
                    },
                    dtype: $0.string("dtype"))
            }
            let gradients = o.objects("gradients").compactMap { g -> LayerValue? in
                guard let layer = g.string("layer"), let norm = g.double("norm") else { return nil }
                return LayerValue(layer: layer, value: norm)
            }
            let activations = o.objects("activations").compactMap { a -> ActivationStatistics? in
                guard let layer = a.string("layer"), let fraction = a.double("nonpositive_fraction") else { return nil }
                return ActivationStatistics(
                    layer: layer, activation: a.string("activation"), nonpositiveFraction: fraction,
                    units: a.int("units"), deadUnits: a.int("dead_units"),
                    location: SourceLocation(a.object("location")))
            }
            let nonfiniteWeights = o.objects("nonfinite_weights").compactMap { w -> NonfiniteWeights? in
                guard let layer = w.string("layer"), let count = w.int("count"), count > 0 else { return nil }
                return NonfiniteWeights(layer: layer, count: count, total: w.int("total"))
            }
            return .epoch(
                EpochReport(
                    model: model, epoch: epoch, duration: o.double("duration"), metrics: o.numbers("metrics"),
                    learningRate: o.double("learning_rate"), input: input, gradients: gradients,
                    activations: activations, nonfiniteBatches: o.int("nonfinite_batches"),
                    nonfiniteWeights: nonfiniteWeights))
        case "train_end":
            guard let model = o.string("model") else { return nil }
            return .trainEnd(model: model, epochsCompleted: o.int("epochs_completed"))
        case "log":
            return .log(epoch: o.int("epoch"), metrics: o.numbers("metrics"))
        case "exit":
            let exception = o.object("exception")
            return .exit(
                ExitReport(
                    status: o.string("status") ?? "ok", exceptionType: exception?.string("type"),
                    exceptionMessage: exception?.string("message"),
                    location: SourceLocation(exception?.object("location")), code: o.int("code")))
        case "crash":
            guard let type = o.string("type") else { return nil }
            let location = o.object("location")
            let frames = o.objects("frames").compactMap { f -> Crash.Frame? in
                guard let file = f.string("file"), let line = f.int("line"), line >= 1 else { return nil }
                return Crash.Frame(
                    file: file, line: line, function: f.string("function"), isUser: f.bool("user") ?? false)
            }
            return .crash(
                Crash(
                    type: type, qualifiedType: o.string("qualified_type"), message: o.string("message") ?? "",
                    location: SourceLocation(location), column: location?.int("column").flatMap { $0 >= 0 ? $0 : nil },
                    endLine: location?.int("end_line"), endColumn: location?.int("end_column"), frames: frames))
        default:
            return nil
        }
    }
}
