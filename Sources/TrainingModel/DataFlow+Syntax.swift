import PythonSyntax

extension DataFlow {
    // MARK: Syntax helpers

    /// The variable an expression's value is assigned to (`x` in `x = e`, `b` in `a, b = d, e`).
    func assignedVariable(of expression: Node) -> String? {
        var chain = ancestors(of: expression)
        var node = expression
        while let parent = chain.last, parent.type == "parenthesized_expression" {
            node = parent
            chain.removeLast()
        }
        guard let parent = chain.popLast() else { return nil }
        switch parent.type {
        case "assignment":
            guard parent.child(field: .right) == node, let left = parent.child(field: .left) else { return nil }
            return ImportTable.dottedName(left)
        case "expression_list", "tuple":
            guard let statement = chain.last, statement.type == "assignment", statement.child(field: .right) == parent,
                let left = statement.child(field: .left), let index = Self.elements(of: parent).firstIndex(of: node)
            else { return nil }
            let targets = Self.elements(of: left)
            return index < targets.count ? ImportTable.dottedName(targets[index]) : nil
        default:
            return nil
        }
    }

    static func firstNamedChild(_ node: Node) -> Node? {
        node.namedChildren.first { $0.type != "comment" }
    }

    static func elements(of node: Node) -> [Node] {
        node.namedChildren.filter { $0.type != "comment" }
    }

    static func isEmptyList(_ node: Node) -> Bool {
        (node.type == "list" && node.namedChildCount == 0)
            || (node.type == "call" && node.child(field: .function)?.text == "list"
                && positionalArguments(of: node).isEmpty)
    }

    /// Where `name` sits inside an unpacking target (`[1, 0]` for `b` in `a, (b, c)`).
    static func path(of name: String, in pattern: Node) -> [Int]? {
        switch pattern.type {
        case "identifier":
            return pattern.text == name ? [] : nil
        case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression":
            for (index, element) in elements(of: pattern).enumerated() {
                if let inner = path(of: name, in: element) { return [index] + inner }
            }
            return nil
        default:
            return nil
        }
    }

    /// The identifier nodes of a parameter list, in order.
    static func parameterNodes(_ parameters: Node) -> [Node] {
        parameters.namedChildren.compactMap { parameter -> Node? in
            switch parameter.type {
            case "identifier": return parameter
            case "default_parameter", "typed_default_parameter": return parameter.child(field: .name)
            case "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern":
                return parameter.namedChildren.first { $0.type == "identifier" }
            default: return nil
            }
        }
    }

    static func parameter(named name: String, in parameters: Node) -> Node? {
        parameterNodes(parameters).first { $0.text == name }
    }
}
