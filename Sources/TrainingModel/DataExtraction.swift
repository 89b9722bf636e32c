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

    /// Network variables → index into `networks` when known (nil: a network Umlaut did not extract).
    private var networkVariables: [String: Int?] = [:]
    /// Start bytes of calls that compute or apply gradients, sorted.
    private var gradientCalls: [Int] = []
    /// Normalising layers and self-normalising application models anywhere in the script.
    private var modelScalings: [Scaling] = []
    private var scalingKeys: Set<ScalingKey> = []

    private struct ScalingKey: Hashable {
        var dataset: Int
        var start: Int
        var end: Int
        var description: String
    }

    /// Libraries whose `fit` is not Keras'.
    private static let foreignEstimatorModules: Set<String> = [
        "sklearn", "xgboost", "lightgbm", "catboost", "pytorch_lightning", "lightning", "statsmodels", "skorch", "scipy",
        "umap", "hdbscan", "gensim", "prophet", "imblearn", "keras_tuner",
    ]

    init(context: AnalysisContext, networks: [Network]) {
        self.context = context
        self.networks = networks
        flow = DataFlow(context: context)
    }

    mutating func run() {
        for (index, network) in networks.enumerated() where network.style != .subclass {
            networkVariables[network.name] = index
        }
        let subclasses = Dictionary(networks.enumerated().filter { $0.element.style == .subclass }.map { ($0.element.name, $0.offset) },
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
                guard let method = function.child(field: .attribute)?.text, let receiver = function.child(field: .object) else { continue }
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
                    if receiver.type == "identifier", networkVariables[receiver.text] == nil { networkVariables[receiver.text] = .some(nil) }
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
        flow.networkVariables = Set(networkVariables.keys)

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
    private func isInteresting(name: String, subclasses: [String: Int]) -> Bool {
        if DataCatalog.interestingCallees.contains(name) || subclasses[name] != nil { return true }
        // `EfficientNetB0(...)` after `from keras.applications import EfficientNetB0`.
        guard let bound = context.imports.bindings[name] else { return false }
        return bound.contains(".applications.") || bound.contains(".models.")
    }

    private func isInteresting(method: String, receiver: Node) -> Bool {
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

    // MARK: Loaders

    /// The dataset a call loads, if it is a loader.
    private mutating func loader(_ call: Node, name: String?) -> Dataset? {
        // `ImageDataGenerator(...).flow_from_directory(...)` has no dotted name: its method decides.
        guard let name = name ?? call.child(field: .function)?.child(field: .attribute)?.text else { return nil }
        let parts = name.split(separator: ".").map(String.init)
        let last = parts.last ?? ""
        let span = SourceSpan(call)
        let usesKeras = context.imports.frameworks.contains(.keras)
        var variables: [String] { boundNames(of: call) }
        if parts.count == 4, parts[0] == "keras", parts[1] == "datasets", last == "load_data" {
            let layout = DataCatalog.kerasImageDatasets[parts[2]]
            return Dataset(variables: variables, origin: .kerasDataset(parts[2]), isRawImages: layout != nil, layout: layout, span: span)
        }
        if last == "image_dataset_from_directory", name.hasPrefix("keras.") || (parts.count == 1 && usesKeras) {
            return Dataset(variables: variables, origin: .imageLoader("image_dataset_from_directory"), isRawImages: true,
                           layout: .channelsLast, span: span)
        }
        if last == "flow_from_directory" || last == "flow_from_dataframe",
           let receiver = call.child(field: .function)?.child(field: .object), flow.constructorName(receiver) == "ImageDataGenerator" {
            let steps = flow.generatorSteps(receiver)
            var dataset = Dataset(variables: variables, origin: .imageLoader("ImageDataGenerator.\(last)"),
                                  isRawImages: steps.isEmpty, layout: .channelsLast, span: span)
            dataset.scaling = steps.filter { $0.step.kind == .scaling }.map {
                Scaling(description: $0.step.description, variable: variables.first, span: $0.step.span)
            }
            return dataset
        }
        if name.hasPrefix("torchvision.datasets."), DataCatalog.torchvisionImageDatasets.contains(last) {
            return torchvisionDataset(call, name: last, variables: variables)
        }
        if DataCatalog.torchImageReaders.contains(name) {
            return Dataset(variables: variables, origin: .imageLoader(name), isRawImages: true, layout: .channelsFirst, span: span)
        }
        if let reader = DataCatalog.imageReaders[name] {
            var layout = ImageLayout.channelsLast
            if name == "cv2.imread", let flag = DataFlow.positionalArguments(of: call).dropFirst().first ?? flow.keywordArgument(call, "flags"),
               flag.text.hasSuffix("IMREAD_GRAYSCALE") || flag.text == "0" {
                layout = .noChannelAxis
            }
            return Dataset(variables: variables, origin: .imageLoader(reader), isRawImages: true, layout: layout, span: span)
        }
        if name == "matplotlib.pyplot.imread" || name == "matplotlib.image.imread" {
            // PNGs come back as floats in [0, 1]; only other formats are raw for sure.
            let path = DataFlow.positionalArguments(of: call).first.map { context.constants.evaluate($0) }?.string?.lowercased()
            let isRaw = path.map { [".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif"].contains(where: $0.hasSuffix) } ?? false
            return Dataset(variables: variables, origin: .imageLoader("plt.imread"), isRawImages: isRaw, layout: .channelsLast, span: span)
        }
        if name == "tensorflow_datasets.load" {
            let dataset = (DataFlow.positionalArguments(of: call).first ?? flow.keywordArgument(call, "name"))
                .flatMap { context.constants.evaluate($0).string }
            let base = dataset.map { String($0.prefix { $0 != ":" && $0 != "/" }) } ?? ""
            if DataCatalog.tfdsImageDatasets.contains(base) {
                return Dataset(variables: variables, origin: .imageLoader("tfds.load(\"\(base)\")"), isRawImages: true,
                               layout: .channelsLast, span: span)
            }
            return Dataset(variables: variables, origin: .other("tfds.load"), isRawImages: false, span: span)
        }
        if name == "sklearn.datasets.fetch_openml" {
            let dataset = (flow.keywordArgument(call, "name") ?? DataFlow.positionalArguments(of: call).first)
                .flatMap { context.constants.evaluate($0).string }
            let isImages = dataset.map { ["mnist_784", "Fashion-MNIST", "Kuzushiji-MNIST", "CIFAR_10"].contains($0) } ?? false
            return Dataset(variables: variables, origin: isImages ? .imageLoader("fetch_openml(\"\(dataset!)\")") : .other("fetch_openml"),
                           isRawImages: isImages, span: span)
        }
        if let short = DataCatalog.otherLoaders[name] {
            return Dataset(variables: variables, origin: .other(short), isRawImages: false, span: span)
        }
        return nil
    }

    /// A torchvision dataset: raw PIL images unless its `transform` scales them.
    private func torchvisionDataset(_ call: Node, name: String, variables: [String]) -> Dataset {
        let span = SourceSpan(call)
        let position = name == "ImageFolder" ? 1 : (["MNIST", "FashionMNIST", "KMNIST", "QMNIST", "CIFAR10", "CIFAR100", "USPS"].contains(name) ? 2 : nil)
        var transform = flow.keywordArgument(call, "transform")
        if transform == nil, let position {
            let positional = DataFlow.positionalArguments(of: call)
            if position < positional.count { transform = positional[position] }
        }
        var dataset = Dataset(variables: variables, origin: .imageLoader("torchvision.datasets.\(name)"), isRawImages: true, span: span)
        guard let transform, transform.type != "none" else { return dataset }
        var isUnknown = false
        for element in transformCalls(transform) {
            guard let call = element, let qualified = flow.calleeName(call) else {
                isUnknown = true
                continue
            }
            let last = String(qualified.lastDottedPart ?? "")
            guard qualified.hasPrefix("torchvision.transforms") || !qualified.contains("."),
                  var effect = DataCatalog.torchvisionTransforms[last] else {
                isUnknown = true
                continue
            }
            if last == "ToDtype", flow.keywordArgument(call, "scale").map({ context.constants.evaluate($0).bool != true }) ?? true {
                effect = .keepsValues
            }
            if DataCatalog.channelsFirstTransforms.contains(last) { dataset.layout = .channelsFirst }
            if case .scales = effect {
                dataset.scaling.append(Scaling(description: "\(last)()", variable: variables.first, span: SourceSpan(call)))
            }
        }
        dataset.isRawImages = dataset.scaling.isEmpty && !isUnknown
        return dataset
    }

    /// The transform calls of a torchvision `transform=` value: the elements of a `Compose`,
    /// or the single transform; nil entries for what is not a call.
    private func transformCalls(_ node: Node) -> [Node?] {
        guard let call = node.type == "call" ? node : flow.constructorCall(node) else { return [nil] }
        guard flow.calleeName(call)?.hasSuffix("Compose") == true else { return [call] }
        guard let list = DataFlow.positionalArguments(of: call).first ?? flow.keywordArgument(call, "transforms"),
              list.type == "list" || list.type == "tuple" else { return [nil] }
        return DataFlow.elements(of: list).map { $0.type == "call" ? $0 : flow.constructorCall($0) }
    }

    /// The variables a loader call's result is assigned to, through conversions around it
    /// (`img = np.array(Image.open(p).convert("RGB"))`), flattened in order.
    private func boundNames(of call: Node) -> [String] {
        var chain = flow.ancestors(of: call)
        var node = call
        while let parent = chain.last, chain.count > 1 {
            let outer = chain[chain.count - 2]
            if parent.type == "parenthesized_expression" {
                node = parent
                chain.removeLast()
            } else if parent.type == "argument_list", outer.type == "call", let name = flow.calleeName(outer),
                      DataCatalog.passThroughFunctions.contains(name), DataFlow.positionalArguments(of: outer).first == node {
                node = outer
                chain.removeLast(2)
            } else if parent.type == "attribute", parent.child(field: .object) == node, outer.type == "call",
                      outer.child(field: .function) == parent, let method = parent.child(field: .attribute)?.text,
                      DataCatalog.passThroughMethods.contains(method) {
                node = outer
                chain.removeLast(2)
            } else {
                break
            }
        }
        guard let parent = chain.last, parent.type == "assignment", parent.child(field: .right) == node,
              let left = parent.child(field: .left) else { return [] }
        return Self.names(in: left)
    }

    private static func names(in pattern: Node) -> [String] {
        switch pattern.type {
        case "identifier", "attribute": return [pattern.text]
        case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression":
            return DataFlow.elements(of: pattern).flatMap { names(in: $0) }
        default: return []
        }
    }

    // MARK: Networks and settings

    /// Notes variables bound to networks: instances of subclassed networks, and models from
    /// Keras applications, torchvision and `load_model`.
    private mutating func noteNetworkConstruction(_ call: Node, name: String, subclasses: [String: Int]) {
        let index = subclasses[name]
        guard index != nil || DataCatalog.makesNetwork(name) else { return }
        var chain = flow.ancestors(of: call)
        var node = call
        // `model = Net().to(device)`
        while chain.count > 1, let parent = chain.last, parent.type == "attribute", chain[chain.count - 2].type == "call",
              let method = parent.child(field: .attribute)?.text, ["to", "cuda", "cpu", "double", "float", "eval", "train"].contains(method) {
            node = chain[chain.count - 2]
            chain.removeLast(2)
        }
        guard let parent = chain.last, parent.type == "assignment", parent.child(field: .right) == node,
              let left = parent.child(field: .left), left.type == "identifier" || left.type == "attribute" else { return }
        if networkVariables[left.text] == nil || index != nil { networkVariables[left.text] = index }
    }

    private func dataFormatSetting(_ call: Node, name: String) -> DataFormatSetting? {
        guard name.hasPrefix("keras.") else { return nil }
        let last = name.lastDottedPart ?? ""
        switch last {
        case "set_image_data_format", "set_image_dim_ordering":
            let argument = DataFlow.positionalArguments(of: call).first ?? flow.keywordArgument(call, "data_format")
            var format = argument.flatMap { context.constants.evaluate($0).string }
            if format == "th" { format = "channels_first" }
            if format == "tf" { format = "channels_last" }
            if format != "channels_first" && format != "channels_last" { format = nil }
            return DataFormatSetting(format: format, isRead: false, span: SourceSpan(call), argumentSpan: argument.map(SourceSpan.init))
        case "image_data_format", "image_dim_ordering":
            return DataFormatSetting(format: nil, isRead: true, span: SourceSpan(call))
        default:
            return nil
        }
    }

    /// A layer that scales whatever a model is fed (`Rescaling`, `Normalization`), an
    /// application model that does so itself, or an application's `preprocess_input` (usually
    /// applied inside a functional model: `x = preprocess_input(inputs)`).
    private func modelScaling(_ call: Node, name: String) -> Scaling? {
        let last = String(name.lastDottedPart ?? "")
        if last == "preprocess_input" {
            return Scaling(description: "\(DataCatalog.shortName(name))", variable: nil, span: SourceSpan(call))
        }
        if DataCatalog.scalingLayers.contains(last), name.hasPrefix("keras.") || (!name.contains(".") && context.imports.frameworks.contains(.keras)) {
            let first = DataFlow.positionalArguments(of: call).first?.text
            return Scaling(description: "\(last)(\(first ?? "")) layer", variable: nil, span: SourceSpan(call))
        }
        if DataCatalog.appliesOwnPreprocessing(name) {
            return Scaling(description: "\(last) rescales its inputs itself", variable: nil, span: SourceSpan(call))
        }
        return nil
    }

    // MARK: fit

    private mutating func fitCall(_ call: Node) -> FitCall? {
        guard let function = call.child(field: .function), let receiver = function.child(field: .object),
              let method = function.child(field: .attribute)?.text else { return nil }
        let networkIndex = networkVariables[receiver.text] ?? nil
        if networkVariables[receiver.text] == nil {
            guard context.imports.frameworks.contains(.keras), !isForeignEstimator(receiver),
                  !isImportedName(receiver) else { return nil }
        }
        var fit = FitCall(networkName: receiver.text, span: SourceSpan(call))
        fit.networkIndex = networkIndex
        let isGenerator = method == "fit_generator"
        let xNode = argumentNode(call, keyword: isGenerator ? "generator" : "x", position: 0)
        let yNode = isGenerator ? nil : argumentNode(call, keyword: "y", position: 1)
        if let xNode { fit.x = reference(xNode, pending: yNode == nil ? [0] : []) }
        if let yNode { fit.y = reference(yNode, pending: []) }
        fit.epochs = argument(call, keyword: "epochs", position: isGenerator ? 2 : 3)
        fit.batchSize = isGenerator ? nil : argument(call, keyword: "batch_size", position: 2)
        fit.validationSplit = isGenerator ? nil : argument(call, keyword: "validation_split", position: 6)
        fit.validationData = argument(call, keyword: "validation_data", position: isGenerator ? 5 : 7, evaluate: false)
        if let validation = argumentNode(call, keyword: "validation_data", position: isGenerator ? 5 : 7) {
            var pair = validation
            while pair.type == "parenthesized_expression", let inner = DataFlow.firstNamedChild(pair) { pair = inner }
            if pair.type == "identifier", case .assignment(let assignment) = flow.binding(of: pair.text, at: pair),
               assignment.path.isEmpty, assignment.augmentedOperator == nil, ["tuple", "list"].contains(assignment.value.type) {
                pair = assignment.value
            }
            let elements = ["tuple", "list"].contains(pair.type) ? DataFlow.elements(of: pair) : []
            if elements.count >= 2 {
                fit.validationX = reference(elements[0], pending: [])
                fit.validationY = reference(elements[1], pending: [])
            } else {
                fit.validationX = reference(validation, pending: [0])
            }
        }
        if let x = fit.x, let dataset = x.datasetIndex {
            addModelScaling(to: dataset, networkIndex: networkIndex, isKeras: true)
        }
        return fit
    }

    /// `model.evaluate(x, y)`, `model.predict(x)`: only on a receiver that holds a network or is
    /// fitted or compiled in the script (a scaler's or pipeline's `predict` is not followed).
    private mutating func evaluationCall(_ call: Node) -> EvaluationCall? {
        guard let function = call.child(field: .function), let receiver = function.child(field: .object),
              let method = function.child(field: .attribute)?.text,
              networkVariables[receiver.text] != nil || fits.contains(where: { $0.networkName == receiver.text }),
              !isForeignEstimator(receiver), !isImportedName(receiver) else { return nil }
        var evaluation = EvaluationCall(networkName: receiver.text, networkIndex: networkVariables[receiver.text] ?? nil,
                                        method: method, span: SourceSpan(call))
        let isGenerator = method.hasSuffix("_generator")
        if let xNode = argumentNode(call, keyword: isGenerator ? "generator" : "x", position: 0) {
            // Only the inputs' own path is followed: a dataset's (x, y) elements are not selected.
            evaluation.x = reference(xNode, pending: [])
        }
        return evaluation
    }

    /// `ImageOps.fit(image, size)`: a function of an imported module or class, not a model's
    /// `fit` (models are objects the script makes).
    private func isImportedName(_ receiver: Node) -> Bool {
        guard let dotted = ImportTable.dottedName(receiver) else { return false }
        return context.imports.bindings[String(dotted.prefix { $0 != "." })] != nil
    }

    private func isForeignEstimator(_ receiver: Node) -> Bool {
        guard let constructor = flow.constructorCall(receiver), let name = flow.calleeName(constructor) else { return false }
        let head = String(name.prefix { $0 != "." })
        return Self.foreignEstimatorModules.contains(head)
    }

    /// One argument of a call, evaluated only when asked (`AnalysisContext.arguments(of:)`
    /// evaluates them all; `validation_data=(x_test, y_test)` would be followed for nothing).
    private func argument(_ call: Node, keyword: String, position: Int, evaluate: Bool = true) -> Argument? {
        guard let list = call.child(field: .arguments) else { return nil }
        var index = 0
        for child in list.namedChildren {
            switch child.type {
            case "comment", "list_splat", "dictionary_splat":
                continue
            case "keyword_argument":
                guard child.child(field: .name)?.text == keyword, let value = child.child(field: .value) else { continue }
                return Argument(keyword: keyword, position: nil, value: evaluate ? context.constants.evaluate(value) : .unknown(value.text),
                                text: value.text, span: SourceSpan(child), valueSpan: SourceSpan(value))
            default:
                if index == position {
                    return Argument(keyword: nil, position: position, value: evaluate ? context.constants.evaluate(child) : .unknown(child.text),
                                    text: child.text, span: SourceSpan(child), valueSpan: SourceSpan(child))
                }
                index += 1
            }
        }
        return nil
    }

    private func argumentNode(_ call: Node, keyword: String, position: Int) -> Node? {
        if let node = flow.keywordArgument(call, keyword) { return node }
        let positional = DataFlow.positionalArguments(of: call)
        return position < positional.count ? positional[position] : nil
    }

    // MARK: Network calls

    private mutating func networkCall(_ call: Node) -> NetworkCall? {
        guard let function = call.child(field: .function), let entry = networkVariables[function.text],
              let input = DataFlow.positionalArguments(of: call).first
                ?? flow.keywordArgument(call, "x") ?? flow.keywordArgument(call, "inputs") ?? flow.keywordArgument(call, "input")
        else { return nil }
        let isTraining = isInTraining(call)
        let reference = reference(input, pending: [])
        if isTraining, let dataset = reference.datasetIndex {
            let isKeras = entry.map { networks[$0].framework == .keras } ?? context.imports.frameworks.contains(.keras)
            addModelScaling(to: dataset, networkIndex: entry, isKeras: isKeras)
        }
        return NetworkCall(networkName: function.text, networkIndex: entry, span: SourceSpan(call), input: reference, isTraining: isTraining)
    }

    /// Whether the loop (or else the function) around a call also computes gradients. Calls
    /// outside any loop or function are predictions as far as Umlaut can tell.
    private func isInTraining(_ call: Node) -> Bool {
        let container = flow.ancestors(of: call).last { ["for_statement", "while_statement", "function_definition"].contains($0.type) }
        guard let range = container?.byteRange else { return false }
        var low = 0
        var high = gradientCalls.count
        while low < high {
            let middle = (low + high) / 2
            if gradientCalls[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < gradientCalls.count && gradientCalls[low] < range.upperBound
    }

    // MARK: References and scaling

    private mutating func reference(_ node: Node, pending: [Int]) -> DataReference {
        let trace = flow.trace(node, pending: pending)
        record(trace)
        return DataReference(
            text: node.text, span: SourceSpan(node), root: trace.isOpen ? nil : trace.root, rootSpan: trace.isOpen ? nil : trace.rootSpan,
            isSlice: !trace.slices.isEmpty, slices: trace.slices, datasetIndex: trace.datasetIndex, steps: trace.steps.map(\.step))
    }

    /// `for array in (x_train, x_test): array /= 255` scales each array in place.
    private mutating func recordInPlaceLoop(_ assignment: ScopeIndex.Assignment) {
        guard case .loop(var iterable, let path, _) = flow.binding(of: assignment.name, at: assignment.target, excluding: assignment.offset),
              path.isEmpty else { return }
        while iterable.type == "parenthesized_expression", let inner = DataFlow.firstNamedChild(iterable) { iterable = inner }
        guard ["tuple", "list"].contains(iterable.type) else { return }
        let step = flow.trace(binding: assignment).steps.last
        guard let step, step.step.kind == .scaling, step.step.span == SourceSpan(assignment.statement) else { return }
        for element in DataFlow.elements(of: iterable) {
            guard let dataset = flow.trace(element).datasetIndex else { continue }
            add(Scaling(description: step.step.description, variable: ImportTable.dottedName(element), span: step.step.span), to: dataset)
        }
    }

    /// Adds a trace's scaling steps to its dataset.
    private mutating func record(_ trace: DataFlow.Trace) {
        guard let dataset = trace.datasetIndex else { return }
        for step in trace.steps where step.step.kind == .scaling {
            add(Scaling(description: step.step.description, variable: step.variable, span: step.step.span), to: dataset)
        }
    }

    private mutating func add(_ scaling: Scaling, to dataset: Int) {
        let key = ScalingKey(dataset: dataset, start: scaling.span.startByte, end: scaling.span.endByte, description: scaling.description)
        guard dataset < datasets.count, scalingKeys.insert(key).inserted else { return }
        datasets[dataset].scaling.append(scaling)
    }

    /// Records the scaling a model applies to data it is trained on: Keras normalising layers
    /// anywhere in the script (they are almost always at the start of the model), and
    /// normalising layers before the first weighted layer of the network itself.
    private mutating func addModelScaling(to dataset: Int, networkIndex: Int?, isKeras: Bool) {
        if isKeras {
            for scaling in modelScalings { add(scaling, to: dataset) }
        }
        guard let networkIndex, networkIndex < networks.count else { return }
        let network = networks[networkIndex]
        // Keras' `Rescaling` and `Normalization` are counted above wherever they are.
        for layer in network.layers {
            if [.linear, .recurrent, .embedding].contains(layer.kind) { break }
            if layer.kind == .normalization {
                add(Scaling(description: "\(layer.className) layer of `\(network.name)`", variable: nil, span: layer.span), to: dataset)
            } else if layer.className == "Lambda" {
                add(Scaling(description: "Lambda layer of `\(network.name)` (may scale)", variable: nil, span: layer.span), to: dataset)
            }
        }
    }
}
