/// A node type (`call`, `identifier`, ...) as a small integer, for comparisons in hot loops:
/// `node.kind == .call` is `node.type == "call"` without building or comparing a string.
///
/// Types are identified by name, as `Node.type` is: grammar symbols that share a name (a named
/// node and a keyword of the same spelling) are the same `NodeType`.
public struct NodeType: Hashable, Sendable {
    /// The smallest grammar symbol with this name; `UInt16.max` for a name the grammar lacks.
    let id: UInt16

    /// The type with this name; one that no node has if the grammar has no such name.
    public init(_ name: String) {
        id = PythonGrammar.symbolNames.firstIndex(of: name).map { UInt16($0) } ?? (name == "ERROR" ? Self.errorID : .max)
    }

    init(id: UInt16) {
        self.id = id
    }

    /// `ERROR` nodes (tree-sitter's own symbol, outside the grammar's table).
    static let errorID = UInt16.max - 1

    /// The type of each symbol, by symbol.
    static let bySymbol: [UInt16] = {
        var first: [String: UInt16] = [:]
        return PythonGrammar.symbolNames.enumerated().map { symbol, name in
            if let known = first[name] { return known }
            first[name] = UInt16(symbol)
            return UInt16(symbol)
        }
    }()

    public static let argumentList = NodeType("argument_list")
    public static let assignment = NodeType("assignment")
    public static let attribute = NodeType("attribute")
    public static let augmentedAssignment = NodeType("augmented_assignment")
    public static let block = NodeType("block")
    public static let call = NodeType("call")
    public static let caseClause = NodeType("case_clause")
    public static let classDefinition = NodeType("class_definition")
    public static let comment = NodeType("comment")
    public static let decoratedDefinition = NodeType("decorated_definition")
    public static let dictionarySplat = NodeType("dictionary_splat")
    public static let elifClause = NodeType("elif_clause")
    public static let elseClause = NodeType("else_clause")
    public static let error = NodeType(id: errorID)
    public static let exceptClause = NodeType("except_clause")
    public static let exceptGroupClause = NodeType("except_group_clause")
    public static let expressionStatement = NodeType("expression_statement")
    public static let finallyClause = NodeType("finally_clause")
    public static let float = NodeType("float")
    public static let forStatement = NodeType("for_statement")
    public static let functionDefinition = NodeType("function_definition")
    public static let identifier = NodeType("identifier")
    public static let ifStatement = NodeType("if_statement")
    public static let importFromStatement = NodeType("import_from_statement")
    public static let importStatement = NodeType("import_statement")
    public static let integer = NodeType("integer")
    public static let keywordArgument = NodeType("keyword_argument")
    public static let listSplat = NodeType("list_splat")
    public static let matchStatement = NodeType("match_statement")
    public static let module = NodeType("module")
    public static let string = NodeType("string")
    public static let tryStatement = NodeType("try_statement")
    public static let whileStatement = NodeType("while_statement")
    public static let withStatement = NodeType("with_statement")
}

extension Node {
    /// The node type as a `NodeType`: `node.kind == .call` is `node.type == "call"`.
    public var kind: NodeType {
        let symbol = tree.records[index].symbol
        if symbol == PythonGrammar.errorSymbol { return .error }
        let table = NodeType.bySymbol
        return symbol < table.count ? NodeType(id: table[Int(symbol)]) : .error
    }
}
