import PythonSyntax

/// Pass 2: losses, optimizers, Keras `compile` calls and PyTorch training steps.
///
/// - Every loss constructor (`keras.losses.X(...)`, `nn.XLoss()`), functional loss call
///   (`F.cross_entropy(out, y)`, `keras.losses.x(y, p)`) and every loss named in `compile`
///   (strings, function references, variables) becomes a `Loss`; every optimizer constructor and
///   `compile(optimizer="adam")` string an `Optimizer`. Learning-rate schedules mark the optimizer
///   whose rate they are (`isSchedule`, `initialLearningRate`).
/// - Losses are linked to networks (`Loss.networkName`, the network's `name`) through the
///   `compile` receiver, the model called in a training step or custom loop, or, with one
///   network and one loss, directly.
///
/// Runs after `NetworkExtraction`, whose networks it links to.
enum TrainingSetupExtraction {
    static func run(_ context: AnalysisContext, into model: inout ScriptModel, linksLoneNetwork: Bool = true) {
        var extractor = TrainingSetupExtractor(context: context, networks: model.networks)
        extractor.linksLoneNetwork = linksLoneNetwork
        extractor.extract()
        model.losses = extractor.losses
        model.optimizers = extractor.optimizers
        model.compiles = extractor.compiles
        model.trainingSteps = extractor.steps
    }
}

/// The state of one training-setup extraction.
struct TrainingSetupExtractor {
    let context: AnalysisContext
    let networks: [Network]
    let resolver: NetworkResolver
    var losses: [Loss] = []
    var optimizers: [Optimizer] = []
    var compiles: [CompileCall] = []
    var steps: [TrainingStep] = []

    /// Losses and optimizers by the start byte of their expression (call, string, reference).
    var lossAt: [Int: Int] = [:]
    /// Names and attributes loss objects are assigned to (`criterion`, `self.loss_fn`): only calls
    /// of these can apply a loss object, so other calls need no look-up.
    var lossNames: Set<String> = []
    /// Start bytes of TensorFlow loss functions (`tf.losses.softmax_cross_entropy`,
    /// `tf.nn.softmax_cross_entropy_with_logits`): their calls take (labels, logits) and are
    /// recorded as training steps, like PyTorch's.
    var tensorflowLossStarts: Set<Int> = []
    /// Optimizers by the start byte of their constructor call or string.
    var optimizerAt: [Int: Int] = [:]
    /// Start bytes of losses compiled on a receiver that denotes no extracted network.
    var compiledOnUnknownModel: Set<Int> = []
    /// Keras schedules by call start: the argument holding their first learning rate.
    private var scheduleAt: [Int: Argument?] = [:]
    /// PyTorch schedulers: the optimizer expression and whether they keep its rate.
    private var torchSchedulers: [(optimizer: Node, keepsRate: Bool)] = []
    private var compileCalls: [Node] = []

    /// Whether a lone network and a lone unlinked loss are linked (`linkSingleNetwork`): off for
    /// a part of a script (`DecomposedAnalyzer`), whose counts are not the script's.
    var linksLoneNetwork = true

    init(context: AnalysisContext, networks: [Network]) {
        self.context = context
        self.networks = networks
        resolver = NetworkResolver(context: context, networks: networks)
    }

    mutating func extract() {
        for call in context.calls {
            scan(call)
        }
        markInputOptimizers()
        for call in compileCalls {
            compile(call)
        }
        sortByPosition()
        linkSchedules()
        findTrainingSteps()
        if linksLoneNetwork { linkSingleNetwork() }
    }

    // MARK: One pass over the calls

    private mutating func scan(_ call: Node) {
        guard let callee = call.child(field: .function) else { return }
        if isCompileCall(call, callee: callee) {
            compileCalls.append(call)
            return
        }
        guard let qualified = context.qualifiedName(of: callee) else { return }
        let last = AnalysisContext.lastComponent(qualified)
        if let loss = lossConstructor(call, callee: callee, qualified: qualified, last: last) {
            add(loss, at: call.startByte)
            if let name = NetworkExtractor.boundName(of: call) { lossNames.insert(name) }
        } else if let loss = functionalLoss(call, callee: callee, qualified: qualified, last: last) {
            add(loss, at: callee.startByte)
        } else if let entry = LossCatalog.tensorflow1(qualifiedName: qualified) {
            // `tf.losses.softmax_cross_entropy(y, logits)`, `tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)`.
            tensorflowLossStarts.insert(callee.startByte)
            add(
                Loss(
                    framework: .keras, name: entry.name, kind: entry.kind, form: .function, span: context.span(callee)),
                at: callee.startByte)
        } else if let entry = OptimizerCatalog.optimizer(qualifiedName: qualified) {
            let arguments = context.arguments(of: call)
            let rate =
                Argument.find(in: arguments, keyword: "learning_rate", position: entry.learningRatePosition)
                ?? Argument.find(in: arguments, keyword: "lr")
            optimizerAt[call.startByte] = optimizers.count
            optimizers.append(
                Optimizer(
                    framework: entry.framework, className: entry.className, family: entry.family,
                    learningRate: rate, span: context.span(call)))
        } else if let schedule = OptimizerCatalog.kerasSchedule(qualifiedName: qualified) {
            scheduleAt[call.startByte] = firstRate(of: call, schedule: schedule, className: last)
        } else if let keepsRate = OptimizerCatalog.torchSchedulerKeepsOptimizerRate(qualifiedName: qualified),
            let optimizer = keywordOrPositional(call, keyword: "optimizer", position: 0)
        {
            torchSchedulers.append((optimizer, keepsRate))
        }
    }

    /// `keras.losses.SparseCategoricalCrossentropy(from_logits=True)`, `nn.CrossEntropyLoss()`.
    private func lossConstructor(_ call: Node, callee: Node, qualified: String, last: String) -> Loss? {
        if LossCatalog.isKerasLossNamespace(qualified), let entry = LossCatalog.keras(class: last) {
            let arguments = context.arguments(of: call)
            let fromLogits = Argument.find(
                in: arguments, keyword: "from_logits",
                position: LossCatalog.kerasFromLogitsPosition(class: last))
            return Loss(
                framework: .keras, name: entry.name, kind: entry.kind, form: .instance, fromLogits: fromLogits,
                span: context.span(call))
        }
        if qualified.hasPrefix("torch.nn."), let entry = LossCatalog.torch(class: last) {
            return Loss(
                framework: .pytorch, name: entry.name, kind: entry.kind, form: .instance, span: context.span(call))
        }
        return nil
    }

    /// `F.cross_entropy(out, y)`, `keras.losses.sparse_categorical_crossentropy(y, p, from_logits=True)`.
    private func functionalLoss(_ call: Node, callee: Node, qualified: String, last: String) -> Loss? {
        if qualified.hasPrefix("torch.nn.functional."), let entry = LossCatalog.torch(function: last) {
            return Loss(
                framework: .pytorch, name: entry.name, kind: entry.kind, form: .function, span: context.span(callee))
        }
        if LossCatalog.isKerasLossNamespace(qualified), let entry = LossCatalog.keras(function: last),
            last.first?.isLowercase == true
        {
            let fromLogits = Argument.find(
                in: context.arguments(of: call), keyword: "from_logits",
                position: LossCatalog.kerasFromLogitsPosition(function: entry.name))
            return Loss(
                framework: .keras, name: entry.name, kind: entry.kind, form: .function, fromLogits: fromLogits,
                span: context.span(callee))
        }
        return nil
    }

    /// The argument holding a Keras schedule's first learning rate. `CosineDecay` with a warm-up
    /// starts low on purpose and climbs to `warmup_target`, which is then the rate that matters.
    private func firstRate(of call: Node, schedule: (keyword: String, position: Int), className: String) -> Argument? {
        let arguments = context.arguments(of: call)
        if className == "CosineDecay", let target = Argument.find(in: arguments, keyword: "warmup_target"),
            target.value != .none
        {
            return target
        }
        guard let argument = Argument.find(in: arguments, keyword: schedule.keyword, position: schedule.position) else {
            return nil
        }
        guard schedule.keyword == "values" else { return argument }
        // PiecewiseConstantDecay(boundaries, values=[1e-2, 1e-3]): the first value applies first.
        guard let list = context.tree.root.descendant(spanning: argument.valueSpan.byteRange),
            list.type == "list" || list.type == "tuple",
            let first = list.namedChildren.first(where: { $0.type != "comment" })
        else { return nil }
        return Argument(
            keyword: nil, position: 0, value: context.constants.evaluate(first), text: first.text,
            span: context.span(first), valueSpan: context.span(first))
    }

    mutating func add(_ loss: Loss, at start: Int) {
        guard lossAt[start] == nil else { return }
        lossAt[start] = losses.count
        losses.append(loss)
    }

    // MARK: Ordering and links

    /// Puts losses and optimizers in source order, renumbering every index that points at them.
    private mutating func sortByPosition() {
        let lossOrder = losses.indices.sorted { losses[$0].span < losses[$1].span }
        var newLossIndex = [Int](repeating: 0, count: losses.count)
        for (new, old) in lossOrder.enumerated() { newLossIndex[old] = new }
        losses = lossOrder.map { losses[$0] }
        lossAt = lossAt.mapValues { newLossIndex[$0] }

        let optimizerOrder = optimizers.indices.sorted { optimizers[$0].span < optimizers[$1].span }
        var newOptimizerIndex = [Int](repeating: 0, count: optimizers.count)
        for (new, old) in optimizerOrder.enumerated() { newOptimizerIndex[old] = new }
        optimizers = optimizerOrder.map { optimizers[$0] }
        optimizerAt = optimizerAt.mapValues { newOptimizerIndex[$0] }

        for index in compiles.indices {
            compiles[index].lossIndex = compiles[index].lossIndex.map { newLossIndex[$0] }
            compiles[index].optimizerIndex = compiles[index].optimizerIndex.map { newOptimizerIndex[$0] }
        }
    }

    /// Marks optimizers whose rate is a Keras schedule or that a PyTorch scheduler drives.
    private mutating func linkSchedules() {
        for index in optimizers.indices {
            guard let rate = optimizers[index].learningRate, !rate.value.isKnown,
                let node = context.tree.root.descendant(spanning: rate.valueSpan.byteRange),
                let call = context.constructorCall(of: node), let initial = scheduleAt[call.startByte]
            else { continue }
            optimizers[index].isSchedule = true
            optimizers[index].initialLearningRate = initial
        }
        for (expression, keepsRate) in torchSchedulers {
            guard let call = context.constructorCall(of: expression), let index = optimizerAt[call.startByte] else {
                continue
            }
            optimizers[index].isSchedule = true
            optimizers[index].initialLearningRate = keepsRate ? optimizers[index].learningRate : nil
        }
    }

    /// With exactly one network and one loss that nothing linked, they belong together, unless
    /// the loss is compiled on another model (an inference wrapper's inner model is compiled; the
    /// wrapper, never compiled, has no training loss of its own) or the network has several
    /// outputs (which one the loss reads is unknown).
    private mutating func linkSingleNetwork() {
        guard networks.count == 1, losses.count == 1, losses[0].networkName == nil,
            losses[0].framework == networks[0].framework,
            !compiledOnUnknownModel.contains(losses[0].span.startByte), !hasSeveralOutputs(0),
            inRelatedScopes(networks[0].span.startByte, losses[0].span.startByte),
            !inAnotherModelClass(losses[0].span.startByte, network: networks[0])
        else { return }
        losses[0].networkName = networks[0].name
        for index in steps.indices where steps[index].networkName == nil {
            steps[index].networkName = networks[0].name
        }
    }

    // MARK: Helpers

    /// Whether `offset` (a loss) is inside a class other than the network's own that has a
    /// `forward` or `call` of its own: a model Umlaut did not take for a network (its base class
    /// is unknown), which holds the lone network as a part (RecBole's `CORE` with `self.net =
    /// TransNet(...)`); its loss trains that model's output, not the part's.
    func inAnotherModelClass(_ offset: Int, network: Network) -> Bool {
        guard let owner = context.enclosingClass(of: offset), !owner.byteRange.contains(network.span.startByte),
            let body = owner.child(field: .body)
        else { return false }
        return body.namedChildren.contains { statement in
            let definition = statement.kind == .decoratedDefinition ? statement.child(field: .definition) : statement
            guard let definition, definition.kind == .functionDefinition else { return false }
            let name = definition.child(field: .name)?.text
            return name == "forward" || name == "call"
        }
    }

    /// Whether two places can share names: one is at module level, or both are in the same
    /// function (a network in one test function and a loss in another are unrelated).
    func inRelatedScopes(_ first: Int, _ second: Int) -> Bool {
        guard let one = context.enclosingFunction(of: first), let other = context.enclosingFunction(of: second) else {
            return true
        }
        return one == other
    }

    /// A keyword argument's value, or else a positional argument's.
    func keywordOrPositional(_ call: Node, keyword: String, position: Int) -> Node? {
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return nil }
        for argument in list.namedChildren where argument.type == "keyword_argument" {
            if argument.child(field: .name)?.text == keyword { return argument.child(field: .value) }
        }
        let positional = DataFlowTracer.positionalArguments(of: call)
        return position < positional.count ? positional[position] : nil
    }
}
