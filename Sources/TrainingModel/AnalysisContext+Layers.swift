import PythonSyntax

/// Turning layer constructors, activation calls and tensor operations into `Layer`s.
extension AnalysisContext {
    /// The layer an expression constructs, following a variable to its assignment
    /// (`hidden = Dense(64)` ... `Sequential([hidden])`). Nil if it is not a known layer.
    func layer(from expression: Node, framework: Framework) -> Layer? {
        let node = constructorCall(of: expression) ?? expression
        guard node.type == "call", let callee = node.child(field: .function),
              let qualified = qualifiedName(of: callee) else { return nil }
        let resolvedFramework = LayerCatalog.framework(of: qualified) ?? framework
        guard let kind = LayerCatalog.kind(ofLayer: qualified, framework: resolvedFramework) else { return nil }
        let arguments = arguments(of: node)
        let className = Self.lastComponent(qualified)
        return Layer(
            className: className, qualifiedName: qualified, kind: kind, span: span(node), calleeSpan: span(callee),
            binding: binding(of: expression, arguments: arguments), arguments: arguments,
            activation: activation(ofLayer: className, kind: kind, framework: resolvedFramework, arguments: arguments, call: node))
    }

    /// Like `layer(from:framework:)`, but anything else that is a call or a name becomes a layer
    /// of kind `other` (a custom layer, a pretrained base model, `*layers`), so that what Umlaut
    /// does not understand still sits between the layers it does. Nil only for expressions that
    /// cannot be layers at all (literals, comments).
    func layerOrOther(from expression: Node, framework: Framework) -> Layer? {
        if let layer = layer(from: expression, framework: framework) { return layer }
        let node = constructorCall(of: expression) ?? expression
        switch node.type {
        case "call":
            guard let callee = node.child(field: .function) else { return nil }
            let qualified = qualifiedName(of: callee) ?? callee.text
            let arguments = arguments(of: node)
            return Layer(className: Self.lastComponent(qualified), qualifiedName: qualified, kind: .other, span: span(node),
                         calleeSpan: span(callee), binding: binding(of: expression, arguments: arguments), arguments: arguments)
        case "identifier", "attribute", "list_splat", "subscript":
            return Layer(className: node.text, qualifiedName: node.text, kind: .other, span: span(node), calleeSpan: span(node))
        default:
            return nil
        }
    }

    /// The call an expression denotes: itself, or for a name, the call it was last assigned
    /// (one step, no unpacking).
    func constructorCall(of expression: Node) -> Node? {
        if expression.type == "call" { return expression }
        if expression.type == "identifier" || expression.type == "attribute",
           let assignment = definition(of: expression), assignment.value.type == "call" {
            return assignment.value
        }
        return nil
    }

    private func binding(of expression: Node, arguments: [Argument]) -> String? {
        if let name = Argument.find(in: arguments, keyword: "name")?.value.string { return name }
        if expression.type == "identifier" { return expression.text }
        return nil
    }

    /// An activation function or tensor operation applied in `forward` / `call` as a layer entry:
    /// `F.relu(x)`, `torch.flatten(x, 1)`, `x.view(-1, 320)`, `F.dropout(x, p=0.2)`.
    /// `isMethod` says whether the input is the receiver (`x.view`) rather than the first argument.
    func functionLayer(call: Node, callee: Node, qualifiedName: String, kind: LayerKind, activationName: String?, isMethod: Bool) -> Layer {
        let arguments = isMethod ? arguments(of: call) : argumentsAfterInput(of: call)
        return Layer(
            className: Self.lastComponent(qualifiedName), qualifiedName: qualifiedName, kind: kind, span: span(call),
            calleeSpan: span(callee), arguments: arguments,
            activation: activationName.map { Activation(name: $0, origin: .layer, span: span(call)) },
            isFunctionCall: true)
    }

    /// A call's arguments without its first positional one (the input tensor of `F.dropout(x, 0.2)`),
    /// positions counted from the second.
    func argumentsAfterInput(of call: Node) -> [Argument] {
        var result: [Argument] = []
        var droppedInput = false
        for var argument in arguments(of: call) {
            if let position = argument.position {
                if !droppedInput, position == 0 { droppedInput = true; continue }
                argument.position = position - 1
            }
            result.append(argument)
        }
        return result
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
            return LayerCatalog.canonicalActivation(Self.lastComponent(dotted))
        }
        if let node, node.type == "call", let callee = node.child(field: .function), let dotted = qualifiedName(of: callee) {
            // `activation=layers.LeakyReLU()`; anything else called here is kept as written.
            let last = Self.lastComponent(dotted)
            return LayerCatalog.activationName(ofLayerClass: last)
                ?? (LayerCatalog.isActivationFunctionName(last) ? LayerCatalog.canonicalActivation(last) : argument.text)
        }
        return argument.text
    }

    /// The last component of a dotted name (`keras.layers.Dense` → `Dense`).
    static func lastComponent(_ dotted: String) -> String {
        guard let dot = dotted.lastIndex(of: ".") else { return dotted }
        return String(dotted[dotted.index(after: dot)...])
    }
}
