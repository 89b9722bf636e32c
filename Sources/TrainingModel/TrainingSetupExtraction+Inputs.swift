import PythonSyntax

/// Optimizers that update an input rather than a model's weights: style transfer and deep dream
/// optimise the image itself (`opt.apply_gradients([(grads, image)])`,
/// `torch.optim.Adam([image])`), and their learning rates are in pixel units.
///
/// The evidence asked for: every tensor the optimizer updates is named explicitly (not
/// `model.parameters()` or `model.trainable_variables`), and each is passed as the first
/// argument of a callable the script defines or builds (`extractor(image)`, `vgg(target)`,
/// `compute_loss_and_grads(combination_image, ...)`), i.e. is what a network reads, not what it
/// is made of. For Keras every `apply_gradients` of the optimizer must update such tensors.
extension TrainingSetupExtractor {
    /// Sets `Optimizer.updatedInput`. Runs right after the scan, while `optimizerAt` indexes the
    /// optimizers as created.
    mutating func markInputOptimizers() {
        guard !optimizerAt.isEmpty else { return }
        var constructors: [Int: Node] = [:]
        var updates: [Node] = []
        for call in context.calls {
            if let index = optimizerAt[call.startByte] {
                constructors[index] = call
            } else if let callee = call.child(field: .function), callee.type == "attribute",
                callee.child(field: .attribute)?.text == "apply_gradients"
            {
                updates.append(call)
            }
        }
        var inputs: Set<String>?
        func isInput(_ name: String) -> Bool {
            if inputs == nil { inputs = networkInputNames() }
            return inputs?.contains(name) == true
        }
        for (index, call) in constructors where optimizers[index].framework == .pytorch {
            guard let parameters = keywordOrPositional(call, keyword: "params", position: 0), parameters.type == "list"
            else { continue }
            let names = parameters.namedChildren.filter { $0.type != "comment" }.map(Self.tensorName)
            guard !names.isEmpty, names.allSatisfy({ $0.map(isInput) == true }) else { continue }
            optimizers[index].updatedInput = names[0]
        }
        var updated: [Int: String?] = [:]
        for update in updates {
            guard let receiver = update.child(field: .function)?.child(field: .object) else { continue }
            let input = updatedInput(of: update, isInput: isInput)
            for index in optimizerIndices(receiver, at: update, constructors: constructors) {
                let previous = updated[index] ?? input
                updated[index] = previous == nil || input == nil ? .some(nil) : previous
            }
        }
        for (index, input) in updated {
            if let input { optimizers[index].updatedInput = input }
        }
    }

    /// The one input tensor an `apply_gradients([(g, image)])` updates, or nil when it updates
    /// anything else (`zip(grads, model.trainable_variables)`) or something unknown.
    private func updatedInput(of update: Node, isInput: (String) -> Bool) -> String? {
        guard let pairs = keywordOrPositional(update, keyword: "grads_and_vars", position: 0), pairs.type == "list"
        else { return nil }
        var names: [String] = []
        for pair in pairs.namedChildren where pair.type != "comment" {
            let elements = pair.namedChildren.filter { $0.type != "comment" }
            guard pair.type == "tuple", elements.count == 2, let name = Self.tensorName(elements[1]), isInput(name)
            else { return nil }
            names.append(name)
        }
        return names.first
    }

    /// The optimizers an `apply_gradients` receiver may denote: the one its definition creates,
    /// and those bound to the same name at module level or in the same function.
    private func optimizerIndices(_ receiver: Node, at use: Node, constructors: [Int: Node]) -> [Int] {
        var result: Set<Int> = []
        if let call = context.constructorCall(of: receiver), let index = optimizerAt[call.startByte] {
            result.insert(index)
        }
        let function = context.enclosingFunction(of: use.startByte)
        for (index, call) in constructors where NetworkExtractor.boundName(of: call) == receiver.text {
            let owner = context.enclosingFunction(of: call.startByte)
            if owner == nil || owner == function { result.insert(index) }
        }
        return Array(result)
    }

    /// The variable a parameter-list entry names: `image`, `image.requires_grad_()`,
    /// `content.clone().requires_grad_(True)` (→ `content`).
    static func tensorName(_ node: Node) -> String? {
        var node = node
        while true {
            switch node.type {
            case "identifier":
                return node.text
            case "call":
                guard let callee = node.child(field: .function), callee.type == "attribute",
                    let method = callee.child(field: .attribute)?.text,
                    ["requires_grad_", "clone", "detach", "to", "cuda"].contains(method),
                    let object = callee.child(field: .object)
                else { return nil }
                node = object
            default:
                return nil
            }
        }
    }

    /// Names passed as the first argument of a callable the script defines or builds (not an
    /// imported function, not a Python built-in).
    private func networkInputNames() -> Set<String> {
        var names: Set<String> = []
        for call in context.calls {
            guard let callee = call.child(field: .function), callee.type == "identifier" || callee.type == "attribute",
                let first = DataFlowTracer.positionalArguments(of: call).first, first.type == "identifier"
            else { continue }
            let head = String((ImportTable.dottedName(callee) ?? callee.text).prefix { $0 != "." })
            guard context.imports.bindings[head] == nil, !Self.builtins.contains(head) else { continue }
            // `vgg(x)`, `self.vgg(x)`, `model.predict(x)`; not `history.append(x)`.
            if callee.type == "attribute" {
                guard let object = callee.child(field: .object), object.type == "identifier",
                    object.text == "self"
                        || ["predict", "forward", "call"].contains(callee.child(field: .attribute)?.text ?? "")
                else { continue }
            }
            names.insert(first.text)
        }
        return names
    }

    private static let builtins: Set<String> = [
        "print", "len", "str", "repr", "type", "isinstance", "list", "tuple", "dict", "set", "float", "int", "bool",
        "range", "zip", "enumerate", "abs", "sum", "min", "max", "iter", "next", "id", "hash", "sorted", "reversed",
        "display", "getattr", "setattr", "hasattr", "vars", "format",
    ]
}

/// Networks with several outputs: a functional `Model(outputs=[a, b])` or a `forward`/`call`
/// that returns a tuple (actor-critic policies, multi-task heads). The extracted layers follow the
/// first output; a loss reaches that output only where the script says so (a loss list whose
/// first slot is a loss, a dict keyed by the output's name), never by default.
extension TrainingSetupExtractor {
    func hasSeveralOutputs(_ index: Int) -> Bool {
        let network = networks[index]
        guard let node = context.tree.root.descendant(spanning: network.span.byteRange) else { return false }
        switch network.style {
        case .functional:
            guard node.type == "call", let outputs = keywordOrPositional(node, keyword: "outputs", position: 1) else {
                return false
            }
            return Self.isSeveral(outputs)
        case .subclass:
            guard let body = node.child(field: .body) else { return false }
            for statement in body.namedChildren {
                let function =
                    statement.type == "decorated_definition" ? statement.child(field: .definition) : statement
                guard let function, function.type == "function_definition",
                    let name = function.child(field: .name)?.text, name == "forward" || name == "call",
                    let returned = DataFlowTracer.lastReturnValue(of: function)
                else { continue }
                return Self.isSeveral(returned)
            }
            return false
        case .sequential:
            return false
        }
    }

    /// `[a, b]`, `(a, b)`, `a, b`, `{"x": a, "y": b}` with more than one element.
    private static func isSeveral(_ node: Node) -> Bool {
        switch node.type {
        case "list", "tuple", "expression_list":
            return node.namedChildren.filter { $0.type != "comment" }.count > 1
        case "dictionary":
            return node.namedChildren.filter { $0.type == "pair" }.count > 1
        default:
            return false
        }
    }
}
