import PythonSyntax

/// Where a loss is applied to a model's output: PyTorch training steps
/// (`loss = criterion(model(x), y)`, `out = model(x)` then `criterion(out, y)`) and Keras custom
/// training loops (`loss_fn(y, model(x, training=True))`).
extension TrainingSetupExtractor {
    /// What feeds the prediction argument of a loss call.
    struct Prediction {
        /// The network whose output it is.
        var network: Int?
        /// The `model(x)` call.
        var modelCall: Node?
        /// The activation applied between the model and the loss, nearest the loss.
        var activation: Activation?
    }

    /// Finds every call that applies a known loss: records a `TrainingStep` for PyTorch losses
    /// and links the loss to the network whose output it receives.
    mutating func findTrainingSteps() {
        for call in context.calls {
            guard let callee = call.child(field: .function), let index = appliedLoss(call, callee: callee) else {
                continue
            }
            let loss = losses[index]
            let isTensorflow = tensorflowLossStarts.contains(loss.span.startByte)
            // PyTorch criteria and Keras losses called directly take (prediction, target) and
            // (target, prediction) respectively; TensorFlow's (labels, logits or predictions).
            let predictionNode =
                loss.framework == .pytorch
                ? keywordOrPositional(call, keyword: "input", position: 0)
                : isTensorflow ? tensorflowPrediction(call) : keywordOrPositional(call, keyword: "y_pred", position: 1)
            var prediction = predictionNode.map { self.prediction(from: $0, depth: 0) } ?? Prediction()
            if let network = prediction.network, hasSeveralOutputs(network) {
                // Which of the outputs reaches the loss is not followed: unknown.
                prediction = Prediction()
            }
            let networkName = prediction.network.map { networks[$0].name }
            if losses[index].networkName == nil { losses[index].networkName = networkName }
            guard loss.framework == .pytorch || isTensorflow else { continue }
            steps.append(
                TrainingStep(
                    lossIndex: index, networkName: networkName, span: context.span(call),
                    input: prediction.modelCall.flatMap(inputReference(of:)),
                    activationBeforeLoss: prediction.activation))
        }
    }

    /// The logits or predictions argument of a TensorFlow loss call: by keyword, else the second
    /// positional argument (TensorFlow 1's `tf.nn` functions take keywords only).
    private func tensorflowPrediction(_ call: Node) -> Node? {
        for keyword in LossCatalog.tensorflow1PredictionKeywords {
            if let node = keywordOrPositional(call, keyword: keyword, position: Int.max) { return node }
        }
        return keywordOrPositional(call, keyword: "logits", position: 1)
    }

    /// The index of the loss a call applies: `criterion(out, y)` with `criterion = nn.X()`,
    /// `nn.X()(out, y)`, `F.cross_entropy(out, y)`, `loss_fn(y, logits)`.
    private func appliedLoss(_ call: Node, callee: Node) -> Int? {
        if let index = lossAt[callee.startByte], losses[index].form == .function { return index }
        switch callee.type {
        case "call":
            return lossAt[callee.startByte]
        case "identifier", "attribute":
            guard lossNames.contains(callee.text),
                let constructor = context.constructorCall(of: callee) ?? selfAttributeConstructor(callee),
                let index = lossAt[constructor.startByte], losses[index].form == .instance
            else { return nil }
            return index
        default:
            return nil
        }
    }

    /// `self.criterion` assigned in `__init__` and applied in another method.
    private func selfAttributeConstructor(_ node: Node) -> Node? {
        guard node.text.hasPrefix("self."), let owner = context.enclosingClass(of: node.startByte) else { return nil }
        return context.scopes.assignments(of: node.text).first {
            owner.byteRange.contains($0.offset) && $0.path.isEmpty && $0.value.type == "call"
        }?.value
    }

    /// Follows a loss's prediction argument back to the model call, through variables,
    /// activations (`F.softmax(out, dim=1)`, `out.sigmoid()`, and `torch.log`, recorded as `log`
    /// because log of probabilities is what `NLLLoss` wants) and shape changes (`out.squeeze(1)`).
    private func prediction(from node: Node, depth: Int) -> Prediction {
        guard depth < 24 else { return Prediction() }
        switch node.type {
        case "identifier", "attribute":
            if let definition = context.definition(of: node) {
                return prediction(from: definition.value, depth: depth + 1)
            }
            // `outputs.logits` where `outputs = model(x)`.
            if node.type == "attribute", let object = node.child(field: .object), !isImported(object) {
                return prediction(from: object, depth: depth + 1)
            }
            return Prediction()
        case "parenthesized_expression":
            return node.namedChildren.first { $0.type != "comment" }.map { prediction(from: $0, depth: depth + 1) }
                ?? Prediction()
        case "subscript":
            return node.child(field: .value).map { prediction(from: $0, depth: depth + 1) } ?? Prediction()
        case "call":
            guard let callee = node.child(field: .function) else { return Prediction() }
            if let network = resolver.network(for: callee) {
                return Prediction(network: network, modelCall: node)
            }
            // A method on the prediction: `out.softmax(1)`, `out.squeeze()`, `out.float()`.
            if callee.type == "attribute", let object = callee.child(field: .object), !isImported(object),
                let method = callee.child(field: .attribute)?.text
            {
                if let name = LayerCatalog.activationName(ofTensorMethod: method) ?? (method == "log" ? "log" : nil) {
                    var inner = prediction(from: object, depth: depth + 1)
                    inner.activation = Activation(name: name, origin: .layer, span: context.span(node))
                    return inner
                }
                if let operation = LayerCatalog.operation(ofTensorMethod: method), operation != .merge {
                    return prediction(from: object, depth: depth + 1)
                }
                return Prediction()
            }
            guard let qualified = context.qualifiedName(of: callee),
                let first = DataFlowTracer.positionalArguments(of: node).first
            else { return Prediction() }
            // `tf.layers.dense(h, 10, activation=tf.nn.softmax)`: the layer's own activation is the
            // last one applied (what feeds the layer is not followed further).
            if let layer = LayerCatalog.tensorflow1Layer(qualified) {
                let activation = context.tensorflow1Layer(
                    call: node, callee: callee, qualifiedName: qualified, kind: layer.kind,
                    className: layer.className
                ).activation
                guard let activation, activation.origin == .argument, !activation.isLinear else { return Prediction() }
                return Prediction(activation: activation)
            }
            if let name = LayerCatalog.activationName(ofFunction: qualified) ?? (qualified == "torch.log" ? "log" : nil)
            {
                var inner = prediction(from: first, depth: depth + 1)
                inner.activation = Activation(name: name, origin: .layer, span: context.span(node))
                return inner
            }
            if let operation = LayerCatalog.operation(ofFunction: qualified), operation != .merge {
                return prediction(from: first, depth: depth + 1)
            }
            return Prediction()
        default:
            return Prediction()
        }
    }

    private func isImported(_ node: Node) -> Bool {
        guard let dotted = ImportTable.dottedName(node) else { return false }
        return context.imports.bindings[String(dotted.prefix { $0 != "." })] != nil
    }

    /// The batch a model call receives, as a `DataReference` (its first argument). The root is
    /// found through subscripts and moves (`x[:, :10]`, `images.to(device)`, `x.float()`).
    private func inputReference(of modelCall: Node) -> DataReference? {
        guard let argument = DataFlowTracer.positionalArguments(of: modelCall).first else { return nil }
        var root: Node? = argument
        var isSlice = false
        while let node = root {
            if node.type == "subscript" {
                isSlice = true
                root = node.child(field: .value)
            } else if node.type == "call", let callee = node.child(field: .function), callee.type == "attribute",
                let method = callee.child(field: .attribute)?.text,
                LayerCatalog.operation(ofTensorMethod: method) == .transparent
            {
                root = callee.child(field: .object)
            } else {
                break
            }
        }
        return DataReference(
            text: argument.text, span: context.span(argument),
            root: root?.type == "identifier" ? root?.text : nil, isSlice: isSlice)
    }
}
