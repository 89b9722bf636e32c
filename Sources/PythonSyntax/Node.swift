import CTreeSitter

/// A node of a `SyntaxTree`. Cheap to copy; keeps its tree alive.
///
/// tree-sitter's null node becomes `nil` at every accessor that can return one.
public struct Node {
    let raw: TSNode
    /// The tree this node belongs to.
    public let tree: SyntaxTree

    init?(raw: TSNode, tree: SyntaxTree) {
        if ts_node_is_null(raw) { return nil }
        self.raw = raw
        self.tree = tree
    }

    // MARK: Kind

    /// The grammar symbol, stable for a grammar version; compare with `PythonGrammar.symbol(named:)`.
    public var symbol: UInt16 { ts_node_symbol(raw) }

    /// The node type, such as `"call"` or `"identifier"`, or the literal text of an anonymous
    /// node such as `"("`.
    public var type: String {
        let symbol = Int(ts_node_symbol(raw))
        let names = PythonGrammar.symbolNames
        return symbol < names.count ? names[symbol] : "ERROR"
    }

    public var isNamed: Bool { ts_node_is_named(raw) }
    /// Whether the parser inserted this node to recover from an error; it spans no text.
    public var isMissing: Bool { ts_node_is_missing(raw) }
    /// Whether this is an `ERROR` node.
    public var isError: Bool { ts_node_symbol(raw) == PythonGrammar.errorSymbol }
    /// Whether this node or a descendant is an error or missing node.
    public var hasError: Bool { ts_node_has_error(raw) }
    /// Whether this node is an "extra", such as a comment, that may appear anywhere.
    public var isExtra: Bool { ts_node_is_extra(raw) }

    // MARK: Position

    public var startByte: Int { Int(ts_node_start_byte(raw)) }
    public var endByte: Int { Int(ts_node_end_byte(raw)) }
    public var byteRange: Range<Int> { startByte..<endByte }
    /// Zero-based row and UTF-8 byte column of the start.
    public var startPoint: LineColumn { LineColumn(ts_node_start_point(raw)) }
    /// Zero-based row and UTF-8 byte column of the end.
    public var endPoint: LineColumn { LineColumn(ts_node_end_point(raw)) }

    /// The source text this node spans.
    public var text: String { tree.source.text(in: byteRange) }

    // MARK: Navigation

    public var parent: Node? { Node(raw: ts_node_parent(raw), tree: tree) }
    public var childCount: Int { Int(ts_node_child_count(raw)) }
    public var namedChildCount: Int { Int(ts_node_named_child_count(raw)) }

    public func child(at index: Int) -> Node? {
        guard index >= 0, index < childCount else { return nil }
        return Node(raw: ts_node_child(raw, UInt32(index)), tree: tree)
    }

    public func namedChild(at index: Int) -> Node? {
        guard index >= 0, index < namedChildCount else { return nil }
        return Node(raw: ts_node_named_child(raw, UInt32(index)), tree: tree)
    }

    /// All children, named and anonymous, in order.
    public var children: [Node] {
        var result: [Node] = []
        result.reserveCapacity(childCount)
        forEachChild { result.append($0) }
        return result
    }

    /// The named children in order (punctuation and keywords left out).
    public var namedChildren: [Node] {
        var result: [Node] = []
        result.reserveCapacity(namedChildCount)
        forEachChild { if $0.isNamed { result.append($0) } }
        return result
    }

    /// Calls `body` for each child in order, with a cursor rather than repeated indexing.
    public func forEachChild(_ body: (Node) -> Void) {
        var cursor = ts_tree_cursor_new(raw)
        defer { ts_tree_cursor_delete(&cursor) }
        guard ts_tree_cursor_goto_first_child(&cursor) else { return }
        repeat {
            if let node = Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree) { body(node) }
        } while ts_tree_cursor_goto_next_sibling(&cursor)
    }

    /// The child in a grammar field, such as `function` or `arguments` of a `call`.
    public func child(field name: String) -> Node? {
        guard let id = PythonGrammar.fieldIDs[name] else { return nil }
        return Node(raw: ts_node_child_by_field_id(raw, id), tree: tree)
    }

    /// Every child in a grammar field that may repeat (such as `alias` or `name` of an import).
    public func children(field name: String) -> [Node] {
        guard let id = PythonGrammar.fieldIDs[name] else { return [] }
        var result: [Node] = []
        var cursor = ts_tree_cursor_new(raw)
        defer { ts_tree_cursor_delete(&cursor) }
        guard ts_tree_cursor_goto_first_child(&cursor) else { return [] }
        repeat {
            if ts_tree_cursor_current_field_id(&cursor) == id,
               let node = Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree) {
                result.append(node)
            }
        } while ts_tree_cursor_goto_next_sibling(&cursor)
        return result
    }

    public var nextSibling: Node? { Node(raw: ts_node_next_sibling(raw), tree: tree) }
    public var previousSibling: Node? { Node(raw: ts_node_prev_sibling(raw), tree: tree) }
    public var nextNamedSibling: Node? { Node(raw: ts_node_next_named_sibling(raw), tree: tree) }
    public var previousNamedSibling: Node? { Node(raw: ts_node_prev_named_sibling(raw), tree: tree) }

    /// The smallest node (named if `named`) that spans a byte range.
    public func descendant(spanning range: Range<Int>, named: Bool = true) -> Node? {
        let lower = UInt32(max(range.lowerBound, 0))
        let upper = UInt32(max(range.upperBound, range.lowerBound, 0))
        let found = named
            ? ts_node_named_descendant_for_byte_range(raw, lower, upper)
            : ts_node_descendant_for_byte_range(raw, lower, upper)
        return Node(raw: found, tree: tree)
    }

    /// Visits this node and its descendants in source order (pre-order). `visit` returns whether
    /// to descend into the node it was given.
    public func walk(_ visit: (Node) -> Bool) {
        var cursor = ts_tree_cursor_new(raw)
        defer { ts_tree_cursor_delete(&cursor) }
        while true {
            let node = Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree)!
            if visit(node), ts_tree_cursor_goto_first_child(&cursor) { continue }
            while !ts_tree_cursor_goto_next_sibling(&cursor) {
                guard ts_tree_cursor_goto_parent(&cursor) else { return }
            }
        }
    }

    /// The S-expression of this subtree, for tests and debugging.
    public var sExpression: String {
        guard let chars = ts_node_string(raw) else { return "" }
        defer { free(chars) }
        return String(cString: chars)
    }
}

extension Node: Equatable, Hashable {
    public static func == (lhs: Node, rhs: Node) -> Bool {
        lhs.tree === rhs.tree && ts_node_eq(lhs.raw, rhs.raw)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(tree))
        hasher.combine(startByte)
        hasher.combine(endByte)
        hasher.combine(symbol)
    }
}

extension Node: CustomStringConvertible {
    public var description: String { "\(type)@\(startByte)..<\(endByte)" }
}
