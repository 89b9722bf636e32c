import PythonSyntax

/// Turning layer constructors, activation calls and tensor operations into `Layer`s.
extension AnalysisContext {
    /// The layer an expression constructs, following a variable to its assignment
    /// (`hidden = Dense(64)` ... `Sequential([hidden])`). Nil if it is not a known layer.
    func layer(from expression: Node, framework: Framework) -> Layer? {
        let node = constructorCall(of: expression) ?? expression
        guard node.type == "call", let callee = node.child(field: .function),
            let qualified = qualifiedName(of: callee)
        else { return nil }
        let resolvedFramework = LayerCatalog.framework(of: qualified) ?? framework
        guard let kind = LayerCatalog.kind(ofLayer: qualified, framework: resolvedFramework) else { return nil }
        let arguments = arguments(of: node)
        let className = Self.lastComponent(qualified)
        return Layer(
            className: className, qualifiedName: qualified, kind: kind, span: span(node), calleeSpan: span(callee),
            binding: binding(of: expression, arguments: arguments), arguments: arguments,
            activation: activation(
                ofLayer: className, kind: kind, framework: resolvedFramework, arguments: arguments, call: node))
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
            return Layer(
                className: Self.lastComponent(qualified), qualifiedName: qualified, kind: .other, span: span(node),
                calleeSpan: span(callee), binding: binding(of: expression, arguments: arguments), arguments: arguments)
        case "identifier", "attribute", "list_splat", "subscript":
            return Layer(
                className: node.text, qualifiedName: node.text, kind: .other, span: span(node), calleeSpan: span(node))
        case "parenthesized_expression":
            guard let inner = node.namedChildren.first(where: { $0.type != "comment" }) else { return nil }
            return layerOrOther(from: inner, framework: framework)
        case "conditional_expression":
            // `nn.ReLU() if relu else nn.Identity()`, `GEGLU() if glu else nn.GELU()`: one of two
            // layers; known only when both branches are the same layer.
            let branches = node.namedChildren.filter { $0.type != "comment" }
            if branches.count == 3, let first = layerOrOther(from: branches[0], framework: framework),
                let second = layerOrOther(from: branches[2], framework: framework),
                first.kind == second.kind, first.className == second.className,
                first.activation?.name == second.activation?.name
            {
                return first
            }
            return unknownEntry(node)
        case "comment", "string", "none", "integer", "float", "true", "false":
            return nil
        default:
            // A lambda, a comprehension, arithmetic: an element Umlaut does not model is still
            // an element, between the layers on either side of it.
            return unknownEntry(node)
        }
    }

    private func unknownEntry(_ node: Node) -> Layer {
        Layer(className: "…", qualifiedName: node.text, kind: .other, span: span(node), calleeSpan: span(node))
    }

    /// The call an expression denotes: itself, or for a name, the call it was last assigned
    /// (one step, no unpacking).
    func constructorCall(of expression: Node) -> Node? {
        if expression.type == "call" { return expression }
        if expression.type == "identifier" || expression.type == "attribute",
            let assignment = definition(of: expression), assignment.value.type == "call"
        {
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
    func functionLayer(
        call: Node, callee: Node, qualifiedName: String, kind: LayerKind, activationName: String?, isMethod: Bool
    ) -> Layer {
        let arguments = isMethod ? arguments(of: call) : argumentsAfterInput(of: call)
        return Layer(
            className: Self.lastComponent(qualifiedName), qualifiedName: qualifiedName, kind: kind, span: span(call),
            calleeSpan: span(callee), arguments: arguments,
            activation: activationName.map { Activation(name: $0, origin: .layer, span: span(call)) },
            isFunctionCall: true)
    }

    /// A TensorFlow 1 layer function applied to its first argument (`tf.layers.dense(x, 64)`):
    /// the Keras layer it stands for, with the arguments after the input.
    func tensorflow1Layer(call: Node, callee: Node, qualifiedName: String, kind: LayerKind, className: String) -> Layer
    {
        let arguments = argumentsAfterInput(of: call)
        return Layer(
            className: className, qualifiedName: qualifiedName, kind: kind, span: span(call), calleeSpan: span(callee),
            binding: Argument.find(in: arguments, keyword: "name")?.value.string, arguments: arguments,
            activation: activation(ofLayer: className, kind: kind, framework: .keras, arguments: arguments, call: call),
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
    ///
    /// For a Keras linear layer this is a decision point of UM101: only a layer with no
    /// `activation=` anywhere Umlaut can see, and nothing it cannot see (`*args`, `**kwargs`), is
    /// `defaultLinear`. Whatever could carry an activation but cannot be resolved is `unknown`,
    /// never the default: unknown is not evidence of a missing activation.
    func activation(
        ofLayer className: String, kind: LayerKind, framework: Framework, arguments: [Argument], call: Node
    ) -> Activation? {
        switch kind {
        case .linear:
            // PyTorch layers take no activation at all: linear is what they are.
            guard framework == .keras else { return Activation(name: "linear", origin: .defaultLinear, span: nil) }
            let position = className == "Dense" ? 1 : nil
            if let argument = Argument.find(in: arguments, keyword: "activation", position: position) {
                return activation(ofArgument: argument)
            }
            // Convolutions take `activation` as their seventh or eighth positional argument
            // (versions differ): that many positional arguments may include it.
            if position == nil, let extra = arguments.first(where: { ($0.position ?? 0) >= 6 }) {
                return Activation(name: extra.text, origin: .unknown, span: extra.span)
            }
            return activationFromSplats(of: call) ?? Activation(name: "linear", origin: .defaultLinear, span: nil)
        case .activation:
            if className == "Activation" {
                let name =
                    Argument.find(in: arguments, keyword: "activation", position: 0).map(activationName(of:))
                    ?? "linear"
                return Activation(name: name, origin: .layer, span: span(call))
            }
            let name = LayerCatalog.activationName(ofLayerClass: className) ?? className.lowercased()
            return Activation(name: name, origin: .layer, span: span(call))
        default:
            return nil
        }
    }

    /// An `activation=` argument: known when it names an activation Umlaut can resolve, else
    /// `unknown` (a parameter, a variable of unknown value, an arbitrary call).
    func activation(ofArgument argument: Argument) -> Activation {
        let node = tree.root.descendant(spanning: argument.valueSpan.byteRange)
        let name = activationName(of: argument)
        let known = argument.value.isKnown || node.map { isResolvedActivation($0) } ?? false
        return Activation(name: name, origin: known ? .argument : .unknown, span: argument.span)
    }

    /// Whether an expression that is not a constant still names an activation for sure: a
    /// function of an imported module (`tf.nn.relu`, `keras.activations.gelu`) or an activation
    /// layer instance (`layers.LeakyReLU()`). A bare name (`act`) is not: it is a variable.
    private func isResolvedActivation(_ node: Node) -> Bool {
        if node.type == "call", let callee = node.child(field: .function), let dotted = qualifiedName(of: callee) {
            let last = Self.lastComponent(dotted)
            return LayerCatalog.activationName(ofLayerClass: last) != nil
                || (dotted.contains(".") && LayerCatalog.isActivationFunctionName(last))
        }
        guard node.type == "attribute" || node.type == "identifier", let dotted = qualifiedName(of: node) else {
            return false
        }
        // An identifier resolves to a dotted name only when it is imported (`from tf.nn import relu`).
        return dotted.contains(".") && LayerCatalog.activationName(ofFunction: dotted) != nil
    }

    /// What the `*args` / `**kwargs` of a layer call say about its activation: nil when they
    /// are absent or certainly carry none (`**cfg` where `cfg` is a dict literal without an
    /// `"activation"` key), a known activation when a resolved dict carries one, `unknown` when
    /// they cannot be resolved (`*args` may hold it positionally, `**kwargs` passed through).
    func activationFromSplats(of call: Node) -> Activation? {
        guard let list = call.child(field: .arguments), list.kind == .argumentList else { return nil }
        var result: Activation?
        for child in list.namedChildren {
            switch child.kind {
            case .listSplat:
                return Activation(name: child.text, origin: .unknown, span: span(child))
            case .dictionarySplat:
                guard let value = child.namedChildren.first else {
                    return Activation(name: child.text, origin: .unknown, span: span(child))
                }
                switch dictionaryEntry("activation", in: value, at: call, depth: 0) {
                case .absent: continue
                case .unknown: return Activation(name: child.text, origin: .unknown, span: span(child))
                case .found(let node): result = activation(ofValue: node)
                }
            default:
                continue
            }
        }
        return result
    }

    private enum DictionaryEntry {
        case absent
        case found(Node)
        case unknown
    }

    /// The value of `key` in a dict expression unpacked with `**`: a dict literal or `dict(...)`
    /// call, directly or through a name assigned once before `use` and not changed in between.
    private func dictionaryEntry(_ key: String, in expression: Node, at use: Node, depth: Int) -> DictionaryEntry {
        guard depth < 4 else { return .unknown }
        switch expression.type {
        case "dictionary":
            var found: DictionaryEntry = .absent
            for item in expression.namedChildren where item.type != "comment" {
                guard item.type == "pair", let keyNode = item.child(field: .key),
                    let written = ConstantEvaluator.stringValue(keyNode)
                else { return .unknown }  // `**other`, computed keys
                if written == key, let value = item.child(field: .value) { found = .found(value) }
            }
            return found
        case "call":
            guard expression.child(field: .function)?.text == "dict",
                let arguments = expression.child(field: .arguments)
            else { return .unknown }
            var found: DictionaryEntry = .absent
            for argument in arguments.namedChildren where argument.type != "comment" {
                guard argument.type == "keyword_argument", let name = argument.child(field: .name)?.text else {
                    return .unknown
                }
                if name == key, let value = argument.child(field: .value) { found = .found(value) }
            }
            return found
        case "identifier":
            guard !isUnassignedParameter(expression), let assignment = definition(of: expression),
                !mayBeMutated(expression.text, between: assignment.statement.endByte, and: use.startByte)
            else { return .unknown }
            return dictionaryEntry(key, in: assignment.value, at: use, depth: depth + 1)
        default:
            return .unknown
        }
    }

    /// Whether `name` is a parameter of the function around `offset` (a use of it inside the
    /// function never refers to a module-level variable of the same name).
    func isParameter(_ name: String, at offset: Int) -> Bool {
        guard let function = enclosingFunction(of: offset), let parameters = function.child(field: .parameters) else {
            return false
        }
        for parameter in parameters.namedChildren {
            let node =
                parameter.type == "identifier"
                ? parameter
                : (parameter.child(field: .name) ?? parameter.namedChildren.first)
            if node?.type == "identifier", node?.text == name { return true }
        }
        return false
    }

    /// A name that, where it is used, still holds the value of the enclosing function's parameter.
    func isUnassignedParameter(_ use: Node) -> Bool {
        isParameter(use.text, at: use.startByte)
            && scopes.reachingAssignment(of: use.text, before: use.startByte) == nil
    }

    /// Whether the source between two offsets may change the dict `name` (item assignment,
    /// `update`, `setdefault`, `pop`, `del`): then its literal is no longer what is unpacked.
    private func mayBeMutated(_ name: String, between start: Int, and end: Int) -> Bool {
        guard start < end else { return false }
        let text = String(decoding: source.bytes[start..<end], as: UTF8.self)
        return [".update(", ".setdefault(", ".pop(", ".popitem(", ".clear(", ".__setitem__("].contains {
            text.contains(name + $0)
        }
            || text.contains(name + "[") || text.contains(name + " [") || text.contains(name + " |=")
    }

    /// An activation whose value is written away from the layer's arguments (a dict entry).
    private func activation(ofValue node: Node) -> Activation {
        let value = constants.evaluate(node)
        let argument = Argument(
            keyword: "activation", position: nil, value: value, text: node.text, span: span(node), valueSpan: span(node)
        )
        let known = value.isKnown || isResolvedActivation(node)
        return Activation(name: activationName(of: argument), origin: known ? .indirect : .unknown, span: span(node))
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
        if let node, node.type == "call", let callee = node.child(field: .function),
            let dotted = qualifiedName(of: callee)
        {
            // `activation=layers.LeakyReLU()`; anything else called here is kept as written.
            let last = Self.lastComponent(dotted)
            return LayerCatalog.activationName(ofLayerClass: last)
                ?? (LayerCatalog.isActivationFunctionName(last)
                    ? LayerCatalog.canonicalActivation(last) : argument.text)
        }
        return argument.text
    }

    /// The last component of a dotted name (`keras.layers.Dense` → `Dense`).
    static func lastComponent(_ dotted: String) -> String {
        guard let dot = dotted.lastDotIndex else { return dotted }
        return String(dotted[dotted.index(after: dot)...])
    }
}
