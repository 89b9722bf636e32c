import PythonSyntax

/// Keras `model.compile(optimizer=..., loss=..., metrics=...)`.
extension TrainingSetupExtractor {
    /// Whether a call is `<model>.compile(...)` in a Keras script: the receiver a name or
    /// attribute (`model`, `self.model`), not an imported module (`re.compile`, `torch.compile`).
    func isCompileCall(_ call: Node, callee: Node) -> Bool {
        guard context.imports.frameworks.contains(.keras), callee.type == "attribute",
            callee.child(field: .attribute)?.text == "compile",
            let receiver = callee.child(field: .object),
            let dotted = ImportTable.dottedName(receiver)
        else { return false }
        return context.imports.bindings[String(dotted.prefix { $0 != "." })] == nil
    }

    /// Records a `compile` call: its loss, optimizer and metrics, and links the loss to the
    /// receiver's network. Keras' positional order is `compile(optimizer, loss, ...)`.
    mutating func compile(_ call: Node) {
        guard let receiver = call.child(field: .function)?.child(field: .object) else { return }
        var compile = CompileCall(networkName: receiver.text, span: context.span(call))
        let networkIndex = resolver.network(for: receiver)
        if let lossNode = keywordOrPositional(call, keyword: "loss", position: 1) {
            let indices = losses(in: lossNode, depth: 0)
            compile.lossIndex = indices.first
            // A subclass whose own `train_step` never reads the compiled loss trains with
            // something else: the compiled loss says nothing about its output.
            let ignoresLoss = networkIndex.map { trainStepIgnoresCompiledLoss(networks[$0]) } ?? false
            let linked =
                ignoresLoss
                ? [] : networkIndex.map { lossesForMainOutput(of: networks[$0], in: lossNode, all: indices) } ?? []
            if networkIndex == nil || ignoresLoss {
                // Compiled on a model Umlaut does not list (one inlined into an inference wrapper
                // such as `Sequential([model, Softmax()])`, or built where it cannot follow): the
                // loss is that model's, not whichever single network the script also defines.
                for index in indices { compiledOnUnknownModel.insert(losses[index].span.startByte) }
            }
            for index in linked where losses[index].networkName == nil {
                losses[index].networkName = networkIndex.map { networks[$0].name }
            }
        }
        if let optimizerNode = keywordOrPositional(call, keyword: "optimizer", position: 0) {
            compile.optimizerIndex = optimizer(in: optimizerNode)
        }
        if let metricsNode = keywordOrPositional(call, keyword: "metrics", position: 3) {
            compile.metrics = metrics(in: metricsNode)
        }
        compiles.append(compile)
    }

    /// Whether a Keras subclass defines `train_step` without reading the loss given to `compile`
    /// (`self.compiled_loss`, `self.compute_loss`, `self.loss`, `self.loss_fn` set from it, ...):
    /// then it computes its own loss, and the compiled one is never applied.
    func trainStepIgnoresCompiledLoss(_ network: Network) -> Bool {
        guard network.style == .subclass, network.framework == .keras,
            let classNode = context.tree.root.descendant(spanning: network.span.byteRange),
            classNode.type == "class_definition",
            let body = classNode.child(field: .body)
        else { return false }
        for statement in body.namedChildren {
            let function = statement.type == "decorated_definition" ? statement.child(field: .definition) : statement
            guard let function, function.type == "function_definition",
                function.child(field: .name)?.text == "train_step"
            else { continue }
            let text = function.text
            return !["compiled_loss", "compute_loss", "self.loss"].contains { Self.containsWord($0, in: text) }
        }
        return false
    }

    /// Whether `word` occurs in `text` not followed by an identifier character (`self.loss` but
    /// not `self.loss_metric`).
    static func containsWord(_ word: String, in text: String) -> Bool {
        var rest = text[...]
        while let range = rest.range(of: word) {
            guard let next = rest[range.upperBound...].first else { return true }
            if !(next.isLetter || next.isNumber || next == "_") { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    /// Which of a `compile`'s losses apply to the output the network's layers lead to (the
    /// first output of a multi-output model, see `DataFlowTracer`): all of a single loss, the
    /// first of a list, and of a dict the one keyed by the output layer's `name=`.
    private mutating func lossesForMainOutput(of network: Network, in node: Node, all indices: [Int]) -> [Int] {
        switch node.type {
        case "list", "tuple":
            // The first slot belongs to the first output; `None` there means no loss for it.
            guard let first = node.namedChildren.first(where: { $0.type != "comment" }), first.type != "none" else {
                return []
            }
            return losses(in: first, depth: 1)
        case "dictionary":
            guard let outputName = network.output.producer?.binding else { return [] }
            for pair in node.namedChildren where pair.type == "pair" {
                guard let key = pair.child(field: .key), context.constants.evaluate(key).string == outputName,
                    let value = pair.child(field: .value)
                else { continue }
                return losses(in: value, depth: 1)
            }
            return []
        default:
            return indices
        }
    }

    /// The losses a `loss=` value names: one, or one per output for lists and dicts.
    private mutating func losses(in node: Node, depth: Int) -> [Int] {
        switch node.type {
        case "string", "concatenated_string":
            guard let text = context.constants.evaluate(node).string else { return [] }
            let entry = LossCatalog.keras(function: text)
            add(
                Loss(
                    framework: .keras, name: entry?.name ?? text, kind: entry?.kind ?? .other, form: .string,
                    span: context.span(node)), at: node.startByte)
            return lossAt[node.startByte].map { [$0] } ?? []
        case "list", "tuple", "dictionary":
            guard depth == 0 else { return [] }
            let elements = node.namedChildren.compactMap { element -> Node? in
                element.type == "pair" ? element.child(field: .value) : (element.type == "comment" ? nil : element)
            }
            return elements.flatMap { losses(in: $0, depth: depth + 1) }
        case "call":
            if let index = lossAt[node.startByte] { return [index] }
            // A custom loss object or factory (`make_loss(...)`).
            let name = node.child(field: .function)?.text ?? node.text
            add(
                Loss(framework: .keras, name: name, kind: .other, form: .instance, span: context.span(node)),
                at: node.startByte)
            return lossAt[node.startByte].map { [$0] } ?? []
        case "identifier", "attribute":
            if let qualified = context.qualifiedName(of: node), LossCatalog.isKerasLossNamespace(qualified),
                let entry = LossCatalog.keras(function: AnalysisContext.lastComponent(qualified))
            {
                // `loss=keras.losses.sparse_categorical_crossentropy`
                add(
                    Loss(
                        framework: .keras, name: entry.name, kind: entry.kind, form: .function, span: context.span(node)
                    ),
                    at: node.startByte)
                return lossAt[node.startByte].map { [$0] } ?? []
            }
            if depth < 4, let definition = context.definition(of: node) {
                return losses(in: definition.value, depth: max(depth, 1))
            }
            // A custom loss function (`def my_loss(y_true, y_pred)`) or an unknown name.
            add(
                Loss(framework: .keras, name: node.text, kind: .other, form: .function, span: context.span(node)),
                at: node.startByte)
            return lossAt[node.startByte].map { [$0] } ?? []
        default:
            return []
        }
    }

    /// The optimizer an `optimizer=` value names.
    private mutating func optimizer(in node: Node, depth: Int = 0) -> Int? {
        switch node.type {
        case "string":
            guard let text = context.constants.evaluate(node).string else { return nil }
            let entry = OptimizerCatalog.keras(string: text)
            if optimizerAt[node.startByte] == nil {
                optimizerAt[node.startByte] = optimizers.count
                optimizers.append(
                    Optimizer(
                        framework: .keras, className: text, family: entry?.family ?? .other,
                        span: context.span(node), isString: true))
            }
            return optimizerAt[node.startByte]
        case "call":
            return optimizerAt[node.startByte]
        case "identifier", "attribute":
            guard depth < 4, let definition = context.definition(of: node) else { return nil }
            return optimizer(in: definition.value, depth: depth + 1)
        default:
            return nil
        }
    }

    /// `metrics=[...]` entries: a string's value, anything else as written.
    private func metrics(in node: Node) -> [String] {
        let elements =
            node.type == "list" || node.type == "tuple"
            ? node.namedChildren.filter { $0.type != "comment" }
            : [node]
        return elements.map { context.constants.evaluate($0).string ?? $0.text }
    }
}
