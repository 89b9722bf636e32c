import PythonSyntax

/// `DataExtraction`: Keras `fit`, `evaluate` and `predict` calls and their arguments.
extension DataPass {
    // MARK: fit

    mutating func fitCall(_ call: Node) -> FitCall? {
        guard let function = call.child(field: .function), let receiver = function.child(field: .object),
            let method = function.child(field: .attribute)?.text
        else { return nil }
        let entry = networkVariables.network(receiver.text, at: receiver.startByte)
        let networkIndex = entry ?? nil
        if entry == nil {
            guard context.imports.frameworks.contains(.keras), !isForeignEstimator(receiver),
                !isImportedName(receiver)
            else { return nil }
        }
        var fit = FitCall(networkName: receiver.text, span: SourceSpan(call))
        fit.networkIndex = networkIndex
        let isGenerator = method == "fit_generator"
        let xNode = argumentNode(call, keyword: isGenerator ? "generator" : "x", position: 0)
        let yNode = isGenerator ? nil : argumentNode(call, keyword: "y", position: 1)
        if let xNode { fit.x = reference(xNode, pending: yNode == nil ? [0] : []) }
        if let yNode { fit.y = reference(yNode, pending: []) }
        fit.epochs = argument(call, keyword: "epochs", position: isGenerator ? 2 : 3)
        fit.batchSize = isGenerator ? nil : argument(call, keyword: "batch_size", position: 2)
        fit.validationSplit = isGenerator ? nil : argument(call, keyword: "validation_split", position: 6)
        fit.validationData = argument(call, keyword: "validation_data", position: isGenerator ? 5 : 7, evaluate: false)
        if let validation = argumentNode(call, keyword: "validation_data", position: isGenerator ? 5 : 7) {
            var pair = validation
            while pair.type == "parenthesized_expression", let inner = DataFlow.firstNamedChild(pair) { pair = inner }
            if pair.type == "identifier", case .assignment(let assignment) = flow.binding(of: pair.text, at: pair),
                assignment.path.isEmpty, assignment.augmentedOperator == nil,
                ["tuple", "list"].contains(assignment.value.type)
            {
                pair = assignment.value
            }
            let elements = ["tuple", "list"].contains(pair.type) ? DataFlow.elements(of: pair) : []
            if elements.count >= 2 {
                fit.validationX = reference(elements[0], pending: [])
                fit.validationY = reference(elements[1], pending: [])
            } else {
                fit.validationX = reference(validation, pending: [0])
            }
        }
        if let x = fit.x, let dataset = x.datasetIndex {
            addModelScaling(to: dataset, networkIndex: networkIndex, isKeras: true)
        }
        return fit
    }

    /// `model.evaluate(x, y)`, `model.predict(x)`: only on a receiver that holds a network or is
    /// fitted or compiled in the script (a scaler's or pipeline's `predict` is not followed); a
    /// `fit` counts in the same function (or both at module level), as a name's scope does.
    mutating func evaluationCall(_ call: Node) -> EvaluationCall? {
        guard let function = call.child(field: .function), let receiver = function.child(field: .object),
            let method = function.child(field: .attribute)?.text,
            networkVariables.holdsNetwork(receiver.text, at: receiver.startByte)
                || isFitted(receiver),
            !isForeignEstimator(receiver), !isImportedName(receiver)
        else { return nil }
        var evaluation = EvaluationCall(
            networkName: receiver.text,
            networkIndex: networkVariables.network(receiver.text, at: receiver.startByte) ?? nil,
            method: method, span: SourceSpan(call))
        let isGenerator = method.hasSuffix("_generator")
        if let xNode = argumentNode(call, keyword: isGenerator ? "generator" : "x", position: 0) {
            // Only the inputs' own path is followed: a dataset's (x, y) elements are not selected.
            evaluation.x = reference(xNode, pending: [])
        }
        return evaluation
    }

    /// Whether the script fits a receiver of that name in the same function, or both are at
    /// module level.
    func isFitted(_ receiver: Node) -> Bool {
        let scope = context.enclosingFunction(of: receiver.startByte)
        return fits.contains { fit in
            fit.networkName == receiver.text && context.enclosingFunction(of: fit.span.startByte) == scope
        }
    }

    /// `ImageOps.fit(image, size)`: a function of an imported module or class, not a model's
    /// `fit` (models are objects the script makes).
    func isImportedName(_ receiver: Node) -> Bool {
        guard let dotted = ImportTable.dottedName(receiver) else { return false }
        return context.imports.bindings[String(dotted.prefix { $0 != "." })] != nil
    }

    func isForeignEstimator(_ receiver: Node) -> Bool {
        guard let constructor = flow.constructorCall(receiver), let name = flow.calleeName(constructor) else {
            return false
        }
        let head = String(name.prefix { $0 != "." })
        return Self.foreignEstimatorModules.contains(head)
    }

    /// One argument of a call, evaluated only when asked (`AnalysisContext.arguments(of:)`
    /// evaluates them all; `validation_data=(x_test, y_test)` would be followed for nothing).
    func argument(_ call: Node, keyword: String, position: Int, evaluate: Bool = true) -> Argument? {
        guard let list = call.child(field: .arguments) else { return nil }
        var index = 0
        for child in list.namedChildren {
            switch child.type {
            case "comment", "list_splat", "dictionary_splat":
                continue
            case "keyword_argument":
                guard child.child(field: .name)?.text == keyword, let value = child.child(field: .value) else {
                    continue
                }
                return Argument(
                    keyword: keyword, position: nil,
                    value: evaluate ? context.constants.evaluate(value) : .unknown(value.text),
                    text: value.text, span: SourceSpan(child), valueSpan: SourceSpan(value))
            default:
                if index == position {
                    return Argument(
                        keyword: nil, position: position,
                        value: evaluate ? context.constants.evaluate(child) : .unknown(child.text),
                        text: child.text, span: SourceSpan(child), valueSpan: SourceSpan(child))
                }
                index += 1
            }
        }
        return nil
    }

    func argumentNode(_ call: Node, keyword: String, position: Int) -> Node? {
        if let node = flow.keywordArgument(call, keyword) { return node }
        let positional = DataFlow.positionalArguments(of: call)
        return position < positional.count ? positional[position] : nil
    }
}
