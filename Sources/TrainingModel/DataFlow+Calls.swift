import PythonSyntax

extension DataFlow {
    // MARK: Calls

    func traceCall(_ call: Node, _ pending: [Int], depth: Int) -> Trace {
        if let index = datasetsByCall[call.byteRange] {
            return Trace(isOpen: true, datasetIndex: index)
        }
        switch role(of: call, pending: pending) {
        case .passThrough(let data):
            return trace(data, pending, depth: depth)
        case .slice(let data, let text):
            var result = trace(data, pending, depth: depth)
            result.slices.append(text)
            return result
        case .step(let data, let step):
            var result = trace(data, pending, depth: depth)
            result.append(FlowStep(step: step, variable: assignedVariable(of: call) ?? ImportTable.dottedName(data)))
            return result
        case .select(let data, let rest):
            return trace(data, rest, depth: depth)
        case .split(let source, let rest):
            var result = trace(source, rest, depth: depth)
            result.isOpen = true
            result.root = nil
            result.rootSpan = nil
            result.slices = []
            return result
        case .map(let receiver, let function):
            var result = trace(receiver, pending, depth: depth)
            result.append(contentsOf: mappedSteps(function, depth: depth))
            return result
        case .generatorFlow(let data, let rest, let generator):
            var result = trace(data, rest, depth: depth)
            result.append(contentsOf: generatorSteps(generator))
            return result
        case .notData:
            return Trace()
        case .unknown(let data, let description):
            var result = data.map { trace($0, [], depth: depth) } ?? Trace()
            result.append(
                FlowStep(
                    step: DataStep(kind: .unknown, description: description, span: SourceSpan(call)), variable: nil))
            result.isOpen = true
            result.root = nil
            result.rootSpan = nil
            result.slices = []
            return result
        }
    }

    /// What a call does to data flowing through it.
    enum Role {
        case passThrough(Node)
        case slice(Node, String)
        case step(Node, DataStep)
        /// Follow `Node` with a new pending element path.
        case select(Node, [Int])
        case split(Node, [Int])
        case map(receiver: Node, function: Node)
        case generatorFlow(data: Node, rest: [Int], generator: Node)
        case notData
        case unknown(Node?, String)
    }

    func role(of call: Node, pending: [Int]) -> Role {
        guard let function = call.child(field: .function) else { return .notData }
        let positional = Self.positionalArguments(of: call)
        let first = positional.first
        let span = SourceSpan(call)
        // `layers.Rescaling(1./255)(x)` and `norm_layer(x)` where `norm_layer = Normalization()`.
        if let layer = scalingLayerName(function), let first {
            let description = function.type == "identifier" ? "\(function.text) (\(layer) layer)" : "\(layer) layer"
            return .step(first, DataStep(kind: .scaling, description: description, span: span))
        }
        if function.type == "identifier", networkVariables.holdsNetwork(function.text, at: function.startByte) {
            return .notData
        }
        if let name = calleeName(call), isModuleFunction(function) {
            return role(ofFunction: name, call: call, positional: positional, pending: pending)
        }
        guard function.type == "attribute", let receiver = function.child(field: .object),
            let method = function.child(field: .attribute)?.text
        else {
            return .unknown(first, function.text)
        }
        return role(ofMethod: method, receiver: receiver, call: call, positional: positional, pending: pending)
    }

    private func role(ofFunction name: String, call: Node, positional: [Node], pending: [Int]) -> Role {
        let first = positional.first ?? keywordArgument(call, "dataset") ?? keywordArgument(call, "x")
        let span = SourceSpan(call)
        let short = DataCatalog.shortName(name)
        if DataCatalog.passThroughFunctions.contains(name), let first { return .passThrough(first) }
        if let description = DataCatalog.scalingFunctions[name], let first {
            return .step(first, DataStep(kind: .scaling, description: description, span: span))
        }
        if name.hasPrefix("keras.applications."), name.hasSuffix(".preprocess_input"), let first {
            return .step(first, DataStep(kind: .scaling, description: "preprocess_input", span: span))
        }
        if let form = DataCatalog.permutationFunctions[name], let first {
            return .step(
                first,
                DataStep(
                    kind: .permutation, description: short,
                    axes: permutation(form, call: call, arguments: Array(positional.dropFirst())), span: span))
        }
        if let keyword = DataCatalog.reshapeFunctions[name], let first {
            let shape =
                (positional.count > 1 ? positional[1] : nil) ?? keywordArgument(call, keyword)
                ?? keywordArgument(call, "shape")
            return .step(
                first,
                DataStep(kind: .reshape, description: short, shape: shape.flatMap { self.shape([$0]) }, span: span))
        }
        if let pairs = DataCatalog.splitFunctions[name] {
            let index = pending.first ?? 0
            let source = pairs ? (index / 2 < positional.count ? positional[index / 2] : nil) : first
            guard let source else { return .notData }
            return .split(source, Array(pending.dropFirst()))
        }
        let last = name.lastDottedPart.map(String.init) ?? name
        switch last {
        case "TensorDataset" where name.hasPrefix("torch."), "zip":
            guard let index = pending.first, index < positional.count else { return .notData }
            return .select(positional[index], Array(pending.dropFirst()))
        case "enumerate":
            guard let first, pending.first == 1 else { return .notData }
            return .select(first, Array(pending.dropFirst()))
        case "Subset" where name.hasPrefix("torch."):
            guard let first else { return .notData }
            return .slice(first, "Subset(\(positional.dropFirst().first?.text ?? ""))")
        default:
            return .unknown(first, short)
        }
    }

    private func role(ofMethod method: String, receiver: Node, call: Node, positional: [Node], pending: [Int]) -> Role {
        let span = SourceSpan(call)
        if DataCatalog.passThroughMethods.contains(method) { return .passThrough(receiver) }
        switch method {
        case "reshape", "view":
            return .step(receiver, DataStep(kind: .reshape, description: method, shape: shape(positional), span: span))
        case "flatten":
            return .step(receiver, DataStep(kind: .reshape, description: method, span: span))
        case "permute":
            let axes = positional.count == 1 ? intList(positional[0]) : intList(positional)
            return .step(
                receiver,
                DataStep(
                    kind: .permutation, description: method,
                    axes: axes ?? keywordArgument(call, "dims").flatMap { intList($0) }, span: span))
        case "transpose", "swapaxes", "movedim", "moveaxis":
            let axes: [Int]?
            switch (method, positional.count) {
            case ("transpose", 0): axes = nil
            case ("transpose", 1): axes = intList(positional[0])
            case ("transpose", 2), ("swapaxes", 2): axes = Self.swap(intList(positional))
            case ("transpose", _): axes = intList(positional)
            case ("movedim", 2), ("moveaxis", 2): axes = Self.move(intList(positional))
            default: axes = nil
            }
            return .step(receiver, DataStep(kind: .permutation, description: method, axes: axes, span: span))
        case _ where DataCatalog.sliceMethods.contains(method):
            return .slice(
                receiver,
                "."
                    + context.source.text(
                        in: (call.child(field: .function)?.child(field: .attribute)?.startByte ?? call.startByte)..<call
                            .endByte))
        case _ where DataCatalog.scalingMethods.contains(method):
            let factor = positional.first.flatMap { context.constants.evaluate($0).number }
            let isScaling: Bool
            switch method {
            case "mul", "mul_", "multiply": isScaling = factor.map { $0 > 0 && $0 < 1 } ?? false
            case "sub", "sub_", "subtract": isScaling = true
            default: isScaling = factor.map { $0 > 1 } ?? true
            }
            let description = "\(method)(\(positional.first?.text ?? ""))"
            return .step(
                receiver, DataStep(kind: isScaling ? .scaling : .unknown, description: description, span: span))
        case "fit_transform", "transform":
            guard let data = positional.first else { return .notData }
            if let scaler = constructorName(receiver), DataCatalog.sklearnScalers.contains(scaler) {
                return .step(data, DataStep(kind: .scaling, description: "\(scaler).\(method)", span: span))
            }
            return .unknown(data, method)
        case "map":
            guard let function = positional.first ?? keywordArgument(call, "map_func") else {
                return .unknown(nil, method)
            }
            return .map(receiver: receiver, function: function)
        case "flow":
            guard constructorName(receiver) == "ImageDataGenerator" else { break }
            let index = pending.first ?? 0
            guard index < positional.count || keywordArgument(call, index == 0 ? "x" : "y") != nil else {
                return .notData
            }
            let data = index < positional.count ? positional[index] : keywordArgument(call, index == 0 ? "x" : "y")!
            if index == 0 { return .generatorFlow(data: data, rest: Array(pending.dropFirst()), generator: receiver) }
            return .select(data, Array(pending.dropFirst()))
        case "predict", "predict_on_batch", "forward", "encode", "decode":
            if receiver.type == "identifier", networkVariables.holdsNetwork(receiver.text, at: receiver.startByte) {
                return .notData
            }
        default:
            break
        }
        return .unknown(receiver, method)
    }

    // MARK: Names of things

    /// The canonical qualified name of a call's callee, following one module alias assignment
    /// (`mnist = tf.keras.datasets.mnist` ... `mnist.load_data()`).
    func calleeName(_ call: Node) -> String? {
        if let cached = calleeNames[call.byteRange] { return cached }
        let name = call.child(field: .function).flatMap { qualifiedName($0) }
        calleeNames[call.byteRange] = name
        return name
    }

    func qualifiedName(_ node: Node) -> String? {
        guard let dotted = ImportTable.dottedName(node) else { return nil }
        let head = String(dotted.prefix { $0 != "." })
        if context.imports.bindings[head] != nil { return context.imports.resolve(dotted) }
        if let aliased = moduleAlias(head, at: node) {
            return context.imports.resolve(aliased + dotted.dropFirst(head.count))
        }
        return ImportTable.canonical(dotted)
    }

    /// What `head` stands for if it is assigned a dotted name of an imported module.
    private func moduleAlias(_ head: String, at node: Node) -> String? {
        guard aliasCandidates.contains(head), let assignment = context.scopes.assignment(of: head, at: node.startByte),
            assignment.path.isEmpty,
            assignment.augmentedOperator == nil, assignment.value.type == "attribute",
            let dotted = ImportTable.dottedName(assignment.value),
            context.imports.bindings[String(dotted.prefix { $0 != "." })] != nil
        else { return nil }
        return dotted
    }

    /// Whether a callee names a module-level function (imported, aliased or built in) rather
    /// than a method of some object.
    private func isModuleFunction(_ function: Node) -> Bool {
        guard let dotted = ImportTable.dottedName(function) else { return false }
        let head = String(dotted.prefix { $0 != "." })
        if function.type == "identifier" { return true }
        return context.imports.bindings[head] != nil || moduleAlias(head, at: function) != nil
    }

    /// The last component of the constructor an expression was made with (`ImageDataGenerator`
    /// for `datagen` after `datagen = ImageDataGenerator(...)`), following one variable.
    func constructorName(_ node: Node) -> String? {
        constructorCall(node).flatMap { calleeName($0) }.map { String($0.lastDottedPart ?? "") }
    }

    func constructorCall(_ node: Node) -> Node? {
        var value = node
        if value.type == "identifier" || value.type == "attribute" {
            guard let assignment = context.scopes.assignment(of: value.text, at: value.startByte),
                assignment.offset < value.startByte, assignment.path.isEmpty, assignment.augmentedOperator == nil
            else { return nil }
            value = assignment.value
        }
        return value.type == "call" ? value : nil
    }

    /// The name of a Keras scaling layer applied as a function: `Rescaling(1./255)(x)` or `norm(x)`.
    private func scalingLayerName(_ function: Node) -> String? {
        let constructor: Node?
        switch function.type {
        case "call": constructor = function
        case "identifier": constructor = constructorCall(function)
        default: constructor = nil
        }
        guard let constructor, let name = calleeName(constructor) else { return nil }
        let last = String(name.lastDottedPart ?? "")
        guard DataCatalog.scalingLayers.contains(last), name.hasPrefix("keras.") || !name.contains(".") else {
            return nil
        }
        return last
    }
}
