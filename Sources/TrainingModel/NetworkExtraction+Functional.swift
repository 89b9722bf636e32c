import PythonSyntax

/// The Keras functional API: `outputs = ...(x)` ... `keras.Model(inputs, outputs)`.
extension NetworkExtractor {
    /// A `keras.Model(inputs, outputs)` / `Model(inputs=..., outputs=...)` call, with the layers
    /// from the input to the (first) output in data-flow order. Nil for a `Model(...)` call without
    /// outputs (such as `super().__init__()` in a subclass).
    func functional(_ call: Node) -> Network? {
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return nil }
        var positional: [Node] = []
        var keywords: [String: Node] = [:]
        for argument in list.namedChildren {
            switch argument.type {
            case "comment", "list_splat", "dictionary_splat":
                continue
            case "keyword_argument":
                if let name = argument.child(field: .name)?.text, let value = argument.child(field: .value) {
                    keywords[name] = value
                }
            default:
                positional.append(argument)
            }
        }
        guard let outputs = keywords["outputs"] ?? (positional.count > 1 ? positional[1] : nil) else { return nil }
        let inputs = keywords["inputs"] ?? positional.first

        let tracer = makeTracer(framework: .keras)
        let traced = tracer.trace(outputs)
        if outputs.type == "list" || outputs.type == "tuple" {
            tracer.markSideOutputs(outputs.namedChildren.filter { $0.type != "comment" }.dropFirst())
        }
        var layers = tracer.annotated(traced ?? [])
        if layers.first?.kind != .input, let inputs, let input = inputLayer(denotedBy: inputs) {
            layers.insert(input, at: 0)
        }
        let name =
            Self.boundName(of: call)
            ?? context.arguments(of: call).first { $0.keyword == "name" }?.value.string
            ?? "Model"
        return Network(
            name: name, framework: .keras, style: .functional, span: context.span(call),
            layers: layers, inputShape: Self.inputShape(of: layers))
    }

    /// The `keras.Input(...)` an `inputs=` argument names (the first of a list).
    private func inputLayer(denotedBy expression: Node) -> Layer? {
        var node = expression
        if node.type == "list" || node.type == "tuple",
            let first = node.namedChildren.first(where: { $0.type != "comment" })
        {
            node = first
        }
        guard let layer = context.layer(from: node, framework: .keras), layer.kind == .input else { return nil }
        return layer
    }

    /// A tracer that knows the script's module-level functions.
    func makeTracer(framework: Framework) -> DataFlowTracer {
        let tracer = DataFlowTracer(context: context, framework: framework, extractor: self)
        tracer.functions = moduleFunctions
        return tracer
    }
}
