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
/// What the main path leaves out is still evidence: the linear layers whose output is also an
/// operand of a merge, or a side output, are marked (`Layer.otherUse`) so that no rule reads
/// them as mere intermediates; a binary operation that draws random numbers (`mu + eps * std`)
/// adds a sampling entry (kind `other`) to the chain.
///
/// A chain is nil when the expression does not derive from the network's input at all. The main
/// path is followed in a loop; recursion happens only at merges and helper calls, at most
/// `maxDepth` deep, and the total work is capped at `maxSteps`, so self-referential or huge code
/// ends quickly with a shorter chain. Helper functions and methods are followed three deep.
///
/// One tracer serves one network, on the thread that runs the analysis.
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

    /// Linear layers whose output the trace saw used a second time (a merge operand, a side
    /// output), by identity; applied to a finished chain by `annotated(_:)`.
    private var otherUses: [LayerIdentity: Layer.OtherUse] = [:]

    private struct LayerIdentity: Hashable {
        var span: Int
        var call: Int?
        init(_ layer: Layer) {
            span = layer.span.startByte
            call = layer.callSpan?.startByte
        }
    }

    private var steps = 0
    private let maxSteps = 200_000
    private let maxDepth = 200
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
    /// with its first parameter after `self` bound to `input`. Values returned besides the
    /// first (`return out, mu, logvar`) are traced too, and the linear layers that produce them
    /// marked `returned`.
    func traceReturn(of function: Node, input: [Layer], depth: Int) -> [Layer]? {
        guard let returned = Self.lastReturnValue(of: function) else { return nil }
        frameCount += 1
        var frame = Frame(depth: depth, id: frameCount)
        if let parameter = Self.inputParameter(of: function) { frame.parameters[parameter] = input }
        let chain = trace(returned, frame: frame, depth: 0)
        if returned.type == "expression_list" || returned.type == "tuple" {
            markSideOutputs(returned.namedChildren.filter { $0.type != "comment" }.dropFirst(), frame: frame)
        }
        return chain
    }

    /// Marks the producers of outputs besides the main one (`Model(inputs, [z_mean, z_log_var])`,
    /// `return out, mu`): their values leave the network, so they are no mere intermediates.
    func markSideOutputs<S: Sequence>(_ outputs: S, frame: Frame = Frame()) where S.Element == Node {
        for output in outputs {
            if let chain = trace(output, frame: frame, depth: 1) { mark(chain, .returned) }
        }
    }

    /// A finished chain with the second uses the trace saw recorded on its layers.
    func annotated(_ chain: [Layer]) -> [Layer] {
        guard !otherUses.isEmpty else { return chain }
        return chain.map { layer in
            var layer = layer
            if layer.otherUse == nil, let use = otherUses[LayerIdentity(layer)] { layer.otherUse = use }
            return layer
        }
    }

    /// Records that the value a chain ends with is used again: on the last linear layer that
    /// produces it, through pass-through layers (`Conv2D` → `BatchNormalization` → `Add`).
    /// A chain ending in an activation or anything else marks nothing.
    private func mark(_ chain: [Layer], _ use: Layer.OtherUse) {
        guard let producer = chain.last(where: { !$0.kind.isPassThrough }), producer.kind == .linear else { return }
        let identity = LayerIdentity(producer)
        if otherUses[identity] == nil { otherUses[identity] = use }
    }

    /// The chains of a merge's operands: when two or more derive from the input, each one's
    /// value feeds the merge as well as whatever its chain is followed by (a skip connection),
    /// and is marked. Returns the longest, which the main path follows.
    private func merging(_ chains: [[Layer]?]) -> [Layer]? {
        let traced = chains.compactMap { $0 }
        if traced.count > 1 { traced.forEach { mark($0, .merge) } }
        return longest(chains)
    }

    // MARK: The main path

    /// What one expression contributes to a chain.
    private enum Step {
        /// The whole chain is known (nil: the expression does not derive from the input).
        case chain([Layer]?)
        /// The chain of `next`, followed by `layers`. When `next` does not derive from the input,
        /// `orEmpty` says whether the chain is just `layers` (a layer applied to something Umlaut
        /// cannot follow) or nil (a name or a parenthesis around nothing traceable).
        case then(Node, layers: [Layer], orEmpty: Bool)
    }

    /// Follows the main path iteratively, so that a `forward` of thousands of statements costs no
    /// stack; recursion happens only where paths merge (`a + b`, `layers.add([a, b])`), where a
    /// helper function is entered, and in the few steps whose outcome depends on their input.
    private func trace(_ start: Node, frame: Frame, depth: Int) -> [Layer]? {
        guard depth < maxDepth else { return nil }
        var pending: [(layers: [Layer], orEmpty: Bool)] = []
        var node = start
        var chain: [Layer]?
        while true {
            guard steps < maxSteps else { chain = nil; break }
            steps += 1
            if let known = memo[MemoKey(start: node.startByte, end: node.endByte, frame: frame.id)] {
                chain = known
                break
            }
            switch step(node, frame: frame, depth: depth) {
            case .chain(let known):
                chain = known
            case .then(let next, let layers, let orEmpty):
                pending.append((layers, orEmpty))
                node = next
                continue
            }
            break
        }
        for (layers, orEmpty) in pending.reversed() {
            if chain == nil, orEmpty { chain = [] }
            chain? += layers
        }
        return chain
    }

    /// A result that needed recursion, remembered so that `x = x + x` repeated stays linear.
    private func remembered(_ node: Node, frame: Frame, _ compute: () -> [Layer]?) -> Step {
        let key = MemoKey(start: node.startByte, end: node.endByte, frame: frame.id)
        let result = compute()
        memo[key] = result
        return .chain(result)
    }

    private func step(_ node: Node, frame: Frame, depth: Int) -> Step {
        switch node.type {
        case "identifier":
            return stepName(node, frame: frame, depth: depth)
        case "call":
            return stepCall(node, frame: frame, depth: depth)
        case "binary_operator":
            return remembered(node, frame: frame) {
                let operands = [node.child(field: .left), node.child(field: .right)].compactMap { $0 }
                let chain = merging(operands.map { trace($0, frame: frame, depth: depth + 1) })
                // `mu + eps * std` with `eps = torch.randn_like(std)`: a sampling step, which is
                // no linear map, sits between the layers before and after it.
                if let chain, let sampling = operands.lazy.compactMap({ self.samplingCall(in: $0, depth: 0) }).first {
                    return chain + [samplingEntry(sampling)]
                }
                return chain
            }
        case "parenthesized_expression", "conditional_expression", "tuple", "expression_list", "list":
            // `(x)`, `x if c else y`, `return x, h`: the first element.
            guard let first = node.namedChildren.first(where: { $0.type != "comment" }) else { return .chain(nil) }
            return .then(first, layers: [], orEmpty: false)
        case "subscript":
            // `x[:, -1, :]` keeps the values it selects.
            guard let value = node.child(field: .value) else { return .chain(nil) }
            return .then(value, layers: [], orEmpty: false)
        default:
            return .chain(nil)
        }
    }

    /// A name at a use: its last assignment before the use, else a parameter of the frame.
    private func stepName(_ node: Node, frame: Frame, depth: Int) -> Step {
        let name = node.text
        guard let assignment = context.scopes.reachingAssignment(of: name, before: node.startByte) else {
            return .chain(frame.parameters[name])
        }
        guard assignment.augmentedOperator != nil else { return .then(assignment.value, layers: [], orEmpty: false) }
        // `x += self.shortcut(y)`: the main path is the previous `x`.
        return remembered(node, frame: frame) {
            let added = trace(assignment.value, frame: frame, depth: depth + 1)
            var main: [Layer]?
            if let previous = context.scopes.reachingAssignment(of: name, before: assignment.statement.startByte) {
                if previous.augmentedOperator == nil { main = trace(previous.value, frame: frame, depth: depth + 1) }
            } else {
                main = frame.parameters[name]
            }
            guard let main else { return added }
            // Both sides of `x += r` feed the sum: a skip connection.
            _ = merging([main, added])
            return main
        }
    }

    // MARK: Calls

    private func stepCall(_ call: Node, frame: Frame, depth: Int) -> Step {
        guard let callee = call.child(field: .function) else { return .chain(nil) }
        let arguments = Self.positionalArguments(of: call)

        // `layers.Dense(64)(x)`, `nn.ReLU()(x)`: a layer constructed and applied at once.
        if callee.type == "call" {
            return applying(applied(layerExpression: callee, call: call), to: arguments.first, frame: frame, depth: depth)
        }

        // `self.fc1(x)`, `self.features(x)`, `self.helper(x)`.
        if callee.type == "attribute", callee.child(field: .object)?.text == "self",
           let name = callee.child(field: .attribute)?.text {
            switch members[name] {
            case .layer(var layer):
                layer.callSpan = context.span(call)
                return applying([layer], to: arguments.first, frame: frame, depth: depth)
            case .sequential(let layers, let start):
                extractor.inlined.insert(start)
                return applying(layers.map { layer in
                    var layer = layer
                    layer.callSpan = context.span(call)
                    return layer
                }, to: arguments.first, frame: frame, depth: depth)
            case nil:
                if let method = methods[name], frame.depth < 3 {
                    return remembered(call, frame: frame) {
                        let input = traceInputs(arguments.first, frame: frame, depth: depth) ?? []
                        return traceReturn(of: method, input: input, depth: frame.depth + 1)
                            ?? input + [otherEntry(call: call, callee: callee, name: name)]
                    }
                }
                return applying([otherEntry(call: call, callee: callee, name: name)], to: arguments.first, frame: frame, depth: depth)
            }
        }

        // A method on a tensor (`x.view(-1, 320)`, `x.relu()`), unless the receiver is a module.
        if callee.type == "attribute", let receiver = callee.child(field: .object),
           let method = callee.child(field: .attribute)?.text, !isModuleReference(receiver) {
            if let activation = LayerCatalog.activationName(ofTensorMethod: method) {
                let entry = methodEntry(call: call, callee: callee, method: method, kind: .activation, activation: activation)
                return .then(receiver, layers: [entry], orEmpty: true)
            }
            switch LayerCatalog.operation(ofTensorMethod: method) {
            case .layer(let kind):
                return .then(receiver, layers: [methodEntry(call: call, callee: callee, method: method, kind: kind, activation: nil)],
                             orEmpty: true)
            case .transparent:
                return .then(receiver, layers: [], orEmpty: false)
            case .merge, nil:
                break
            }
            if let input = trace(receiver, frame: frame, depth: depth + 1) {
                return .chain(input + [methodEntry(call: call, callee: callee, method: method, kind: .other, activation: nil)])
            }
            // Not a tensor method after all (`data.get(...)`): go on as for plain calls.
        }

        guard let qualified = context.qualifiedName(of: callee) else { return .chain(nil) }

        if let activation = LayerCatalog.activationName(ofFunction: qualified) {
            let entry = context.functionLayer(call: call, callee: callee, qualifiedName: qualified, kind: .activation,
                                              activationName: activation, isMethod: false)
            return applying([entry], to: arguments.first, frame: frame, depth: depth)
        }
        // `tf.layers.dense(x, 64, activation=tf.nn.relu)`: a TensorFlow 1 layer applied at once.
        if let (kind, className) = LayerCatalog.tensorflow1Layer(qualified) {
            return applying([context.tensorflow1Layer(call: call, callee: callee, qualifiedName: qualified, kind: kind,
                                                      className: className)],
                            to: arguments.first ?? Self.keywordArgument("inputs", of: call), frame: frame, depth: depth)
        }
        switch LayerCatalog.operation(ofFunction: qualified) {
        case .layer(let kind):
            let entry = context.functionLayer(call: call, callee: callee, qualifiedName: qualified, kind: kind,
                                              activationName: nil, isMethod: false)
            return applying([entry], to: arguments.first, frame: frame, depth: depth)
        case .merge:
            return remembered(call, frame: frame) {
                let input = merging(arguments.map { traceInputs($0, frame: frame, depth: depth) })
                return (input ?? []) + [otherEntry(call: call, callee: callee, name: AnalysisContext.lastComponent(qualified))]
            }
        case .transparent:
            guard let first = arguments.first else { return .chain(nil) }
            return .then(first, layers: [], orEmpty: false)
        case nil:
            break
        }

        // `keras.Input(shape=...)`: where a functional model starts.
        let lastName = AnalysisContext.lastComponent(qualified)
        let calledFramework = LayerCatalog.framework(of: qualified) ?? framework
        if LayerCatalog.kind(ofLayer: qualified, framework: calledFramework) == .input,
           let input = context.layer(from: call, framework: calledFramework) {
            return .chain([input])
        }

        // `x = conv_block(x, 64)`: a helper function of the script.
        if callee.type == "identifier", let function = functions[callee.text], frame.depth < 3 {
            return remembered(call, frame: frame) {
                let input = traceInputs(arguments.first, frame: frame, depth: depth) ?? []
                return traceReturn(of: function, input: input, depth: frame.depth + 1)
                    ?? input + [otherEntry(call: call, callee: callee, name: lastName)]
            }
        }

        // `dense(x)` where `dense = layers.Dense(64)`, or `base(x)` where `base = Sequential(...)`.
        if callee.type == "identifier" || callee.type == "attribute", context.constructorCall(of: callee) != nil {
            return applying(applied(layerExpression: callee, call: call), to: arguments.first, frame: frame, depth: depth)
        }

        // Anything else that takes data from the input: a custom function or block. Several
        // inputs are combined in a way Umlaut does not know (a merge).
        return remembered(call, frame: frame) {
            let inputs = arguments.map { traceInputs($0, frame: frame, depth: depth) }
            return merging(inputs).map { $0 + [otherEntry(call: call, callee: callee, name: lastName)] }
        }
    }

    /// `layers` applied to a call's data argument: a list of inputs (`Concatenate()([a, b])`)
    /// follows the longest; a single input continues the main path.
    private func applying(_ layers: [Layer], to argument: Node?, frame: Frame, depth: Int) -> Step {
        guard let argument else { return .chain(layers) }
        if argument.type == "list" || argument.type == "tuple" {
            return .chain((traceInputs(argument, frame: frame, depth: depth) ?? []) + layers)
        }
        return .then(argument, layers: layers, orEmpty: true)
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
            return merging(argument.namedChildren.filter { $0.type != "comment" }.map { trace($0, frame: frame, depth: depth + 1) })
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

    // MARK: Sampling

    /// A call that draws random numbers in an expression, through names assigned before it
    /// (`eps = torch.randn_like(std)` ... `mu + eps * std`), a few steps deep.
    private func samplingCall(in node: Node, depth: Int) -> Node? {
        guard depth < 6 else { return nil }
        switch node.type {
        case "call":
            if let callee = node.child(field: .function), isSampling(callee) { return node }
            for argument in node.child(field: .arguments)?.namedChildren ?? [] {
                let value = argument.type == "keyword_argument" ? argument.child(field: .value) : argument
                if let value, let found = samplingCall(in: value, depth: depth + 1) { return found }
            }
            return nil
        case "identifier":
            guard let assignment = context.scopes.reachingAssignment(of: node.text, before: node.startByte) else { return nil }
            return samplingCall(in: assignment.value, depth: depth + 1)
        case "binary_operator", "parenthesized_expression", "unary_operator":
            for child in node.namedChildren {
                if let found = samplingCall(in: child, depth: depth + 1) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// Whether a callee draws random numbers: `torch.randn_like`, `tf.random.normal`,
    /// `keras.random.normal`, `K.random_normal`, `np.random.normal`, `dist.rsample`.
    private func isSampling(_ callee: Node) -> Bool {
        if callee.type == "attribute", let method = callee.child(field: .attribute)?.text,
           ["rsample", "sample", "normal_", "uniform_"].contains(method) {
            return true
        }
        guard let qualified = context.qualifiedName(of: callee), let dot = qualified.lastIndex(of: ".") else { return false }
        let namespace = qualified[..<dot]
        let name = qualified[qualified.index(after: dot)...]
        let samplers: Set<Substring> = ["randn", "randn_like", "rand", "rand_like", "normal", "random_normal", "truncated_normal",
                                        "uniform", "random_uniform", "bernoulli", "multinomial", "standard_normal",
                                        "stateless_normal", "categorical"]
        let namespaces: Set<Substring> = ["torch", "tensorflow.random", "tensorflow", "keras.random", "keras.backend",
                                          "numpy.random", "jax.random", "tensorflow.compat.v1.random", "tensorflow.compat.v1"]
        return samplers.contains(name) && namespaces.contains(namespace)
    }

    private func samplingEntry(_ call: Node) -> Layer {
        let callee = call.child(field: .function) ?? call
        let qualified = context.qualifiedName(of: callee) ?? callee.text
        return Layer(className: AnalysisContext.lastComponent(qualified), qualifiedName: qualified, kind: .other,
                     span: context.span(call), calleeSpan: context.span(callee), isFunctionCall: true)
    }

    // MARK: Entries

    private func methodEntry(call: Node, callee: Node, method: String, kind: LayerKind, activation: String?) -> Layer {
        let qualified = framework == .pytorch ? "torch.Tensor.\(method)" : method
        // Underline the method name, not the whole receiver (`self.fc(h).relu`).
        let name = callee.child(field: .attribute) ?? callee
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
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return [] }
        return list.namedChildren.filter {
            $0.type != "keyword_argument" && $0.type != "comment" && $0.type != "list_splat" && $0.type != "dictionary_splat"
        }
    }

    /// The value of a keyword argument of a call.
    static func keywordArgument(_ name: String, of call: Node) -> Node? {
        call.child(field: .arguments)?.namedChildren.first {
            $0.type == "keyword_argument" && $0.child(field: .name)?.text == name
        }?.child(field: .value)
    }

    /// The value of the last `return` statement of a function (nested functions and classes left out).
    static func lastReturnValue(of function: Node) -> Node? {
        guard let body = function.child(field: .body) else { return nil }
        var last: Node?
        body.walk { node in
            switch node.type {
            case "function_definition", "class_definition", "lambda":
                return false
            case "return_statement":
                if let value = node.namedChildren.first(where: { $0.type != "comment" }) { last = value }
                return false
            default:
                return ScopeIndex.mayHoldStatements(node)
            }
        }
        return last
    }

    /// The first parameter of a method after `self` (or of a function without `self`).
    static func inputParameter(of function: Node) -> String? {
        guard let parameters = function.child(field: .parameters) else { return nil }
        let names = parameters.namedChildren.compactMap { parameter -> String? in
            switch parameter.type {
            case "identifier": return parameter.text
            case "typed_parameter", "default_parameter", "typed_default_parameter":
                let name = parameter.child(field: .name) ?? parameter.namedChildren.first
                return name?.type == "identifier" ? name?.text : nil
            default: return nil
            }
        }
        guard let first = names.first else { return nil }
        return first == "self" || first == "cls" ? names.dropFirst().first : first
    }
}
