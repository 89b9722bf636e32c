import PythonSyntax

extension DataFlow {
    // MARK: Arithmetic

    func traceArithmetic(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        guard let left = node.child(field: .left), let right = node.child(field: .right),
            let op = node.child(field: .operator)?.text
        else { return Trace() }
        let leftValue = context.constants.evaluate(left).number
        let rightValue = context.constants.evaluate(right).number
        let data: Node
        let kind: DataStep.Kind?
        let description: String
        if let factor = rightValue {
            data = left
            switch op {
            case "/":
                kind = factor == 1 ? nil : (factor > 1 || factor < 0 ? .scaling : .unknown)
                description = "divide by \(right.text)"
            case "*":
                kind = factor == 1 ? nil : (factor > 0 && factor < 1 ? .scaling : .unknown)
                description = "multiply by \(right.text)"
            case "-":
                kind = factor == 0 ? nil : .scaling
                description = "subtract \(right.text)"
            default:
                kind = .unknown
                description = "\(op) \(right.text)"
            }
        } else if let factor = leftValue {
            data = right
            kind = op == "*" && factor > 0 && factor < 1 ? .scaling : .unknown
            description = op == "*" ? "multiply by \(left.text)" : "\(left.text) \(op)"
        } else {
            data = left
            switch op {
            case "/":
                kind = .scaling
                description = "divide by \(right.text)"
            case "-":
                kind = .scaling
                description = "subtract \(right.text)"
            default:
                kind = .unknown
                description = "\(op) \(right.text)"
            }
        }
        var result = trace(data, pending, depth: depth)
        if let kind {
            result.append(
                FlowStep(
                    step: DataStep(kind: kind, description: description, span: SourceSpan(node)),
                    variable: assignedVariable(of: node) ?? ImportTable.dottedName(data)))
        }
        return result
    }

    func augmentedStep(_ op: String, operand: Node, statement: Node, variable: String) -> FlowStep? {
        let factor = context.constants.evaluate(operand).number
        let kind: DataStep.Kind?
        switch op {
        case "/=":
            kind = factor.map { $0 == 1 ? nil : ($0 > 1 || $0 < 0 ? .scaling : .unknown) } ?? .scaling
        case "*=":
            kind = factor.map { $0 == 1 ? nil : ($0 > 0 && $0 < 1 ? .scaling : .unknown) } ?? .unknown
        case "-=":
            kind = factor == 0 ? nil : .scaling
        default:
            kind = .unknown
        }
        guard let kind else { return nil }
        let verb = ["/=": "divide by", "*=": "multiply by", "-=": "subtract"][op] ?? op
        return FlowStep(
            step: DataStep(kind: kind, description: "\(verb) \(operand.text)", span: SourceSpan(statement)),
            variable: variable)
    }
}
