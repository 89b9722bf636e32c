import PythonSyntax

// Moving a model's spans and merging the models of a script's groups (`DecomposedAnalyzer`).

extension ScriptModel {
    /// Applies `move` to every span of the model.
    mutating func moveSpans(_ move: (inout SourceSpan) -> Void) {
        for index in networks.indices { networks[index].moveSpans(move) }
        for index in losses.indices {
            move(&losses[index].span)
            losses[index].fromLogits?.moveSpans(move)
        }
        for index in optimizers.indices {
            move(&optimizers[index].span)
            optimizers[index].learningRate?.moveSpans(move)
            optimizers[index].initialLearningRate?.moveSpans(move)
        }
        for index in compiles.indices { move(&compiles[index].span) }
        for index in fits.indices {
            move(&fits[index].span)
            fits[index].x?.moveSpans(move)
            fits[index].y?.moveSpans(move)
            fits[index].validationX?.moveSpans(move)
            fits[index].validationY?.moveSpans(move)
            fits[index].validationData?.moveSpans(move)
            fits[index].validationSplit?.moveSpans(move)
            fits[index].epochs?.moveSpans(move)
            fits[index].batchSize?.moveSpans(move)
        }
        for index in evaluations.indices {
            move(&evaluations[index].span)
            evaluations[index].x?.moveSpans(move)
        }
        for index in datasets.indices {
            move(&datasets[index].span)
            for scaling in datasets[index].scaling.indices { move(&datasets[index].scaling[scaling].span) }
        }
        for index in trainingSteps.indices {
            move(&trainingSteps[index].span)
            trainingSteps[index].input?.moveSpans(move)
            trainingSteps[index].activationBeforeLoss?.moveSpans(move)
        }
        for index in networkCalls.indices {
            move(&networkCalls[index].span)
            networkCalls[index].input.moveSpans(move)
        }
        for index in imageDataFormats.indices {
            move(&imageDataFormats[index].span)
            if imageDataFormats[index].argumentSpan != nil { move(&imageDataFormats[index].argumentSpan!) }
        }
    }

    /// The model of a whole script from the models of its groups (each already in the script's
    /// positions): what several groups hold (what the environment, analysed with each group,
    /// contributed) once, a dataset's scalings from every group, every index renumbered, every
    /// list in the order the full analysis gives it. Nil when two groups disagree about the same
    /// thing: then the groups were not independent, and only the full analysis is right.
    static func merged(_ parts: [ScriptModel]) -> ScriptModel? {
        var merged = ScriptModel()
        merged.frameworks = Array(Set(parts.flatMap(\.frameworks))).sorted()
        // Per part: local index → position in the merged (not yet sorted) list.
        var networkMaps: [[Int]] = []
        var lossMaps: [[Int]] = []
        var optimizerMaps: [[Int]] = []
        var datasetMaps: [[Int]] = []
        var networkAt: [SpanKey: Int] = [:]
        var lossAt: [SpanKey: Int] = [:]
        var optimizerAt: [SpanKey: Int] = [:]
        var datasetAt: [SpanKey: Int] = [:]
        for part in parts {
            guard let networks = Self.collect(part.networks, into: &merged.networks, at: &networkAt),
                let losses = Self.collect(part.losses, into: &merged.losses, at: &lossAt),
                let optimizers = Self.collect(part.optimizers, into: &merged.optimizers, at: &optimizerAt)
            else { return nil }
            networkMaps.append(networks)
            lossMaps.append(losses)
            optimizerMaps.append(optimizers)
            var datasets: [Int] = []
            for dataset in part.datasets {
                let key = SpanKey(dataset.span)
                if let existing = datasetAt[key] {
                    var known = merged.datasets[existing]
                    var other = dataset
                    guard known.sameApartFromScaling(as: &other) else { return nil }
                    for scaling in dataset.scaling where !known.scaling.contains(scaling) {
                        known.scaling.append(scaling)
                    }
                    merged.datasets[existing] = known
                    datasets.append(existing)
                } else {
                    datasetAt[key] = merged.datasets.count
                    datasets.append(merged.datasets.count)
                    merged.datasets.append(dataset)
                }
            }
            datasetMaps.append(datasets)
        }
        for index in merged.datasets.indices { merged.datasets[index].scaling.sort { $0.span < $1.span } }

        // Final order: networks, losses and optimizers by span, as their passes sort them;
        // the rest in the order the passes meet them (pre-order: a call before the calls in it).
        let networkOrder = Self.order(merged.networks.map(\.span), byRange: true)
        let lossOrder = Self.order(merged.losses.map(\.span), byRange: true)
        let optimizerOrder = Self.order(merged.optimizers.map(\.span), byRange: true)
        let datasetOrder = Self.order(merged.datasets.map(\.span), byRange: false)
        merged.networks = networkOrder.sorted.map { merged.networks[$0] }
        merged.losses = lossOrder.sorted.map { merged.losses[$0] }
        merged.optimizers = optimizerOrder.sorted.map { merged.optimizers[$0] }
        merged.datasets = datasetOrder.sorted.map { merged.datasets[$0] }

        var compiles: [CompileCall] = []
        var fits: [FitCall] = []
        var evaluations: [EvaluationCall] = []
        var steps: [TrainingStep] = []
        var calls: [NetworkCall] = []
        var formats: [DataFormatSetting] = []
        for (number, part) in parts.enumerated() {
            // An index the part's lists do not hold (the passes never make one) stays unknown.
            func renumber(_ local: Int?, _ map: [Int], _ rank: [Int]) -> Int? {
                guard let local, map.indices.contains(local) else { return nil }
                return rank[map[local]]
            }
            let network = { (local: Int?) in renumber(local, networkMaps[number], networkOrder.rank) }
            let loss = { (local: Int?) in renumber(local, lossMaps[number], lossOrder.rank) }
            let optimizer = { (local: Int?) in renumber(local, optimizerMaps[number], optimizerOrder.rank) }
            let dataset = { (reference: inout DataReference?) in
                guard reference?.datasetIndex != nil else { return }
                reference!.datasetIndex = renumber(reference!.datasetIndex, datasetMaps[number], datasetOrder.rank)
            }
            for var compile in part.compiles {
                compile.lossIndex = loss(compile.lossIndex)
                compile.optimizerIndex = optimizer(compile.optimizerIndex)
                compiles.append(compile)
            }
            for var fit in part.fits {
                fit.networkIndex = network(fit.networkIndex)
                dataset(&fit.x)
                dataset(&fit.y)
                dataset(&fit.validationX)
                dataset(&fit.validationY)
                fits.append(fit)
            }
            for var evaluation in part.evaluations {
                evaluation.networkIndex = network(evaluation.networkIndex)
                dataset(&evaluation.x)
                evaluations.append(evaluation)
            }
            for var step in part.trainingSteps {
                step.lossIndex = loss(step.lossIndex)
                dataset(&step.input)
                steps.append(step)
            }
            for var call in part.networkCalls {
                call.networkIndex = network(call.networkIndex)
                var input: DataReference? = call.input
                dataset(&input)
                call.input = input!
                calls.append(call)
            }
            formats += part.imageDataFormats
        }
        guard let compiles = Self.unique(compiles, span: \.span), let fits = Self.unique(fits, span: \.span),
            let evaluations = Self.unique(evaluations, span: \.span),
            let steps = Self.unique(steps, span: \.span), let calls = Self.unique(calls, span: \.span),
            let formats = Self.unique(formats, span: \.span)
        else { return nil }
        merged.compiles = compiles
        merged.fits = fits
        merged.evaluations = evaluations
        merged.trainingSteps = steps
        merged.networkCalls = calls
        merged.imageDataFormats = formats
        return merged
    }

    private struct SpanKey: Hashable {
        let start: Int
        let end: Int
        init(_ span: SourceSpan) {
            start = span.startByte
            end = span.endByte
        }
    }

    /// Appends the items not yet in `list` (by span) and returns each item's position in it; nil
    /// when an item differs from the one already there.
    private static func collect<Item: Equatable & HasSpan>(
        _ items: [Item], into list: inout [Item], at positions: inout [SpanKey: Int]
    ) -> [Int]? {
        var result: [Int] = []
        for item in items {
            let key = SpanKey(item.span)
            if let existing = positions[key] {
                guard list[existing] == item else { return nil }
                result.append(existing)
            } else {
                positions[key] = list.count
                result.append(list.count)
                list.append(item)
            }
        }
        return result
    }

    /// The positions of `spans` in sorted order, and each position's rank in it. `byRange`: by
    /// start then end (`SourceSpan`'s order); otherwise pre-order (start, then the longer first).
    private static func order(_ spans: [SourceSpan], byRange: Bool) -> (sorted: [Int], rank: [Int]) {
        let sorted = spans.indices.sorted { a, b in
            if spans[a].startByte != spans[b].startByte { return spans[a].startByte < spans[b].startByte }
            return byRange ? spans[a].endByte < spans[b].endByte : spans[a].endByte > spans[b].endByte
        }
        var rank = [Int](repeating: 0, count: spans.count)
        for (position, index) in sorted.enumerated() { rank[index] = position }
        return (sorted, rank)
    }

    /// Items in pre-order of their spans, each span once; nil when two items with one span differ.
    private static func unique<Item: Equatable>(_ items: [Item], span: (Item) -> SourceSpan) -> [Item]? {
        let order = Self.order(items.map(span), byRange: false)
        var result: [Item] = []
        var last: SourceSpan?
        for index in order.sorted {
            let itemSpan = span(items[index])
            if let last, last == itemSpan {
                guard result.last == items[index] else { return nil }
                continue
            }
            result.append(items[index])
            last = itemSpan
        }
        return result
    }
}

protocol HasSpan {
    var span: SourceSpan { get }
}

extension Network: HasSpan {}
extension Loss: HasSpan {}
extension Optimizer: HasSpan {}

extension Dataset {
    /// Whether two analyses found the same dataset, whatever scalings each saw applied to it.
    fileprivate func sameApartFromScaling(as other: inout Dataset) -> Bool {
        other.scaling = scaling
        return self == other
    }
}

extension Network {
    mutating func moveSpans(_ move: (inout SourceSpan) -> Void) {
        move(&span)
        for index in layers.indices { layers[index].moveSpans(move) }
    }
}

extension Layer {
    mutating func moveSpans(_ move: (inout SourceSpan) -> Void) {
        move(&span)
        move(&calleeSpan)
        if callSpan != nil { move(&callSpan!) }
        for index in arguments.indices { arguments[index].moveSpans(move) }
        activation?.moveSpans(move)
    }
}

extension Argument {
    mutating func moveSpans(_ move: (inout SourceSpan) -> Void) {
        move(&span)
        move(&valueSpan)
    }
}

extension Activation {
    mutating func moveSpans(_ move: (inout SourceSpan) -> Void) {
        if span != nil { move(&span!) }
    }
}

extension DataReference {
    mutating func moveSpans(_ move: (inout SourceSpan) -> Void) {
        move(&span)
        if rootSpan != nil { move(&rootSpan!) }
        for index in steps.indices { move(&steps[index].span) }
    }
}
