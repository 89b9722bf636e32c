import PythonSyntax

extension DataFlow {
    // MARK: Names

    func traceName(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        traceName(node.text, bound: binding(of: node.text, at: node), pending, depth: depth)
    }

    /// The trace of `name` through the binding it has at its use.
    private func traceName(_ name: String, bound binding: Binding, _ pending: [Int], depth: Int) -> Trace {
        switch binding {
        case .assignment(let assignment):
            var result = traceBinding(assignment, pending: pending, depth: depth)
            close(&result, name: name, at: assignment.target)
            return result
        case .loop(let iterable, let path, let target):
            var result = trace(iterable, path + pending, depth: depth)
            close(&result, name: name, at: target)
            return result
        case .appended(let assignment, let argument):
            var result = trace(argument, pending, depth: depth)
            close(&result, name: name, at: assignment.target)
            return result
        case .parameter(let parameter):
            return traceArgument(for: parameter, pending, depth: depth)
                ?? Trace(root: name, rootSpan: SourceSpan(parameter))
        case .unbound:
            return Trace(root: name)
        }
    }

    /// What the first call of a module-level function passes for one of its parameters
    /// (`train_step(images, labels)` for `def train_step(x, y)`), or nil when the parameter does
    /// not belong to such a function or no call passes it plainly.
    private func traceArgument(for parameter: Node, _ pending: [Int], depth: Int) -> Trace? {
        guard let list = parameter.parent,
            list.type == "parameters"
                || ["default_parameter", "typed_parameter", "typed_default_parameter"].contains(list.type)
        else { return nil }
        let parameters = list.type == "parameters" ? list : list.parent
        guard let parameters, parameters.type == "parameters", let definition = parameters.parent,
            definition.type == "function_definition", let name = definition.child(field: .name)?.text,
            functions[name] == definition
        else { return nil }
        let all = Self.parameterNodes(parameters)
        guard let position = all.firstIndex(of: parameter),
            !parameters.namedChildren.prefix(position + 1).contains(where: {
                $0.type == "list_splat_pattern" || $0.type == "dictionary_splat_pattern"
            })
        else { return nil }
        for call in callsByName[name] ?? [] where !definition.byteRange.contains(call.startByte) {
            let positional = Self.positionalArguments(of: call)
            guard
                let argument = position < positional.count
                    ? positional[position] : keywordArgument(call, parameter.text)
            else { continue }
            return trace(argument, pending, depth: depth)
        }
        return nil
    }

    /// Makes `name` the root of an open trace.
    private func close(_ trace: inout Trace, name: String, at target: Node) {
        guard trace.isOpen else { return }
        trace.root = name
        trace.rootSpan = SourceSpan(target)
        trace.isOpen = false
    }

    func traceBinding(_ assignment: ScopeIndex.Assignment, pending: [Int], depth: Int) -> Trace {
        let key = Key(
            start: assignment.target.startByte, end: assignment.statement.startByte, symbol: 0,
            pending: assignment.path + pending)
        if let cached = bindingMemo[key] { return cached }
        guard depth < maxDepth, budget > 0, inProgress.insert(key).inserted else {
            return unknown(assignment.statement, "too deep to follow")
        }
        budget -= 1
        var result: Trace
        if let op = assignment.augmentedOperator {
            // `x /= 255`: what `x` was before, then the operation.
            result = traceNameBefore(assignment, pending, depth: depth + 1)
            if let step = augmentedStep(
                op, operand: assignment.value, statement: assignment.statement, variable: assignment.name)
            {
                result.append(step)
            }
        } else {
            result = trace(assignment.value, assignment.path + pending, depth: depth + 1)
        }
        inProgress.remove(key)
        bindingMemo[key] = result
        return result
    }

    /// The trace of the name an augmented assignment updates, as bound before it.
    private func traceNameBefore(_ assignment: ScopeIndex.Assignment, _ pending: [Int], depth: Int) -> Trace {
        let name = assignment.name
        let binding = binding(of: name, at: assignment.target, excluding: assignment.offset)
        return traceName(name, bound: binding, pending, depth: depth)
    }

    /// How `name` is bound where `use` reads it. `excluding` leaves out one assignment statement
    /// (the one being followed). Only assignments before the use count, except that a function
    /// may read a global assigned further down.
    func binding(of name: String, at use: Node, excluding: Int? = nil) -> Binding {
        var excluded = excluding
        var loop: (iterable: Node, path: [Int], target: Node, start: Int)?
        var function: Node?
        var parameter: Node?
        var child = use
        walk: for current in ancestors(of: use).reversed() {
            switch current.type {
            case "assignment", "augmented_assignment":
                if excluded == nil, let right = current.child(field: .right), right.byteRange.contains(child.startByte),
                    current.child(field: .left)?.byteRange.contains(use.startByte) != true
                {
                    excluded = current.startByte
                }
            case "for_statement":
                if loop == nil, let left = current.child(field: .left), let right = current.child(field: .right),
                    child.startByte >= right.endByte, let path = Self.path(of: name, in: left)
                {
                    loop = (right, path, left, current.startByte)
                }
            case "list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension":
                for clause in current.namedChildren where clause.type == "for_in_clause" {
                    guard let left = clause.child(field: .left), let right = clause.child(field: .right),
                        !right.byteRange.contains(use.startByte), let path = Self.path(of: name, in: left)
                    else { continue }
                    return .loop(iterable: right, path: path, target: left)
                }
            case "lambda":
                if let parameters = current.child(field: .parameters),
                    let found = Self.parameter(named: name, in: parameters)
                {
                    return .parameter(found)
                }
            case "function_definition":
                function = current
                if let parameters = current.child(field: .parameters) {
                    parameter = Self.parameter(named: name, in: parameters)
                }
                break walk
            default:
                break
            }
            child = current
        }
        let offset = use.startByte
        var assignment = context.scopes.assignment(of: name, at: offset, excludingStatementAt: excluded)
        if let found = assignment, found.offset >= offset {
            // A later assignment counts only as a global read from inside a function.
            let isGlobalRead = function.map { !$0.byteRange.contains(found.offset) } ?? false
            if !isGlobalRead { assignment = nil }
        }
        if let loop, assignment.map({ $0.offset < loop.start || $0.offset >= offset }) ?? true {
            return .loop(iterable: loop.iterable, path: loop.path, target: loop.target)
        }
        if let parameter, let function, assignment.map({ !function.byteRange.contains($0.offset) }) ?? true {
            return .parameter(parameter)
        }
        guard let assignment else { return .unbound }
        if assignment.path.isEmpty, assignment.augmentedOperator == nil, Self.isEmptyList(assignment.value),
            let argument = appends[name]?.first(where: { $0.startByte > assignment.offset && $0.startByte < offset })
        {
            return .appended(assignment, argument: argument)
        }
        return .assignment(assignment)
    }

    // MARK: Attributes and subscripts

    func traceAttribute(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        guard let object = node.child(field: .object), let attribute = node.child(field: .attribute) else {
            return Trace()
        }
        if ["values", "array"].contains(attribute.text),
            object.type != "identifier" || context.imports.bindings[object.text] == nil
        {
            return trace(object, pending, depth: depth)
        }
        // `self.x` and other attributes: followed only when assigned in the same scope.
        if let assignment = context.scopes.assignment(of: node.text, at: node.startByte),
            assignment.offset < node.startByte
        {
            var result = traceBinding(assignment, pending: pending, depth: depth)
            close(&result, name: node.text, at: assignment.target)
            return result
        }
        return Trace(root: node.text)
    }

    func traceSubscript(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        guard let value = node.child(field: .value) else { return Trace() }
        let subscripts = node.children(field: .subscript)
        if subscripts.count == 1, case .int(let index) = context.constants.evaluate(subscripts[0]), index >= 0,
            yieldsTuple(value)
        {
            // `data[0]` of `data = mnist.load_data()`: an element, not a slice.
            return trace(value, [index] + pending, depth: depth)
        }
        var result = trace(value, pending, depth: depth)
        let text = context.source.text(in: value.endByte..<node.endByte)
        if subscripts.count == 1, context.constants.evaluate(subscripts[0]).string != nil {
            // `data["x_train"]` of an `.npz` file or a dict: a member, part of the data's identity.
            if !result.isOpen, let root = result.root, result.slices.isEmpty { result.root = root + text }
            return result
        }
        result.slices.append(text)
        return result
    }

    /// Whether an expression yields a tuple whose elements are separate data (a `load_data()`
    /// result, a split, a tuple literal).
    private func yieldsTuple(_ node: Node) -> Bool {
        var value = node
        if value.type == "identifier" {
            guard case .assignment(let assignment) = binding(of: value.text, at: value), assignment.path.isEmpty,
                assignment.augmentedOperator == nil
            else { return false }
            value = assignment.value
        }
        switch value.type {
        case "tuple", "expression_list", "parenthesized_expression": return true
        case "call":
            if datasetsByCall[value.byteRange] != nil { return true }
            guard let name = calleeName(value) else { return false }
            return DataCatalog.splitFunctions[name] != nil
        default: return false
        }
    }
}
