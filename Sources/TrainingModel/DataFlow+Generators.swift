import PythonSyntax

extension DataFlow {
    // MARK: map and generators

    /// The steps a `.map(fn)` applies to the inputs of each (inputs, targets) element.
    func mappedSteps(_ function: Node, depth: Int) -> [FlowStep] {
        let span = SourceSpan(function)
        let unknownStep = [
            FlowStep(
                step: DataStep(kind: .unknown, description: "map(\(function.text.prefix(40)))", span: span),
                variable: nil)
        ]
        var parameters: Node?
        var results: [Node] = []
        switch function.type {
        case "lambda":
            parameters = function.child(field: .parameters)
            if let body = function.child(field: .body) { results = [body] }
        case "identifier":
            guard let definition = functions[function.text] else { return unknownStep }
            parameters = definition.child(field: .parameters)
            definition.child(field: .body)?.walk { node in
                switch node.type {
                case "return_statement":
                    if let value = Self.firstNamedChild(node) { results.append(value) }
                    return false
                case "function_definition", "lambda", "class_definition": return false
                default: return results.count < 8
                }
            }
        default:
            return unknownStep
        }
        guard let parameters, let firstParameter = Self.parameterNodes(parameters).first, !results.isEmpty else {
            return unknownStep
        }
        var steps: [FlowStep] = []
        for result in results {
            var expression = result
            if expression.type == "parenthesized_expression", let inner = Self.firstNamedChild(expression) {
                expression = inner
            }
            if ["tuple", "expression_list"].contains(expression.type), let element = Self.elements(of: expression).first
            {
                expression = element
            }
            let inner = trace(expression, [], depth: depth)
            guard inner.root == firstParameter.text, inner.rootSpan == SourceSpan(firstParameter) else {
                return unknownStep
            }
            steps += inner.steps
        }
        return steps
    }

    /// The scaling an `ImageDataGenerator` applies, from its constructor's arguments.
    func generatorSteps(_ generator: Node) -> [FlowStep] {
        guard let constructor = constructorCall(generator) else {
            return [
                FlowStep(
                    step: DataStep(kind: .unknown, description: "image generator", span: SourceSpan(generator)),
                    variable: nil)
            ]
        }
        var steps: [FlowStep] = []
        for argument in context.arguments(of: constructor) {
            guard let keyword = argument.keyword else { continue }
            switch keyword {
            case "rescale":
                if argument.value != .none, argument.value.number != 1, argument.value.number != 0 {
                    steps.append(
                        FlowStep(
                            step: DataStep(
                                kind: .scaling, description: "rescale=\(argument.text)", span: argument.span),
                            variable: nil))
                }
            case "featurewise_center", "featurewise_std_normalization", "samplewise_center",
                "samplewise_std_normalization", "zca_whitening":
                if argument.value.bool != false {
                    steps.append(
                        FlowStep(
                            step: DataStep(
                                kind: .scaling, description: "\(keyword)=\(argument.text)", span: argument.span),
                            variable: nil))
                }
            case "preprocessing_function":
                if argument.value != .none {
                    steps.append(
                        FlowStep(
                            step: DataStep(
                                kind: .unknown, description: "preprocessing_function=\(argument.text)",
                                span: argument.span), variable: nil))
                }
            default:
                break
            }
        }
        return steps
    }
}
