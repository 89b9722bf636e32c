import PythonSyntax

/// Pass 3: where training data comes from and what happens to it.
///
/// Fills `ScriptModel.datasets` (loaders, with their scaling), `fits` (Keras `fit` calls with
/// their data traced back to its variables and datasets), `networkCalls` (`model(x)` outside
/// `fit`) and `imageDataFormats`. Runs after `NetworkExtraction` and reads `model.networks` to
/// know which variables hold networks and which normalising layers they start with.
///
/// One pass over the precomputed `context.calls` that looks only at callees (resolving names
/// just for the few that may be loaders, settings or scaling layers), then one `DataFlow` trace
/// per assignment that may scale, per `fit` argument and per network call (memoised, so about
/// linear in the size of the data paths). Never fails; code it does not understand makes data
/// "unknown", which keeps the data rules silent.
enum DataExtraction {
    static func run(_ context: AnalysisContext, into model: inout ScriptModel) {
        var pass = DataPass(context: context, networks: model.networks)
        pass.run()
        model.datasets = pass.datasets
        model.fits = pass.fits
        model.evaluations = pass.evaluations
        model.networkCalls = pass.networkCalls
        model.imageDataFormats = pass.formats
    }
}

/// The state of one run of `DataExtraction`.
struct DataPass {
    let context: AnalysisContext
    let networks: [Network]
    let flow: DataFlow
    var datasets: [Dataset] = []
    var fits: [FitCall] = []
    var evaluations: [EvaluationCall] = []
    var networkCalls: [NetworkCall] = []
    var formats: [DataFormatSetting] = []

    /// Variables that hold networks, by scope.
    var networkVariables: NetworkVariables
    /// Start bytes of calls that compute or apply gradients, sorted.
    var gradientCalls: [Int] = []
    /// Normalising layers and self-normalising application models anywhere in the script.
    var modelScalings: [Scaling] = []
    var scalingKeys: Set<ScalingKey> = []

    struct ScalingKey: Hashable {
        var dataset: Int
        var start: Int
        var end: Int
        var description: String
    }

    /// Libraries whose `fit` is not Keras'.
    static let foreignEstimatorModules: Set<String> = [
        "sklearn", "xgboost", "lightgbm", "catboost", "pytorch_lightning", "lightning", "statsmodels", "skorch",
        "scipy",
        "umap", "hdbscan", "gensim", "prophet", "imblearn", "keras_tuner",
    ]

    init(context: AnalysisContext, networks: [Network]) {
        self.context = context
        self.networks = networks
        networkVariables = NetworkVariables(context: context)
        flow = DataFlow(context: context)
    }

    mutating func run() {
        for (index, network) in networks.enumerated() where network.style != .subclass {
            networkVariables.bind(network.name, at: network.span.startByte, network: index)
        }
        let subclasses = Dictionary(
            networks.enumerated().filter { $0.element.style == .subclass }.map { ($0.element.name, $0.offset) },
            uniquingKeysWith: { first, _ in first })
        var fitNodes: [Node] = []
        var evaluationNodes: [Node] = []
        var calledByName: [Node] = []
        var inPlaceScalings: [Node] = []
        var appends: [String: [Node]] = [:]
        var callsByName: [String: [Node]] = [:]
        var interesting: [Node] = []
        // One pass over every call, touching only its callee; the few calls that may matter
        // are looked at closely afterwards.
        for call in context.calls {
            guard let function = call.child(field: .function) else { continue }
            switch function.type {
            case "identifier":
                let name = function.text
                if flow.functions[name] != nil { callsByName[name, default: []].append(call) }
                calledByName.append(call)
                if isInteresting(name: name, subclasses: subclasses) { interesting.append(call) }
            case "attribute":
                guard let method = function.child(field: .attribute)?.text,
                    let receiver = function.child(field: .object)
                else { continue }
                if isInteresting(method: method, receiver: receiver) { interesting.append(call) }
                if DataCatalog.gradientMethods.contains(method) { gradientCalls.append(call.startByte) }
                if DataCatalog.scalingMethods.contains(method), method.hasSuffix("_") { inPlaceScalings.append(call) }
                switch method {
                case "append":
                    if receiver.type == "identifier", let argument = DataFlow.firstPositionalArgument(of: call) {
                        appends[receiver.text, default: []].append(argument)
                    }
                case "fit", "fit_generator":
                    fitNodes.append(call)
                case "evaluate", "predict", "evaluate_generator", "predict_generator":
                    evaluationNodes.append(call)
                case "compile", "parameters", "named_parameters":
                    if receiver.type == "identifier" {
                        networkVariables.bind(receiver.text, at: receiver.startByte, network: nil)
                    }
                default:
                    break
                }
            case "call":
                // `ImageDataGenerator(...).flow_from_directory(...)` is an attribute of a call;
                // `Rescaling(1./255)(x)` a call of one: both are found through their callees.
                continue
            default:
                continue
            }
        }
        flow.appends = appends
        flow.callsByName = callsByName
        var datasetsByCall: [Range<Int>: Int] = [:]
        for call in interesting {
            let name = flow.calleeName(call)
            if let loader = loader(call, name: name) {
                datasetsByCall[call.byteRange] = datasets.count
                datasets.append(loader)
                continue
            }
            guard let name else { continue }
            noteNetworkConstruction(call, name: name, subclasses: subclasses)
            if let setting = dataFormatSetting(call, name: name) { formats.append(setting) }
            if let scaling = modelScaling(call, name: name) { modelScalings.append(scaling) }
        }
        gradientCalls.sort()
        flow.datasetsByCall = datasetsByCall
        flow.networkVariables = networkVariables

        // Assignments first, in source order: each trace then finds the ones before it memoised,
        // which keeps recursion shallow for the traces that follow.
        for assignment in flow.assignments where flow.mayScale(assignment) {
            record(flow.trace(binding: assignment))
            if assignment.augmentedOperator != nil { recordInPlaceLoop(assignment) }
        }
        for call in inPlaceScalings {
            // `x.div_(255)` as a statement scales `x` where it stands.
            record(flow.trace(call))
        }
        for call in fitNodes {
            if let fit = fitCall(call) { fits.append(fit) }
        }
        for call in evaluationNodes {
            if let evaluation = evaluationCall(call) { evaluations.append(evaluation) }
        }
        for call in calledByName {
            if let networkCall = networkCall(call) { networkCalls.append(networkCall) }
        }
        for index in datasets.indices {
            datasets[index].scaling.sort { $0.span < $1.span }
        }
    }

    /// Whether a call may be a loader, a layout setting, a scaling layer or a network
    /// constructor, judged from its callee's last name (and what its head is bound to):
    /// resolving every call's qualified name would cost more than the rest of the pass.
    func isInteresting(name: String, subclasses: [String: Int]) -> Bool {
        if DataCatalog.interestingCallees.contains(name) || subclasses[name] != nil { return true }
        // `EfficientNetB0(...)` after `from keras.applications import EfficientNetB0`.
        guard let bound = context.imports.bindings[name] else { return false }
        return bound.contains(".applications.") || bound.contains(".models.")
    }

    func isInteresting(method: String, receiver: Node) -> Bool {
        if DataCatalog.interestingCallees.contains(method) { return true }
        // `keras.applications.ResNet50(...)`, `models.resnet18()`.
        let module: String?
        switch receiver.type {
        case "attribute": module = receiver.child(field: .attribute)?.text
        case "identifier": module = context.imports.bindings[receiver.text].map { String($0.lastDottedPart ?? "") }
        default: module = nil
        }
        return module == "applications" || module == "models"
    }

    // MARK: Networks and settings

    /// Notes variables bound to networks: instances of subclassed networks, and models from
    /// Keras applications, torchvision and `load_model`.
    mutating func noteNetworkConstruction(_ call: Node, name: String, subclasses: [String: Int]) {
        let index = subclasses[name]
        guard index != nil || DataCatalog.makesNetwork(name) else { return }
        var chain = flow.ancestors(of: call)
        var node = call
        // `model = Net().to(device)`
        while chain.count > 1, let parent = chain.last, parent.type == "attribute",
            chain[chain.count - 2].type == "call",
            let method = parent.child(field: .attribute)?.text,
            ["to", "cuda", "cpu", "double", "float", "eval", "train"].contains(method)
        {
            node = chain[chain.count - 2]
            chain.removeLast(2)
        }
        guard let parent = chain.last, parent.type == "assignment", parent.child(field: .right) == node,
            let left = parent.child(field: .left), left.type == "identifier" || left.type == "attribute"
        else { return }
        networkVariables.bind(left.text, at: left.startByte, network: index)
    }

    func dataFormatSetting(_ call: Node, name: String) -> DataFormatSetting? {
        guard name.hasPrefix("keras.") else { return nil }
        let last = name.lastDottedPart ?? ""
        switch last {
        case "set_image_data_format", "set_image_dim_ordering":
            let argument = DataFlow.positionalArguments(of: call).first ?? flow.keywordArgument(call, "data_format")
            var format = argument.flatMap { context.constants.evaluate($0).string }
            if format == "th" { format = "channels_first" }
            if format == "tf" { format = "channels_last" }
            if format != "channels_first" && format != "channels_last" { format = nil }
            return DataFormatSetting(
                format: format, isRead: false, span: SourceSpan(call), argumentSpan: argument.map(SourceSpan.init))
        case "image_data_format", "image_dim_ordering":
            return DataFormatSetting(format: nil, isRead: true, span: SourceSpan(call))
        default:
            return nil
        }
    }

    /// A layer that scales whatever a model is fed (`Rescaling`, `Normalization`), an
    /// application model that does so itself, or an application's `preprocess_input` (usually
    /// applied inside a functional model: `x = preprocess_input(inputs)`).
    func modelScaling(_ call: Node, name: String) -> Scaling? {
        let last = String(name.lastDottedPart ?? "")
        if last == "preprocess_input" {
            return Scaling(description: "\(DataCatalog.shortName(name))", variable: nil, span: SourceSpan(call))
        }
        if DataCatalog.scalingLayers.contains(last),
            name.hasPrefix("keras.") || (!name.contains(".") && context.imports.frameworks.contains(.keras))
        {
            let first = DataFlow.positionalArguments(of: call).first?.text
            return Scaling(description: "\(last)(\(first ?? "")) layer", variable: nil, span: SourceSpan(call))
        }
        if DataCatalog.appliesOwnPreprocessing(name) {
            return Scaling(description: "\(last) rescales its inputs itself", variable: nil, span: SourceSpan(call))
        }
        return nil
    }

    // MARK: References and scaling

    mutating func reference(_ node: Node, pending: [Int]) -> DataReference {
        let trace = flow.trace(node, pending: pending)
        record(trace)
        return DataReference(
            text: node.text, span: SourceSpan(node), root: trace.isOpen ? nil : trace.root,
            rootSpan: trace.isOpen ? nil : trace.rootSpan,
            isSlice: !trace.slices.isEmpty, slices: trace.slices, datasetIndex: trace.datasetIndex,
            steps: trace.steps.map(\.step))
    }

    /// `for array in (x_train, x_test): array /= 255` scales each array in place.
    mutating func recordInPlaceLoop(_ assignment: ScopeIndex.Assignment) {
        guard
            case .loop(var iterable, let path, _) = flow.binding(
                of: assignment.name, at: assignment.target, excluding: assignment.offset),
            path.isEmpty
        else { return }
        while iterable.type == "parenthesized_expression", let inner = DataFlow.firstNamedChild(iterable) {
            iterable = inner
        }
        guard ["tuple", "list"].contains(iterable.type) else { return }
        let step = flow.trace(binding: assignment).steps.last
        guard let step, step.step.kind == .scaling, step.step.span == SourceSpan(assignment.statement) else { return }
        for element in DataFlow.elements(of: iterable) {
            guard let dataset = flow.trace(element).datasetIndex else { continue }
            add(
                Scaling(
                    description: step.step.description, variable: ImportTable.dottedName(element), span: step.step.span),
                to: dataset)
        }
    }

    /// Adds a trace's scaling steps to its dataset.
    mutating func record(_ trace: DataFlow.Trace) {
        guard let dataset = trace.datasetIndex else { return }
        for step in trace.steps where step.step.kind == .scaling {
            add(Scaling(description: step.step.description, variable: step.variable, span: step.step.span), to: dataset)
        }
    }

    mutating func add(_ scaling: Scaling, to dataset: Int) {
        let key = ScalingKey(
            dataset: dataset, start: scaling.span.startByte, end: scaling.span.endByte, description: scaling.description
        )
        guard dataset < datasets.count, scalingKeys.insert(key).inserted else { return }
        datasets[dataset].scaling.append(scaling)
    }

    /// Records the scaling a model applies to data it is trained on: Keras normalising layers
    /// anywhere in the script (they are almost always at the start of the model), and
    /// normalising layers before the first weighted layer of the network itself.
    mutating func addModelScaling(to dataset: Int, networkIndex: Int?, isKeras: Bool) {
        if isKeras {
            for scaling in modelScalings { add(scaling, to: dataset) }
        }
        guard let networkIndex, networkIndex < networks.count else { return }
        let network = networks[networkIndex]
        // Keras' `Rescaling` and `Normalization` are counted above wherever they are.
        for layer in network.layers {
            if [.linear, .recurrent, .embedding].contains(layer.kind) { break }
            if layer.kind == .normalization {
                add(
                    Scaling(
                        description: "\(layer.className) layer of `\(network.name)`", variable: nil, span: layer.span),
                    to: dataset)
            } else if layer.className == "Lambda" {
                add(
                    Scaling(
                        description: "Lambda layer of `\(network.name)` (may scale)", variable: nil, span: layer.span),
                    to: dataset)
            }
        }
    }
}
