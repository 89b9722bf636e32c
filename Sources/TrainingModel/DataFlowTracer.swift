import PythonSyntax

/// Follows the data flow of a network backwards, from an output expression through variable
/// assignments to the network's input, collecting the layers the data passes through in order.
///
/// Used for the Keras functional API (from `outputs` back to `keras.Input`) and for the
/// `forward` / `call` methods of subclassed models (from the returned value back to the input
/// parameter). Where data flow splits and merges, one main path is kept:
///
/// - a merge (`layers.add([a, b])`, `torch.cat([a, b])`, `a + b`) continues along the input with
///   the most layers (the first on a tie); merge layers and functions appear as `other` entries;
/// - `x += f(y)` continues along the previous `x` (the residual's main path);
/// - `if`/`else` branches: the branch whose assignment comes last in the source;
/// - a returned tuple (`return x, hidden`) continues along its first element.
///
/// A chain is nil when the expression does not derive from the network's input at all. The
/// trace is bounded (depth and total steps), so self-referential or huge code ends quickly with
/// a shorter chain.
final class DataFlowTracer {
    /// What a `self.<name>` attribute of a subclassed model holds.
    enum Member {
        /// A layer object (`self.fc1 = nn.Linear(...)`), or an `other` entry for modules Umlaut
        /// does not model.
        case layer(Layer)
        /// A `Sequential` whose layers are inlined where it is applied; the start byte of its call.
        case sequential([Layer], call: Int)
    }

    /// One function (or the module) being traced, with the chains its parameters carry.
    struct Frame {
        var parameters: [String: [Layer]] = [:]
        /// How many helper functions deep this frame is.
        var depth = 0
        /// Distinguishes frames in the memo: the same helper traced with another input.
        var id = 0
    }

    let context: AnalysisContext
    let framework: Framework
    unowned let extractor: NetworkExtractor
    /// `self.<name>` → what it holds (subclassed models only).
    var members: [String: Member] = [:]
    /// The class's methods by name, so that `self.helper(x)` is followed.
    var methods: [String: Node] = [:]
    /// Module-level functions by name, so that `x = conv_block(x, 64)` is followed.
    var functions: [String: Node] = [:]

    private var steps = 0
    private let maxSteps = 20_000
    private let maxDepth = 150
    private var memo: [MemoKey: [Layer]?] = [:]
    private var frameCount = 0

    private struct MemoKey: Hashable {
        var start: Int
        var end: Int
        var frame: Int
    }

    init(context: AnalysisContext, framework: Framework, extractor: NetworkExtractor) {
        self.context = context
        self.framework = framework
        self.extractor = extractor
    }

    // MARK: Entry points

    /// The chain of layers that produces `expression`.
    func trace(_ expression: Node, frame: Frame = Frame()) -> [Layer]? {
        trace(expression, frame: frame, depth: 0)
    }

    /// The chain of layers that produces what `function` returns (its last `return` statement),
    /// with its first parameter after `self` bound to `input`.
    func traceReturn(of function: Node, input: [Layer], depth: Int) -> [Layer]? {
        guard let returned = Self.lastReturnValue(of: function) else { return nil }
        frameCount += 1
        var frame = Frame(depth: depth, id: frameCount)
        if let parameter = Self.inputParameter(of: function) { frame.parameters[parameter] = input }
        return trace(returned, frame: frame, depth: 0)
    }

    // MARK: Expressions

    private func trace(_ node: Node, frame: Frame, depth: Int) -> [Layer]? {
        guard depth < maxDepth, steps < maxSteps else { return nil }
        steps += 1
        let key = MemoKey(start: node.startByte, end: node.endByte, frame: frame.id)
        if let known = memo[key] { return known }
        let result = traceUncached(node, frame: frame, depth: depth)
        memo[key] = result
        return result
    }

    private func traceUncached(_ node: Node, frame: Frame, depth: Int) -> [Layer]? {
        switch node.type {
        case "identifier":
            return traceName(node.text, before: node.startByte, frame: frame, depth: depth)
        case "call":
            return traceCall(node, frame: frame, depth: depth)
        case "binary_operator":
            let operands = [node.child(field: "left"), node.child(field: "right")].compactMap { $0 }
            return longest(operands.map { trace($0, frame: frame, depth: depth + 1) })
        case "parenthesized_expression", "conditional_expression", "tuple", "expression_list", "list":
            // `(x)`, `x if c else y`, `return x, h`: the first element.
            guard let first = node.namedChildren.first(where: { $0.type != "comment" }) else { return nil }
            return trace(first, frame: frame, depth: depth + 1)
        case "subscript":
            // `x[:, -1, :]` keeps the values it selects.
            return node.child(field: "value").flatMap { trace($0, frame: frame, depth: depth + 1) }
        default:
            return nil
        }
    }

    /// A name at a use: its last assignment before the use, else a parameter of the frame.
    private func traceName(_ name: String, before offset: Int, frame: Frame, depth: Int) -> [Layer]? {
        guard let assignment = context.scopes.reachingAssignment(of: name, before: offset) else {
            return frame.parameters[name]
        }
        if assignment.augmentedOperator != nil {
            // `x += self.shortcut(y)`: the main path is the previous `x`.
            if let previous = traceName(name, before: assignment.statement.startByte, frame: frame, depth: depth + 1) {
                return previous
            }
        }
        return trace(assignment.value, frame: frame, depth: depth + 1)
    }

    // MARK: Calls

    private func traceCall(_ call: Node, frame: Frame, depth: Int) -> [Layer]? {
        guard let callee = call.child(field: "function") else { return nil }
        let arguments = Self.positionalArguments(of: call)

        // `layers.Dense(64)(x)`, `nn.ReLU()(x)`: a layer constructed and applied at once.
        if callee.type == "call" {
            let input = traceInputs(arguments.first, frame: frame, depth: depth)
            return (input ?? []) + applied(layerExpression: callee, call: call)
        }

        // `self.fc1(x)`, `self.features(x)`, `self.helper(x)`.
        if callee.type == "attribute", callee.child(field: "object")?.text == "self",
           let name = callee.child(field: "attribute")?.text {
            let input = traceInputs(arguments.first, frame: frame, depth: depth)
            switch members[name] {
            case .layer(var layer):
                layer.callSpan = context.span(call)
                return (input ?? []) + [layer]
            case .sequential(let layers, let start):
                extractor.inlined.insert(start)
                return (input ?? []) + layers.map { layer in
                    var layer = layer
                    layer.callSpan = context.span(call)
                    return layer
                }
            case nil:
                if let method = methods[name], frame.depth < 3,
                   let result = traceReturn(of: method, input: input ?? [], depth: frame.depth + 1) {
                    return result
                }
                return (input ?? []) + [otherEntry(call: call, callee: callee, name: name)]
            }
        }

        // A method on a tensor (`x.view(-1, 320)`, `x.relu()`), unless the receiver is a module.
        if callee.type == "attribute", let receiver = callee.child(field: "object"),
           let method = callee.child(field: "attribute")?.text, !isModuleReference(receiver) {
            let input = trace(receiver, frame: frame, depth: depth + 1)
            if let activation = LayerCatalog.activationName(ofTensorMethod: method) {
                return (input ?? []) + [methodEntry(call: call, callee: callee, method: method, kind: .activation, activation: activation)]
            }
            switch LayerCatalog.operation(ofTensorMethod: method) {
            case .layer(let kind):
                return (input ?? []) + [methodEntry(call: call, callee: callee, method: method, kind: kind, activation: nil)]
            case .transparent:
                return input
            case .merge, nil:
                break
            }
            if let input {
                return input + [methodEntry(call: call, callee: callee, method: method, kind: .other, activation: nil)]
            }
            // Not a tensor method after all (`data.get(...)`): fall through to plain calls.
        }

        guard let qualified = context.qualifiedName(of: callee) else { return nil }

        if let activation = LayerCatalog.activationName(ofFunction: qualified) {
            let input = traceInputs(arguments.first, frame: frame, depth: depth)
            return (input ?? []) + [context.functionLayer(call: call, callee: callee, qualifiedName: qualified,
                                                          kind: .activation, activationName: activation, isMethod: false)]
        }
        switch LayerCatalog.operation(ofFunction: qualified) {
        case .layer(let kind):
            let input = traceInputs(arguments.first, frame: frame, depth: depth)
            return (input ?? []) + [context.functionLayer(call: call, callee: callee, qualifiedName: qualified,
                                                          kind: kind, activationName: nil, isMethod: false)]
        case .merge:
            let input = longest(arguments.map { traceInputs($0, frame: frame, depth: depth) })
            return (input ?? []) + [otherEntry(call: call, callee: callee, name: AnalysisContext.lastComponent(qualified))]
        case .transparent:
            return traceInputs(arguments.first, frame: frame, depth: depth)
        case nil:
            break
        }

        // `keras.Input(shape=...)`: where a functional model starts.
        let lastName = AnalysisContext.lastComponent(qualified)
        let calledFramework = LayerCatalog.framework(of: qualified) ?? framework
        if LayerCatalog.kind(ofLayer: qualified, framework: calledFramework) == .input,
           let input = context.layer(from: call, framework: calledFramework) {
            return [input]
        }

        // `x = conv_block(x, 64)`: a helper function of the script.
        if callee.type == "identifier", let function = functions[callee.text], frame.depth < 3 {
            let input = traceInputs(arguments.first, frame: frame, depth: depth)
            if let result = traceReturn(of: function, input: input ?? [], depth: frame.depth + 1) { return result }
        }

        // `dense(x)` where `dense = layers.Dense(64)`, or `base(x)` where `base = Sequential(...)`.
        if callee.type == "identifier" || callee.type == "attribute", context.constructorCall(of: callee) != nil {
            let input = traceInputs(arguments.first, frame: frame, depth: depth)
            return (input ?? []) + applied(layerExpression: callee, call: call)
        }

        // Anything else that takes data from the input: a custom function or block.
        let inputs = arguments.map { traceInputs($0, frame: frame, depth: depth) }
        guard let input = longest(inputs) else { return nil }
        return input + [otherEntry(call: call, callee: callee, name: lastName)]
    }

    /// The layers a layer expression (`layers.Dense(64)`, `dense`, `base_model`) stands for when
    /// applied by `call`: the layer itself, or the inlined layers of a `Sequential`.
    private func applied(layerExpression: Node, call: Node) -> [Layer] {
        if let sequential = extractor.sequentialCall(denotedBy: layerExpression) {
            extractor.inlined.insert(sequential.startByte)
            let framework = extractor.framework(ofCall: context.calleeName(of: sequential) ?? "")
            return extractor.sequentialLayers(sequential, framework: framework).map { layer in
                var layer = layer
                layer.callSpan = context.span(call)
                return layer
            }
        }
        guard var layer = context.layerOrOther(from: layerExpression, framework: framework) else { return [] }
        layer.callSpan = context.span(call)
        return [layer]
    }

    /// The chain of a call's data argument; for a list of inputs (`layers.add([a, b])`), the longest.
    private func traceInputs(_ argument: Node?, frame: Frame, depth: Int) -> [Layer]? {
        guard let argument else { return nil }
        if argument.type == "list" || argument.type == "tuple" {
            return longest(argument.namedChildren.filter { $0.type != "comment" }.map { trace($0, frame: frame, depth: depth + 1) })
        }
        return trace(argument, frame: frame, depth: depth + 1)
    }

    /// Whether an expression names an imported module (`F`, `torch.nn`), so that `F.relu(x)` is a
    /// function call and not a method of a tensor called `F`.
    private func isModuleReference(_ node: Node) -> Bool {
        guard let dotted = ImportTable.dottedName(node) else { return false }
        let head = String(dotted.prefix { $0 != "." })
        return context.imports.bindings[head] != nil
    }

    // MARK: Entries

    private func methodEntry(call: Node, callee: Node, method: String, kind: LayerKind, activation: String?) -> Layer {
        let qualified = framework == .pytorch ? "torch.Tensor.\(method)" : method
        // Underline the method name, not the whole receiver (`self.fc(h).relu`).
        let name = callee.child(field: "attribute") ?? callee
        return context.functionLayer(call: call, callee: name, qualifiedName: qualified, kind: kind,
                                     activationName: activation, isMethod: true)
    }

    private func otherEntry(call: Node, callee: Node, name: String) -> Layer {
        let qualified = context.qualifiedName(of: callee) ?? callee.text
        return Layer(className: name, qualifiedName: qualified, kind: .other, span: context.span(call),
                     calleeSpan: context.span(callee), arguments: context.argumentsAfterInput(of: call), isFunctionCall: true)
    }

    private func longest(_ chains: [[Layer]?]) -> [Layer]? {
        var best: [Layer]?
        for case let chain? in chains where chain.count > (best?.count ?? -1) { best = chain }
        return best
    }

    // MARK: Syntax helpers

    /// The positional arguments of a call (keyword arguments, splats and comments left out).
    static func positionalArguments(of call: Node) -> [Node] {
        guard let list = call.child(field: "arguments"), list.type == "argument_list" else { return [] }
        return list.namedChildren.filter {
            $0.type != "keyword_argument" && $0.type != "comment" && $0.type != "list_splat" && $0.type != "dictionary_splat"
        }
    }

    /// The value of the last `return` statement of a function (nested functions and classes left out).
    static func lastReturnValue(of function: Node) -> Node? {
        guard let body = function.child(field: "body") else { return nil }
        var last: Node?
        body.walk { node in
            switch node.type {
            case "function_definition", "class_definition", "lambda":
                return false
            case "return_statement":
                if let value = node.namedChildren.first(where: { $0.type != "comment" }) { last = value }
                return false
            default:
                return node.isNamed || node.childCount > 0
            }
        }
        return last
    }

    /// The first parameter of a method after `self` (or of a function without `self`).
    static func inputParameter(of function: Node) -> String? {
        guard let parameters = function.child(field: "parameters") else { return nil }
        let names = parameters.namedChildren.compactMap { parameter -> String? in
            switch parameter.type {
            case "identifier": return parameter.text
            case "typed_parameter", "default_parameter", "typed_default_parameter":
                let name = parameter.child(field: "name") ?? parameter.namedChildren.first
                return name?.type == "identifier" ? name?.text : nil
            default: return nil
            }
        }
        guard let first = names.first else { return nil }
        return first == "self" || first == "cls" ? names.dropFirst().first : first
    }
}
