import PythonSyntax

/// Pass 1: networks and their layers.
///
/// - `Sequential([...])` / `nn.Sequential(...)` with the `model.add(...)` calls that follow;
///   a `Sequential` used inside another network has its layers inlined there and is not listed
///   on its own.
/// - The Keras functional API: `keras.Model(inputs, outputs)`, with the layer chain found by
///   following the data flow back from `outputs` (`NetworkExtraction+Functional.swift`).
/// - Subclasses of `keras.Model` and `nn.Module`: layers assigned in `__init__`, in the order
///   `call` / `forward` applies them (`NetworkExtraction+Subclass.swift`).
///
/// Branches and merges keep one main path (see `DataFlowTracer`).
enum NetworkExtraction {
    static func run(_ context: AnalysisContext, into model: inout ScriptModel) {
        let extractor = NetworkExtractor(context: context)
        model.networks = extractor.extractAll()
    }
}

/// The state of one network extraction: caches and which `Sequential`s were inlined.
///
/// A class because the data-flow tracer calls back into it (to inline a `Sequential`); it lives
/// for one `ScriptAnalyzer.analyze` call on one thread.
final class NetworkExtractor {
    let context: AnalysisContext
    /// Start bytes of `Sequential(...)` calls whose layers became part of another network.
    var inlined: Set<Int> = []
    /// Layers of each `Sequential(...)` call by start byte, once extracted.
    private var sequentialLayerCache: [Int: [Layer]] = [:]
    /// `Sequential(...)` calls being extracted, to stop self-reference (`a = Sequential([a])`).
    private var inProgress: Set<Int> = []
    /// How many `Sequential`s deep the extraction is inlining now, and the most it inlines.
    private var sequentialNesting = 0
    static let maxSequentialNesting = 100
    /// `<receiver>.add(...)` and `<receiver>.pop(...)` calls by receiver text, in source order,
    /// collected once.
    lazy var layerChangeCalls: [String: [Node]] = {
        var result: [String: [Node]] = [:]
        for call in context.calls {
            guard let function = call.child(field: .function), function.type == "attribute",
                let method = function.child(field: .attribute)?.text, method == "add" || method == "pop",
                let receiver = function.child(field: .object)
            else { continue }
            result[receiver.text, default: []].append(call)
        }
        return result
    }()
    /// Functions defined at module level, by name (the last definition wins).
    lazy var moduleFunctions: [String: Node] = {
        var result: [String: Node] = [:]
        for function in context.functions {
            let parent = function.parent?.type == "decorated_definition" ? function.parent?.parent : function.parent
            if parent?.type == "module", let name = function.child(field: .name)?.text { result[name] = function }
        }
        return result
    }()

    init(context: AnalysisContext) {
        self.context = context
    }

    func extractAll() -> [Network] {
        var networks: [Network] = []
        for call in context.calls {
            guard let name = context.calleeName(of: call) else { continue }
            if isSequential(name) {
                networks.append(sequential(call))
            } else if isFunctionalModel(name), let network = functional(call) {
                networks.append(network)
            }
        }
        var modelClasses: [Node] = []
        for classNode in context.classes {
            if let network = subclass(classNode) {
                networks.append(network)
                modelClasses.append(classNode)
            }
        }
        networks += tensorflow1Networks(outside: modelClasses)
        networks.removeAll { $0.style == .sequential && inlined.contains($0.span.startByte) }
        networks.sort { $0.span < $1.span }
        return networks
    }

    // MARK: TensorFlow 1

    /// Functions that build a graph with TensorFlow 1 layer functions (`tf.layers.dense(x, 64)`)
    /// and return its output: one network each, its layers traced back from the last `return`
    /// to the first parameter, like a subclass's `call`. Functions inside model classes are
    /// covered by their class.
    func tensorflow1Networks(outside modelClasses: [Node]) -> [Network] {
        let layerCalls = context.calls.filter { call in
            context.calleeName(of: call).flatMap { LayerCatalog.tensorflow1Layer($0) } != nil
        }
        guard !layerCalls.isEmpty else { return [] }
        var networks: [Network] = []
        for function in context.functions {
            guard layerCalls.contains(where: { context.enclosingFunction(of: $0.startByte) == function }),
                !modelClasses.contains(where: { $0.byteRange.contains(function.startByte) }),
                let name = function.child(field: .name)?.text
            else { continue }
            let tracer = makeTracer(framework: .keras)
            let layers = tracer.annotated(tracer.traceReturn(of: function, input: [], depth: 0) ?? [])
            guard layers.contains(where: { LayerCatalog.tensorflow1Layer($0.qualifiedName) != nil }) else { continue }
            // A method is named after its class (`CompatModel.call`), a function by itself.
            let owner = context.enclosingClass(of: function.startByte)?.child(field: .name)?.text
            networks.append(
                Network(
                    name: owner.map { "\($0).\(name)" } ?? name, framework: .keras, style: .functional,
                    span: context.span(function), layers: layers))
        }
        return networks
    }

    // MARK: Names

    func isSequential(_ qualifiedName: String) -> Bool {
        qualifiedName == "keras.Sequential" || qualifiedName == "torch.nn.Sequential"
            || (qualifiedName == "Sequential" && !context.imports.frameworks.isEmpty)
    }

    func isFunctionalModel(_ qualifiedName: String) -> Bool {
        qualifiedName == "keras.Model" || (qualifiedName == "Model" && context.imports.frameworks.contains(.keras))
    }

    /// The framework a `Sequential`/`Model` call belongs to.
    func framework(ofCall qualifiedName: String) -> Framework {
        if qualifiedName.hasPrefix("torch.") { return .pytorch }
        if qualifiedName.hasPrefix("keras.") { return .keras }
        return context.imports.frameworks.contains(.keras) ? .keras : .pytorch
    }

    // MARK: Sequential

    /// A `Sequential(...)` call and the `.add(...)` calls on the variable it is bound to.
    func sequential(_ call: Node) -> Network {
        let qualified = context.calleeName(of: call) ?? "Sequential"
        let framework = framework(ofCall: qualified)
        let layers = sequentialLayers(call, framework: framework)
        return Network(
            name: Self.boundName(of: call) ?? "Sequential", framework: framework, style: .sequential,
            span: context.span(call), layers: layers, inputShape: Self.inputShape(of: layers))
    }

    /// The layers of a `Sequential(...)` call, nested `Sequential`s inlined.
    func sequentialLayers(_ call: Node, framework: Framework) -> [Layer] {
        if let cached = sequentialLayerCache[call.startByte] { return cached }
        guard !inProgress.contains(call.startByte) else { return [] }
        inProgress.insert(call.startByte)
        defer { inProgress.remove(call.startByte) }

        // Per element of the list and per `add`, its layers: `pop()` takes the last one away.
        var layers: [Layer] = []
        var elementCounts: [Int] = []
        func append(_ element: [Layer]) {
            layers += element
            elementCounts.append(element.count)
        }
        if let arguments = call.child(field: .arguments) {
            for argument in arguments.namedChildren {
                switch argument.type {
                case "comment":
                    continue
                case "list", "tuple":
                    // Keras: Sequential([a, b, c])
                    for element in argument.namedChildren where element.type != "comment" {
                        append(self.layers(fromElement: element, framework: framework))
                    }
                case "keyword_argument":
                    if argument.child(field: .name)?.text == "layers", let value = argument.child(field: .value) {
                        for element in value.namedChildren where element.type != "comment" {
                            append(self.layers(fromElement: element, framework: framework))
                        }
                    }
                case "call" where context.calleeName(of: argument)?.hasSuffix("OrderedDict") == true:
                    // PyTorch: nn.Sequential(OrderedDict([("fc1", nn.Linear(...)), ...]))
                    argument.child(field: .arguments)?.namedChildren.first?.namedChildren.forEach { pair in
                        let items = pair.namedChildren.filter { $0.type != "comment" }
                        guard items.count == 2 else { return }
                        var inner = self.layers(fromElement: items[1], framework: framework)
                        if inner.count == 1, let key = ConstantEvaluator.stringValue(items[0]) {
                            inner[0].binding = key
                        }
                        append(inner)
                    }
                default:
                    // PyTorch: nn.Sequential(a, b, c)
                    append(self.layers(fromElement: argument, framework: framework))
                }
            }
        }
        if let binding = Self.boundName(of: call) {
            for change in layerChanges(of: binding, after: call) {
                let arguments = change.child(field: .arguments)?.namedChildren.filter { $0.type != "comment" } ?? []
                if change.child(field: .function)?.child(field: .attribute)?.text == "add" {
                    if let argument = arguments.first {
                        append(self.layers(fromElement: argument, framework: framework))
                    }
                    continue
                }
                // `pop()` removes the last layer; after a `pop(i)` Umlaut cannot place, the order
                // of the layers is unknown and none are listed.
                guard arguments.isEmpty || (arguments.count == 1 && arguments[0].text == "-1"),
                    let count = elementCounts.popLast()
                else {
                    layers = []
                    elementCounts = []
                    break
                }
                layers.removeLast(count)
            }
        }
        sequentialLayerCache[call.startByte] = layers
        return layers
    }

    /// One element of a `Sequential`: a layer, a nested `Sequential` (inlined), or something
    /// Umlaut does not model (an `other` layer).
    func layers(fromElement element: Node, framework: Framework) -> [Layer] {
        // Deeper nesting is generated code, not a model: the nested `Sequential` is left an
        // unknown (`other`) layer, so that the recursion cannot exhaust the stack.
        if let nested = sequentialCall(denotedBy: element), sequentialNesting < Self.maxSequentialNesting {
            inlined.insert(nested.startByte)
            sequentialNesting += 1
            defer { sequentialNesting -= 1 }
            return sequentialLayers(nested, framework: framework)
        }
        return context.layerOrOther(from: element, framework: framework).map { [$0] } ?? []
    }

    /// The `Sequential(...)` call an expression is or names, if any.
    func sequentialCall(denotedBy expression: Node) -> Node? {
        guard let call = context.constructorCall(of: expression), let name = context.calleeName(of: call),
            isSequential(name)
        else { return nil }
        return call
    }

    /// The variable or attribute a call's result is assigned to (`model = Sequential(...)`).
    static func boundName(of call: Node) -> String? {
        var node = call
        while let parent = node.parent, parent.type == "parenthesized_expression" { node = parent }
        guard let parent = node.parent, parent.type == "assignment", parent.child(field: .right) == node,
            let left = parent.child(field: .left), left.type == "identifier" || left.type == "attribute"
        else { return nil }
        return left.text
    }

    /// The `binding.add(layer)` and `binding.pop()` calls after the network is created and before
    /// the variable is bound to something else, in the same scope, in source order.
    func layerChanges(of binding: String, after call: Node) -> [Node] {
        let start = call.endByte
        let end =
            context.scopes.localAssignments(of: binding, at: call.startByte).first { $0.offset > start }?.offset
            ?? Int.max
        let scope = context.enclosingFunction(of: call.startByte)
        return (layerChangeCalls[binding] ?? []).filter { change in
            change.startByte > start && change.startByte < end
                && context.enclosingFunction(of: change.startByte) == scope
        }
    }

    static func inputShape(of layers: [Layer]) -> Value? {
        for layer in layers {
            if layer.kind == .input, let shape = layer.argument("shape", position: 0) ?? layer.argument("input_shape") {
                return shape.value
            }
            if let shape = layer.argument("input_shape") { return shape.value }
        }
        return nil
    }
}
