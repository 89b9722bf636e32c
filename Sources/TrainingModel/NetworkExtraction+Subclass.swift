import PythonSyntax

/// Subclassed models: `class Net(nn.Module)` and `class MyModel(keras.Model)`.
extension NetworkExtractor {
    /// A class deriving from `keras.Model`, `nn.Module` or a Lightning module (directly or through
    /// other classes of the script). Its layers are the `self.<name>` attributes assigned in its
    /// methods (`__init__`, `build`, inherited ones included), in the order that `forward` /
    /// `call` applies them; with neither method, the layer attributes in the order they are
    /// assigned, marked `.declaration` (whole models held in attributes stay their own networks).
    func subclass(_ classNode: Node) -> Network? {
        guard let name = classNode.child(field: .name)?.text,
            let framework = networkFramework(of: classNode, visited: [])
        else { return nil }
        var members: [String: DataFlowTracer.Member] = [:]
        var assigned: [String] = []
        var methods: [String: Node] = [:]
        for owner in lineage(of: classNode) {
            collect(owner, framework: framework, members: &members, order: &assigned, methods: &methods)
        }
        let tracer = makeTracer(framework: framework)
        tracer.members = members
        tracer.methods = methods
        var layers: [Layer] = []
        var order: Network.LayerOrder?
        if let entry = methods[framework == .pytorch ? "forward" : "call"] {
            layers = tracer.annotated(tracer.traceReturn(of: entry, input: [], depth: 0) ?? [])
        } else {
            // No `forward` / `call`: nothing says how data flows between the attributes (a GAN's
            // generator and discriminator, a teacher and its student, sibling heads used from
            // `train_step`). The layers are listed as assigned, marked so that no rule reads
            // neighbours as connected, and whole models held in attributes stay networks of
            // their own instead of being chained into this one.
            order = .declaration
            for attribute in assigned {
                if case .layer(let layer) = members[attribute] { layers.append(layer) }
            }
        }
        var network = Network(
            name: name, framework: framework, style: .subclass, span: context.span(classNode), layers: layers)
        network.order = order
        return network
    }

    /// The framework whose model class `classNode` derives from, or nil if it is not a model.
    func networkFramework(of classNode: Node, visited: Set<Int>) -> Framework? {
        guard !visited.contains(classNode.startByte), visited.count < 16 else { return nil }
        for base in baseClasses(of: classNode) {
            if let qualified = context.qualifiedName(of: base) {
                switch qualified {
                case "torch.nn.Module", "pytorch_lightning.LightningModule", "lightning.LightningModule",
                    "lightning.pytorch.LightningModule":
                    return .pytorch
                case "keras.Model":
                    return .keras
                default:
                    break
                }
            }
            if let parent = localClass(named: base.text),
                let framework = networkFramework(of: parent, visited: visited.union([classNode.startByte]))
            {
                return framework
            }
        }
        return nil
    }

    private func baseClasses(of classNode: Node) -> [Node] {
        guard let list = classNode.child(field: .superclasses) else { return [] }
        return list.namedChildren.filter { $0.type == "identifier" || $0.type == "attribute" }
    }

    private func localClass(named name: String) -> Node? {
        context.classes.last { $0.child(field: .name)?.text == name }
    }

    /// The class and its ancestors defined in the script, ancestors first.
    private func lineage(of classNode: Node) -> [Node] {
        var chain: [Node] = [classNode]
        var seen: Set<Int> = [classNode.startByte]
        var current = classNode
        while chain.count < 16 {
            guard let parent = baseClasses(of: current).lazy.compactMap({ self.localClass(named: $0.text) }).first,
                seen.insert(parent.startByte).inserted
            else { break }
            chain.append(parent)
            current = parent
        }
        return chain.reversed()
    }

    /// The `self.<name> = ...` attributes and the methods of one class body.
    private func collect(
        _ classNode: Node, framework: Framework, members: inout [String: DataFlowTracer.Member],
        order: inout [String], methods: inout [String: Node]
    ) {
        guard let body = classNode.child(field: .body) else { return }
        var own: Set<String> = []
        for statement in body.namedChildren {
            let function = statement.type == "decorated_definition" ? statement.child(field: .definition) : statement
            guard let function, function.type == "function_definition",
                let methodName = function.child(field: .name)?.text
            else { continue }
            methods[methodName] = function
            function.child(field: .body)?.walk { node in
                switch node.type {
                case "function_definition", "class_definition", "lambda":
                    return false
                case "assignment":
                    guard let left = node.child(field: .left), left.type == "attribute",
                        left.child(field: .object)?.text == "self",
                        let attribute = left.child(field: .attribute)?.text,
                        let value = node.child(field: .right), !own.contains(attribute),
                        let member = member(from: value, attribute: attribute, framework: framework)
                    else { return true }
                    own.insert(attribute)
                    if members[attribute] == nil { order.append(attribute) }
                    members[attribute] = member
                    return true
                default:
                    return ScopeIndex.mayHoldStatements(node)
                }
            }
        }
    }

    /// What a `self.<attribute> = value` assignment holds, if it can be a layer.
    private func member(from value: Node, attribute: String, framework: Framework) -> DataFlowTracer.Member? {
        if let sequential = sequentialCall(denotedBy: value) {
            let inner = sequentialLayers(
                sequential, framework: self.framework(ofCall: context.calleeName(of: sequential) ?? ""))
            return .sequential(inner, call: sequential.startByte)
        }
        guard context.constructorCall(of: value) != nil,
            var layer = context.layerOrOther(from: value, framework: framework)
        else {
            return nil
        }
        layer.binding = attribute
        return .layer(layer)
    }
}
