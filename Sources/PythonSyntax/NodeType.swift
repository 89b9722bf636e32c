/// A node type (`call`, `identifier`, ...) as a small integer, for comparisons in hot loops:
/// `node.kind == .call` is `node.type == "call"` without building or comparing a string.
///
/// Types are identified by name, as `Node.type` is: grammar symbols that share a name (a named
/// node and a keyword of the same spelling) are the same `NodeType`. The types the analysis
/// compares against have fixed ids (`known`), so `.call` is a constant; the node table stores
/// each node's id, mapped from its grammar symbol once per tree.
@frozen
package struct NodeType: Hashable, Sendable {
    /// An index into `known`, or `firstUnknownID` + the smallest grammar symbol with the name
    /// (`UInt16.max` for a name the grammar lacks).
    @usableFromInline let id: UInt16

    @inlinable init(id: UInt16) {
        self.id = id
    }

    /// Compares ids inline: the synthesised `==` is not inlinable across modules, so every
    /// `switch node.kind` in the analysis went through `Equatable`'s generic `~=` and a
    /// protocol witness per case.
    @inlinable package static func == (lhs: NodeType, rhs: NodeType) -> Bool { lhs.id == rhs.id }

    @inlinable package static func ~= (pattern: NodeType, value: NodeType) -> Bool { pattern.id == value.id }

    /// The type with this name; one that no node has if the grammar has no such name.
    package init(_ name: String) {
        if let known = Self.known.firstIndex(of: name) {
            id = UInt16(known)
        } else if let symbol = PythonGrammar.symbolNames.firstIndex(of: name) {
            id = Self.firstUnknownID + UInt16(symbol)
        } else {
            id = .max
        }
    }

    /// The names of the types with constants below, in id order.
    static let known: [String] = [
        "ERROR",
        "argument_list",
        "assignment",
        "attribute",
        "augmented_assignment",
        "block",
        "call",
        "case_clause",
        "class_definition",
        "comment",
        "decorated_definition",
        "dictionary_splat",
        "elif_clause",
        "else_clause",
        "except_clause",
        "except_group_clause",
        "expression_statement",
        "finally_clause",
        "float",
        "for_statement",
        "function_definition",
        "identifier",
        "if_statement",
        "import_from_statement",
        "import_statement",
        "integer",
        "keyword_argument",
        "list_splat",
        "match_statement",
        "module",
        "string",
        "try_statement",
        "while_statement",
        "with_statement",
        "true",
        "false",
        "none",
        "concatenated_string",
        "parenthesized_expression",
        "tuple",
        "list",
        "expression_list",
        "unary_operator",
        "binary_operator",
    ]

    static let firstUnknownID: UInt16 = 1000

    /// The type id of each grammar symbol, by symbol.
    static let bySymbol: [UInt16] = {
        var first: [String: UInt16] = [:]
        return PythonGrammar.symbolNames.enumerated().map { symbol, name in
            if let index = known.firstIndex(of: name) { return UInt16(index) }
            if let seen = first[name] { return seen }
            first[name] = firstUnknownID + UInt16(symbol)
            return firstUnknownID + UInt16(symbol)
        }
    }()

    /// The type id of a symbol (tree-sitter's `ERROR` symbol is outside the grammar's table).
    static func id(ofSymbol symbol: UInt16, in table: [UInt16]) -> UInt16 {
        Int(symbol) < table.count ? table[Int(symbol)] : NodeType.error.id
    }

    @inlinable package static var error: NodeType { NodeType(id: 0) }
    @inlinable package static var argumentList: NodeType { NodeType(id: 1) }
    @inlinable package static var assignment: NodeType { NodeType(id: 2) }
    @inlinable package static var attribute: NodeType { NodeType(id: 3) }
    @inlinable package static var augmentedAssignment: NodeType { NodeType(id: 4) }
    @inlinable package static var block: NodeType { NodeType(id: 5) }
    @inlinable package static var call: NodeType { NodeType(id: 6) }
    @inlinable package static var caseClause: NodeType { NodeType(id: 7) }
    @inlinable package static var classDefinition: NodeType { NodeType(id: 8) }
    @inlinable package static var comment: NodeType { NodeType(id: 9) }
    @inlinable package static var decoratedDefinition: NodeType { NodeType(id: 10) }
    @inlinable package static var dictionarySplat: NodeType { NodeType(id: 11) }
    @inlinable package static var elifClause: NodeType { NodeType(id: 12) }
    @inlinable package static var elseClause: NodeType { NodeType(id: 13) }
    @inlinable package static var exceptClause: NodeType { NodeType(id: 14) }
    @inlinable package static var exceptGroupClause: NodeType { NodeType(id: 15) }
    @inlinable package static var expressionStatement: NodeType { NodeType(id: 16) }
    @inlinable package static var finallyClause: NodeType { NodeType(id: 17) }
    @inlinable package static var float: NodeType { NodeType(id: 18) }
    @inlinable package static var forStatement: NodeType { NodeType(id: 19) }
    @inlinable package static var functionDefinition: NodeType { NodeType(id: 20) }
    @inlinable package static var identifier: NodeType { NodeType(id: 21) }
    @inlinable package static var ifStatement: NodeType { NodeType(id: 22) }
    @inlinable package static var importFromStatement: NodeType { NodeType(id: 23) }
    @inlinable package static var importStatement: NodeType { NodeType(id: 24) }
    @inlinable package static var integer: NodeType { NodeType(id: 25) }
    @inlinable package static var keywordArgument: NodeType { NodeType(id: 26) }
    @inlinable package static var listSplat: NodeType { NodeType(id: 27) }
    @inlinable package static var matchStatement: NodeType { NodeType(id: 28) }
    @inlinable package static var module: NodeType { NodeType(id: 29) }
    @inlinable package static var string: NodeType { NodeType(id: 30) }
    @inlinable package static var tryStatement: NodeType { NodeType(id: 31) }
    @inlinable package static var whileStatement: NodeType { NodeType(id: 32) }
    @inlinable package static var withStatement: NodeType { NodeType(id: 33) }
    @inlinable package static var `true`: NodeType { NodeType(id: 34) }
    @inlinable package static var `false`: NodeType { NodeType(id: 35) }
    @inlinable package static var none: NodeType { NodeType(id: 36) }
    @inlinable package static var concatenatedString: NodeType { NodeType(id: 37) }
    @inlinable package static var parenthesizedExpression: NodeType { NodeType(id: 38) }
    @inlinable package static var tuple: NodeType { NodeType(id: 39) }
    @inlinable package static var list: NodeType { NodeType(id: 40) }
    @inlinable package static var expressionList: NodeType { NodeType(id: 41) }
    @inlinable package static var unaryOperator: NodeType { NodeType(id: 42) }
    @inlinable package static var binaryOperator: NodeType { NodeType(id: 43) }
}

extension Node {
    /// The node type as a `NodeType`: `node.kind == .call` is `node.type == "call"`.
    @inlinable package var kind: NodeType { NodeType(id: kindID) }
}
