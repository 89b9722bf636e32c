import PythonSyntax

/// Pass 1: networks and their layers.
///
/// Written so far: `Sequential([...])` and `nn.Sequential(...)` bound to a variable, with the
/// `model.add(...)` calls that follow. To do: the Keras functional API, subclassed Keras models
/// and `nn.Module` subclasses (layer order from `call` / `forward`, functional activations).
enum NetworkExtraction {
    static func run(_ context: AnalysisContext, into model: inout ScriptModel) {
        for call in context.calls {
            guard let name = context.calleeName(of: call) else { continue }
            if name == "keras.Sequential" || name == "torch.nn.Sequential" || isUnresolvedSequential(name, context) {
                if let network = sequential(call, context: context) { model.networks.append(network) }
            }
        }
        model.networks.sort { $0.span < $1.span }
    }

    private static func isUnresolvedSequential(_ name: String, _ context: AnalysisContext) -> Bool {
        name == "Sequential" && !context.imports.frameworks.isEmpty
    }

    /// A `Sequential(...)` call and the `.add(...)` calls on the variable it is bound to.
    static func sequential(_ call: Node, context: AnalysisContext) -> Network? {
        guard let qualified = context.calleeName(of: call) else { return nil }
        let framework: Framework = qualified.hasPrefix("torch.") ? .pytorch
            : qualified.hasPrefix("keras.") ? .keras
            : (context.imports.frameworks.contains(.keras) ? .keras : .pytorch)
        var layers: [Layer] = []
        if let arguments = call.child(field: "arguments") {
            for argument in arguments.namedChildren {
                switch argument.type {
                case "list", "tuple":
                    // Keras: Sequential([a, b, c])
                    for element in argument.namedChildren {
                        if let layer = context.layer(from: element, framework: framework) { layers.append(layer) }
                    }
                case "keyword_argument":
                    if argument.child(field: "name")?.text == "layers", let value = argument.child(field: "value") {
                        for element in value.namedChildren {
                            if let layer = context.layer(from: element, framework: framework) { layers.append(layer) }
                        }
                    }
                case "call" where context.calleeName(of: argument)?.hasSuffix("OrderedDict") == true:
                    // PyTorch: nn.Sequential(OrderedDict([("fc1", nn.Linear(...)), ...]))
                    argument.child(field: "arguments")?.namedChildren.first?.namedChildren.forEach { pair in
                        let items = pair.namedChildren
                        guard items.count == 2, var layer = context.layer(from: items[1], framework: framework) else { return }
                        layer.binding = ConstantEvaluator.stringValue(items[0]) ?? layer.binding
                        layers.append(layer)
                    }
                default:
                    // PyTorch: nn.Sequential(a, b, c)
                    if let layer = context.layer(from: argument, framework: framework) { layers.append(layer) }
                }
            }
        }
        let binding = boundName(of: call)
        if let binding {
            layers += addedLayers(to: binding, after: call, context: context, framework: framework)
        }
        return Network(
            name: binding ?? "Sequential", framework: framework, style: .sequential, span: context.span(call),
            layers: layers, inputShape: inputShape(of: layers))
    }

    /// The variable or attribute a call's result is assigned to (`model = Sequential(...)`).
    static func boundName(of call: Node) -> String? {
        var node = call
        while let parent = node.parent, parent.type == "parenthesized_expression" { node = parent }
        guard let parent = node.parent, parent.type == "assignment", parent.child(field: "right") == node,
              let left = parent.child(field: "left"), left.type == "identifier" || left.type == "attribute"
        else { return nil }
        return left.text
    }

    /// Layers appended with `binding.add(layer)` after the network is created and before the
    /// variable is bound to something else.
    static func addedLayers(to binding: String, after call: Node, context: AnalysisContext, framework: Framework) -> [Layer] {
        let start = call.endByte
        let end = context.scopes.assignments(of: binding).first { $0.offset > start }?.offset ?? Int.max
        var layers: [Layer] = []
        for add in context.calls where add.startByte > start && add.startByte < end {
            guard let function = add.child(field: "function"), function.type == "attribute",
                  function.child(field: "attribute")?.text == "add",
                  function.child(field: "object")?.text == binding,
                  let argument = add.child(field: "arguments")?.namedChildren.first(where: { $0.type != "comment" }),
                  let layer = context.layer(from: argument, framework: framework)
            else { continue }
            layers.append(layer)
        }
        return layers
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

extension AnalysisContext {
    /// The layer an expression constructs, following a variable to its assignment
    /// (`hidden = Dense(64)` ... `Sequential([hidden])`). Nil if it is not a known layer.
    func layer(from expression: Node, framework: Framework) -> Layer? {
        var node = expression
        if node.type == "identifier", let assignment = scopes.assignment(of: node.text, at: node.startByte),
           assignment.path.isEmpty, assignment.value.type == "call" {
            node = assignment.value
        }
        guard node.type == "call", let callee = node.child(field: "function"),
              let qualified = qualifiedName(of: callee) else { return nil }
        let resolvedFramework = LayerCatalog.framework(of: qualified) ?? framework
        guard let kind = LayerCatalog.kind(ofLayer: qualified, framework: resolvedFramework) else { return nil }
        let arguments = arguments(of: node)
        let className = String(qualified.split(separator: ".").last ?? "")
        var binding: String?
        if let name = Argument.find(in: arguments, keyword: "name")?.value.string { binding = name }
        if binding == nil, expression.type == "identifier" { binding = expression.text }
        return Layer(
            className: className, qualifiedName: qualified, kind: kind, span: span(node), calleeSpan: span(callee),
            binding: binding, arguments: arguments,
            activation: activation(ofLayer: className, kind: kind, framework: resolvedFramework, arguments: arguments, call: node))
    }

    /// The nonlinearity a layer applies itself.
    func activation(ofLayer className: String, kind: LayerKind, framework: Framework, arguments: [Argument], call: Node) -> Activation? {
        switch kind {
        case .linear:
            guard framework == .keras else { return Activation(name: "linear", origin: .defaultLinear, span: nil) }
            let position = className == "Dense" ? 1 : nil
            guard let argument = Argument.find(in: arguments, keyword: "activation", position: position) else {
                return Activation(name: "linear", origin: .defaultLinear, span: nil)
            }
            return Activation(name: activationName(of: argument), origin: .argument, span: argument.span)
        case .activation:
            if className == "Activation" {
                let name = Argument.find(in: arguments, keyword: "activation", position: 0).map(activationName(of:)) ?? "linear"
                return Activation(name: name, origin: .layer, span: span(call))
            }
            let name = LayerCatalog.activationName(ofLayerClass: className) ?? className.lowercased()
            return Activation(name: name, origin: .layer, span: span(call))
        default:
            return nil
        }
    }

    /// The canonical activation an `activation=` argument names: a string, `None`, a function
    /// reference (`tf.nn.relu`, `keras.activations.softmax`) or a layer instance (`LeakyReLU()`).
    func activationName(of argument: Argument) -> String {
        switch argument.value {
        case .string(let name): return LayerCatalog.canonicalActivation(name)
        case .none: return "linear"
        default: break
        }
        let node = tree.root.descendant(spanning: argument.valueSpan.byteRange)
        if let node, let dotted = qualifiedName(of: node) {
            return LayerCatalog.canonicalActivation(String(dotted.split(separator: ".").last ?? ""))
        }
        if let node, node.type == "call", let callee = node.child(field: "function"), let dotted = qualifiedName(of: callee) {
            let last = String(dotted.split(separator: ".").last ?? "")
            return LayerCatalog.activationName(ofLayerClass: last) ?? LayerCatalog.canonicalActivation(last)
        }
        return argument.text
    }
}
