import PythonSyntax

extension DataFlowTracer {
    // MARK: Syntax helpers

    /// The positional arguments of a call (keyword arguments, splats and comments left out).
    static func positionalArguments(of call: Node) -> [Node] {
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return [] }
        return list.namedChildren.filter {
            $0.type != "keyword_argument" && $0.type != "comment" && $0.type != "list_splat"
                && $0.type != "dictionary_splat"
        }
    }

    /// The value of a keyword argument of a call.
    static func keywordArgument(_ name: String, of call: Node) -> Node? {
        call.child(field: .arguments)?.namedChildren.first {
            $0.type == "keyword_argument" && $0.child(field: .name)?.text == name
        }?.child(field: .value)
    }

    /// The value of the last `return` statement of a function (nested functions and classes left out).
    static func lastReturnValue(of function: Node) -> Node? {
        guard let body = function.child(field: .body) else { return nil }
        var last: Node?
        body.walk { node in
            switch node.type {
            case "function_definition", "class_definition", "lambda":
                return false
            case "return_statement":
                if let value = node.namedChildren.first(where: { $0.type != "comment" }) { last = value }
                return false
            default:
                return ScopeIndex.mayHoldStatements(node)
            }
        }
        return last
    }

    /// The first parameter of a method after `self` (or of a function without `self`).
    static func inputParameter(of function: Node) -> String? {
        guard let parameters = function.child(field: .parameters) else { return nil }
        let names = parameters.namedChildren.compactMap { parameter -> String? in
            switch parameter.type {
            case "identifier": return parameter.text
            case "typed_parameter", "default_parameter", "typed_default_parameter":
                let name = parameter.child(field: .name) ?? parameter.namedChildren.first
                return name?.type == "identifier" ? name?.text : nil
            default: return nil
            }
        }
        guard let first = names.first else { return nil }
        return first == "self" || first == "cls" ? names.dropFirst().first : first
    }
}
