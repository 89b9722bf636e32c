import PythonSyntax

extension DataFlow {
    // MARK: Arguments

    /// The first positional argument of a call, without collecting the others.
    static func firstPositionalArgument(of call: Node) -> Node? {
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return nil }
        var index = 0
        while let child = list.namedChild(at: index) {
            switch child.type {
            case "comment", "keyword_argument", "list_splat", "dictionary_splat": index += 1
            default: return child
            }
        }
        return nil
    }

    static func positionalArguments(of call: Node) -> [Node] {
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return [] }
        return list.namedChildren.filter {
            !["comment", "keyword_argument", "list_splat", "dictionary_splat"].contains($0.type)
        }
    }

    func keywordArgument(_ call: Node, _ keyword: String) -> Node? {
        guard let list = call.child(field: .arguments) else { return nil }
        for child in list.namedChildren
        where child.type == "keyword_argument" && child.child(field: .name)?.text == keyword {
            return child.child(field: .value)
        }
        return nil
    }

    /// Integers from one tuple/list argument or from several positional ones; nil if any is unknown.
    func intList(_ nodes: [Node]) -> [Int]? {
        guard !nodes.isEmpty else { return nil }
        var result: [Int] = []
        for node in nodes {
            guard case .int(let value) = context.constants.evaluate(node) else { return nil }
            result.append(value)
        }
        return result
    }

    func intList(_ node: Node) -> [Int]? {
        guard case .sequence(let values) = context.constants.evaluate(node) else { return nil }
        var result: [Int] = []
        for value in values {
            guard case .int(let number) = value else { return nil }
            result.append(number)
        }
        return result
    }

    /// A reshape's target shape, with -1 for what is not a constant.
    func shape(_ nodes: [Node]) -> [Int]? {
        guard !nodes.isEmpty else { return nil }
        var values: [Value] = nodes.map { context.constants.evaluate($0) }
        if values.count == 1, case .sequence(let inner) = values[0] { values = inner }
        let result = values.map { value -> Int in
            if case .int(let number) = value { return number }
            return -1
        }
        return result.isEmpty ? nil : result
    }

    func permutation(_ form: DataCatalog.PermutationForm, call: Node, arguments: [Node]) -> [Int]? {
        switch form {
        case .axesList(let keyword):
            guard let axes = arguments.first ?? keywordArgument(call, keyword) else { return nil }
            return intList(axes)
        case .swap:
            return Self.swap(intList(arguments))
        case .move:
            return Self.move(intList(arguments))
        case .roll:
            guard let values = intList(arguments), values.count == 2 else { return nil }
            switch (values[0], values[1]) {
            case (3, 1), (-1, 1): return [0, 3, 1, 2]
            case (1, 4): return [0, 2, 3, 1]
            default: return nil
            }
        }
    }

    /// Swapping two axes of a 4-D array (`x.transpose(1, 3)`), when the rank is clear.
    static func swap(_ values: [Int]?) -> [Int]? {
        guard let values, values.count == 2, values.allSatisfy({ (0...3).contains($0) }), values.max() == 3 else {
            return nil
        }
        var axes = [0, 1, 2, 3]
        axes.swapAt(values[0], values[1])
        return axes
    }

    /// Moving one axis (`np.moveaxis(x, -1, 1)`), for the moves between channels-last and
    /// channels-first of 4-D batches and 3-D single images.
    static func move(_ values: [Int]?) -> [Int]? {
        guard let values, values.count == 2 else { return nil }
        switch (values[0], values[1]) {
        case (-1, 1), (3, 1): return [0, 3, 1, 2]
        case (1, -1), (1, 3): return [0, 2, 3, 1]
        case (-1, 0), (2, 0): return [2, 0, 1]
        case (0, -1), (0, 2): return [1, 2, 0]
        default: return nil
        }
    }

    /// Whether an assignment might scale data, judged from its syntax alone: an arithmetic or
    /// augmented operator, or a call that may scale, along the chain of receivers and first
    /// arguments of its value. Cheap; used to skip the rest.
    func mayScale(_ assignment: ScopeIndex.Assignment) -> Bool {
        if let op = assignment.augmentedOperator { return op == "/=" || op == "*=" || op == "-=" }
        var pending = [assignment.value]
        var visited = 0
        while let node = pending.popLast(), visited < 32 {
            visited += 1
            switch node.type {
            case "binary_operator":
                // An operator's node type is its text, without building a string.
                if let op = node.child(field: .operator)?.type, op == "/" || op == "*" || op == "-" { return true }
            case "parenthesized_expression", "tuple", "expression_list", "list":
                node.forEachChild { if $0.isNamed { pending.append($0) } }
            case "subscript":
                if let value = node.child(field: .value) { pending.append(value) }
            case "call":
                guard let function = node.child(field: .function) else { continue }
                let functionType = function.type
                if functionType == "call" { return true }
                let name = functionType == "attribute" ? function.child(field: .attribute)?.text : function.text
                if let name,
                    Self.mayScaleNames.contains(name) || name.hasSuffix("preprocess_input")
                        || name.hasPrefix("normalize")
                        || DataCatalog.scalingMethods.contains(name)
                {
                    return true
                }
                if functionType == "attribute", let receiver = function.child(field: .object) {
                    pending.append(receiver)
                }
                if let first = Self.firstPositionalArgument(of: node) { pending.append(first) }
            default:
                break
            }
        }
        return false
    }

    /// Last components of calls that may scale their data (see `DataCatalog` for the details).
    private static let mayScaleNames: Set<String> = {
        var names: Set<String> = ["map", "flow", "fit_transform", "transform", "Rescaling", "Normalization", "scale"]
        for name in DataCatalog.scalingFunctions.keys { names.insert(String(name.lastDottedPart ?? "")) }
        return names
    }()
}
