import PythonSyntax

extension DataFlowTracer {
    // MARK: Calls

    func stepCall(_ call: Node, frame: Frame, depth: Int) -> Step {
        guard let callee = call.child(field: .function) else { return .chain(nil) }
        let arguments = Self.positionalArguments(of: call)

        // `layers.Dense(64)(x)`, `nn.ReLU()(x)`: a layer constructed and applied at once.
        if callee.type == "call" {
            return applying(
                applied(layerExpression: callee, call: call), to: arguments.first, frame: frame, depth: depth)
        }

        // `self.fc1(x)`, `self.features(x)`, `self.helper(x)`.
        if callee.type == "attribute", callee.child(field: .object)?.text == "self",
            let name = callee.child(field: .attribute)?.text
        {
            switch members[name] {
            case .layer(var layer):
                layer.callSpan = context.span(call)
                return applying([layer], to: arguments.first, frame: frame, depth: depth)
            case .sequential(let layers, let start):
                extractor.inlined.insert(start)
                return applying(
                    layers.map { layer in
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
                return applying(
                    [otherEntry(call: call, callee: callee, name: name)], to: arguments.first, frame: frame,
                    depth: depth)
            }
        }

        // A method on a tensor (`x.view(-1, 320)`, `x.relu()`), unless the receiver is a module.
        if callee.type == "attribute", let receiver = callee.child(field: .object),
            let method = callee.child(field: .attribute)?.text, !isModuleReference(receiver)
        {
            if let activation = LayerCatalog.activationName(ofTensorMethod: method) {
                let entry = methodEntry(
                    call: call, callee: callee, method: method, kind: .activation, activation: activation)
                return .then(receiver, layers: [entry], orEmpty: true)
            }
            switch LayerCatalog.operation(ofTensorMethod: method) {
            case .layer(let kind):
                return .then(
                    receiver,
                    layers: [methodEntry(call: call, callee: callee, method: method, kind: kind, activation: nil)],
                    orEmpty: true)
            case .transparent:
                return .then(receiver, layers: [], orEmpty: false)
            case .merge, nil:
                break
            }
            if let input = trace(receiver, frame: frame, depth: depth + 1) {
                return .chain(
                    input + [methodEntry(call: call, callee: callee, method: method, kind: .other, activation: nil)])
            }
            // Not a tensor method after all (`data.get(...)`): go on as for plain calls.
        }

        guard let qualified = context.qualifiedName(of: callee) else { return .chain(nil) }

        if let activation = LayerCatalog.activationName(ofFunction: qualified) {
            let entry = context.functionLayer(
                call: call, callee: callee, qualifiedName: qualified, kind: .activation,
                activationName: activation, isMethod: false)
            return applying([entry], to: arguments.first, frame: frame, depth: depth)
        }
        // `tf.layers.dense(x, 64, activation=tf.nn.relu)`: a TensorFlow 1 layer applied at once.
        if let (kind, className) = LayerCatalog.tensorflow1Layer(qualified) {
            return applying(
                [
                    context.tensorflow1Layer(
                        call: call, callee: callee, qualifiedName: qualified, kind: kind,
                        className: className)
                ],
                to: arguments.first ?? Self.keywordArgument("inputs", of: call), frame: frame, depth: depth)
        }
        switch LayerCatalog.operation(ofFunction: qualified) {
        case .layer(let kind):
            let entry = context.functionLayer(
                call: call, callee: callee, qualifiedName: qualified, kind: kind,
                activationName: nil, isMethod: false)
            return applying([entry], to: arguments.first, frame: frame, depth: depth)
        case .merge:
            return remembered(call, frame: frame) {
                let input = merging(arguments.map { traceInputs($0, frame: frame, depth: depth) })
                return (input ?? []) + [
                    otherEntry(call: call, callee: callee, name: AnalysisContext.lastComponent(qualified))
                ]
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
            let input = context.layer(from: call, framework: calledFramework)
        {
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
            return applying(
                applied(layerExpression: callee, call: call), to: arguments.first, frame: frame, depth: depth)
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
    func applied(layerExpression: Node, call: Node) -> [Layer] {
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
            return merging(
                argument.namedChildren.filter { $0.type != "comment" }.map { trace($0, frame: frame, depth: depth + 1) }
            )
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
    func samplingCall(in node: Node, depth: Int) -> Node? {
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
            guard let assignment = context.scopes.reachingAssignment(of: node.text, before: node.startByte) else {
                return nil
            }
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
            ["rsample", "sample", "normal_", "uniform_"].contains(method)
        {
            return true
        }
        guard let qualified = context.qualifiedName(of: callee), let dot = qualified.lastDotIndex else {
            return false
        }
        let namespace = qualified[..<dot]
        let name = qualified[qualified.index(after: dot)...]
        let samplers: Set<Substring> = [
            "randn", "randn_like", "rand", "rand_like", "normal", "random_normal", "truncated_normal",
            "uniform", "random_uniform", "bernoulli", "multinomial", "standard_normal",
            "stateless_normal", "categorical",
        ]
        let namespaces: Set<Substring> = [
            "torch", "tensorflow.random", "tensorflow", "keras.random", "keras.backend",
            "numpy.random", "jax.random", "tensorflow.compat.v1.random", "tensorflow.compat.v1",
        ]
        return samplers.contains(name) && namespaces.contains(namespace)
    }

    func samplingEntry(_ call: Node) -> Layer {
        let callee = call.child(field: .function) ?? call
        let qualified = context.qualifiedName(of: callee) ?? callee.text
        return Layer(
            className: AnalysisContext.lastComponent(qualified), qualifiedName: qualified, kind: .other,
            span: context.span(call), calleeSpan: context.span(callee), isFunctionCall: true)
    }

    // MARK: Entries

    private func methodEntry(call: Node, callee: Node, method: String, kind: LayerKind, activation: String?) -> Layer {
        let qualified = framework == .pytorch ? "torch.Tensor.\(method)" : method
        // Underline the method name, not the whole receiver (`self.fc(h).relu`).
        let name = callee.child(field: .attribute) ?? callee
        return context.functionLayer(
            call: call, callee: name, qualifiedName: qualified, kind: kind,
            activationName: activation, isMethod: true)
    }

    /// The entry of a binary operator that merges two paths (`a * b`, `a + b`), or of a
    /// conditional expression choosing between two: kind `other`, named by its operator.
    func mergeEntry(_ operation: Node) -> Layer {
        // A conditional expression is named by its `if`.
        let operatorNode =
            operation.child(field: .operator) ?? operation.children.first { $0.type == "if" } ?? operation
        return Layer(
            className: operatorNode.text, qualifiedName: "operator \(operatorNode.text)", kind: .other,
            span: context.span(operation), calleeSpan: context.span(operatorNode), isFunctionCall: true)
    }

    private func otherEntry(call: Node, callee: Node, name: String) -> Layer {
        let qualified = context.qualifiedName(of: callee) ?? callee.text
        return Layer(
            className: name, qualifiedName: qualified, kind: .other, span: context.span(call),
            calleeSpan: context.span(callee), arguments: context.argumentsAfterInput(of: call), isFunctionCall: true)
    }

    func longest(_ chains: [[Layer]?]) -> [Layer]? {
        var best: [Layer]?
        for case let chain? in chains where chain.count > (best?.count ?? -1) { best = chain }
        return best
    }
}
