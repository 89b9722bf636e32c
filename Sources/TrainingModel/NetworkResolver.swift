import PythonSyntax

/// Finds which of the extracted networks an expression denotes: the receiver of
/// `model.compile(...)`, the callee of `model(x)` in a training step.
///
/// Follows assignments (`model = Net().to(device)`, `net = build_model()` into the function's
/// `return`), wrappers (`torch.compile(m)`, `nn.DataParallel(m)`), `self` inside a model class,
/// and `self.model` attributes; falls back to a network bound to the same name.
struct NetworkResolver {
    let context: AnalysisContext
    let networks: [Network]
    /// The `Sequential(...)` / `Model(...)` call or class definition that creates each network,
    /// by start byte → index into `networks`.
    private let byStart: [Int: Int]
    /// Subclassed networks by class name.
    private let byClassName: [String: Int]
    /// Function definitions by name, in source order, each with the function it is nested in
    /// (nil at module or class level).
    private let functions: [String: [(definition: Node, owner: Node?)]]

    init(context: AnalysisContext, networks: [Network]) {
        self.context = context
        self.networks = networks
        var byStart: [Int: Int] = [:]
        var byClassName: [String: Int] = [:]
        for (index, network) in networks.enumerated() {
            byStart[network.span.startByte] = index
            if network.style == .subclass { byClassName[network.name] = index }
        }
        self.byStart = byStart
        self.byClassName = byClassName
        var functions: [String: [(definition: Node, owner: Node?)]] = [:]
        for function in context.functions {
            guard let name = function.child(field: .name)?.text else { continue }
            var owner = function.parent
            while let node = owner, node.type != "function_definition" { owner = node.parent }
            functions[name, default: []].append((function, owner))
        }
        self.functions = functions
    }

    /// The function a bare name calls at `use`, as Python's scopes see it: one defined in the
    /// innermost function around the use, else one at module or class level (the last
    /// definition wins); a function nested in another function is not seen from outside it.
    private func function(named name: String, at use: Node) -> Node? {
        var best: (definition: Node, depth: Int)?
        for (definition, owner) in functions[name] ?? [] {
            let depth: Int
            if let owner {
                guard owner.byteRange.contains(use.startByte) else { continue }
                depth = owner.startByte + 1
            } else {
                depth = 0
            }
            if depth >= (best?.depth ?? -1) { best = (definition, depth) }
        }
        return best?.definition
    }

    /// The index of the network `expression` denotes, if known.
    func network(for expression: Node) -> Int? {
        resolve(expression, depth: 0)
    }

    private static let passThroughMethods: Set<String> = [
        "to", "cuda", "cpu", "train", "eval", "double", "float", "half", "bfloat16", "requires_grad_", "share_memory",
    ]
    private static let wrappers: Set<String> = [
        "torch.compile", "torch.nn.DataParallel", "torch.nn.parallel.DataParallel",
        "torch.nn.parallel.DistributedDataParallel", "torch.jit.script", "torch.jit.trace",
    ]

    private func resolve(_ node: Node, depth: Int) -> Int? {
        guard depth < 12 else { return nil }
        switch node.type {
        case "identifier", "attribute":
            if node.text == "self" {
                guard let owner = context.enclosingClass(of: node.startByte) else { return nil }
                return byStart[owner.startByte]
            }
            if let assignment = assignment(of: node), let index = resolve(assignment.value, depth: depth + 1) {
                return index
            }
            // A function that assigns the name holds its own (Python's scoping): no function
            // or module-level network of that name is seen from it.
            let assignedHere = context.scopes.functionAssigning(node.text, at: node.startByte) != nil
            // A function that is a network itself (TensorFlow 1 layers): `classifier(x)`.
            if node.type == "identifier", !assignedHere, let function = function(named: node.text, at: node),
                let index = byStart[function.startByte]
            {
                return index
            }
            // A network bound to the same name, at module level or in the same function: a
            // `model` in one test function is not the `model` of another.
            let function = context.enclosingFunction(of: node.startByte)
            return networks.lastIndex { network in
                guard network.name == node.text, network.style != .subclass else { return false }
                let owner = context.enclosingFunction(of: network.span.startByte)
                return owner == function || (owner == nil && !assignedHere)
            }
        case "call":
            if let index = byStart[node.startByte] { return index }
            guard let callee = node.child(field: .function) else { return nil }
            if let index = byClassName[callee.text] ?? byClassName[AnalysisContext.lastComponent(callee.text)] {
                return index
            }
            if callee.type == "attribute", let method = callee.child(field: .attribute)?.text,
                Self.passThroughMethods.contains(method), let object = callee.child(field: .object)
            {
                return resolve(object, depth: depth + 1)
            }
            if let qualified = context.qualifiedName(of: callee), Self.wrappers.contains(qualified),
                let first = DataFlowTracer.positionalArguments(of: node).first
            {
                return resolve(first, depth: depth + 1)
            }
            if callee.type == "identifier", let function = function(named: callee.text, at: callee),
                context.scopes.functionAssigning(callee.text, at: callee.startByte) == nil,
                let returned = DataFlowTracer.lastReturnValue(of: function)
            {
                return resolve(returned, depth: depth + 1)
            }
            return nil
        case "parenthesized_expression":
            return node.namedChildren.first { $0.type != "comment" }.flatMap { resolve($0, depth: depth + 1) }
        default:
            return nil
        }
    }

    /// The assignment a name or `self.attribute` refers to at its use.
    private func assignment(of node: Node) -> ScopeIndex.Assignment? {
        if let found = context.definition(of: node) { return found }
        // `self.model` assigned in `__init__` and used in another method of the same class.
        guard node.text.hasPrefix("self."), let owner = context.enclosingClass(of: node.startByte) else { return nil }
        return context.scopes.assignments(of: node.text).first {
            owner.byteRange.contains($0.offset) && $0.path.isEmpty && $0.augmentedOperator == nil
        }
    }
}
