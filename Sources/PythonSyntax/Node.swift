import CTreeSitter

/// A node of a `SyntaxTree`. Cheap to copy; keeps its tree alive.
///
/// A node is its tree and its index in the tree's pre-order `NodeTable`, so navigation (parent,
/// children, fields, siblings, walks) reads arrays rather than re-walking tree-sitter's tree.
/// tree-sitter's null node becomes `nil` at every accessor that can return one.
package struct Node {
    /// The tree this node belongs to.
    package let tree: SyntaxTree
    /// The index of the node in `tree.records`.
    let index: Int

    init(tree: SyntaxTree, index: Int) {
        self.tree = tree
        self.index = index
    }

    /// The node for a tree-sitter node of `tree`; nil for the null node.
    init?(raw: TSNode, tree: SyntaxTree) {
        guard let index = tree.index(of: raw) else { return nil }
        self.init(tree: tree, index: index)
    }

    /// The tree-sitter node.
    var raw: TSNode { tree.records[index].raw }

    private func node(at index: Int32) -> Node? {
        index < 0 ? nil : Node(tree: tree, index: Int(index))
    }

    // MARK: Kind

    /// The grammar symbol, stable for a grammar version; compare with `PythonGrammar.symbol(named:)`.
    package var symbol: UInt16 { tree.records[index].symbol }

    /// The `NodeType` id (see `kind`).
    @usableFromInline var kindID: UInt16 { tree.records[index].kind }

    /// The node type, such as `"call"` or `"identifier"`, or the literal text of an anonymous
    /// node such as `"("`.
    package var type: String {
        let symbol = Int(tree.records[index].symbol)
        let names = PythonGrammar.symbolNames
        return symbol < names.count ? names[symbol] : "ERROR"
    }

    package var isNamed: Bool { tree.records[index].isNamed }
    /// Whether the parser inserted this node to recover from an error; it spans no text.
    package var isMissing: Bool { ts_node_is_missing(raw) }
    /// Whether this is an `ERROR` node.
    package var isError: Bool { symbol == PythonGrammar.errorSymbol }
    /// Whether this node or a descendant is an error or missing node.
    package var hasError: Bool { ts_node_has_error(raw) }
    /// Whether this node is an "extra", such as a comment, that may appear anywhere.
    package var isExtra: Bool { ts_node_is_extra(raw) }

    // MARK: Position

    package var startByte: Int { Int(tree.records[index].start) }
    package var endByte: Int { Int(tree.records[index].end) }
    package var byteRange: Range<Int> {
        let record = tree.records[index]
        return Int(record.start)..<Int(record.end)
    }
    /// Zero-based row and UTF-8 byte column of the start.
    package var startPoint: LineColumn { LineColumn(ts_node_start_point(raw)) }
    /// Zero-based row and UTF-8 byte column of the end.
    package var endPoint: LineColumn { LineColumn(ts_node_end_point(raw)) }

    /// The source text this node spans.
    package var text: String { tree.source.text(in: byteRange) }

    // MARK: Navigation

    package var parent: Node? {
        // tree-sitter finds a zero-width node's parent by range and may pick another node: ask it.
        isZeroWidth ? Node(raw: ts_node_parent(raw), tree: tree) : node(at: tree.records[index].parent)
    }

    /// A node that spans no text (one the parser inserted); tree-sitter's own answers about its
    /// parent and siblings are kept, quirks included.
    private var isZeroWidth: Bool { tree.records[index].start == tree.records[index].end }
    package var childCount: Int { Int(tree.records[index].childCount) }
    package var namedChildCount: Int { Int(tree.records[index].namedChildCount) }

    /// The index of the first child, or -1.
    private var firstChildIndex: Int32 { tree.records[index].childCount > 0 ? Int32(index + 1) : -1 }

    package func child(at position: Int) -> Node? {
        guard position >= 0, position < childCount else { return nil }
        let records = tree.records
        var child = firstChildIndex
        for _ in 0..<position { child = records[Int(child)].nextSibling }
        return node(at: child)
    }

    package func namedChild(at position: Int) -> Node? {
        guard position >= 0, position < namedChildCount else { return nil }
        let records = tree.records
        var child = firstChildIndex
        var remaining = position
        while child >= 0 {
            if records[Int(child)].isNamed {
                if remaining == 0 { return node(at: child) }
                remaining -= 1
            }
            child = records[Int(child)].nextSibling
        }
        return nil
    }

    /// All children, named and anonymous, in order.
    package var children: [Node] {
        var result: [Node] = []
        result.reserveCapacity(childCount)
        forEachChild { result.append($0) }
        return result
    }

    /// The named children in order (punctuation and keywords left out).
    package var namedChildren: [Node] {
        var result: [Node] = []
        result.reserveCapacity(namedChildCount)
        let records = tree.records
        var child = firstChildIndex
        while child >= 0 {
            if records[Int(child)].isNamed { result.append(Node(tree: tree, index: Int(child))) }
            child = records[Int(child)].nextSibling
        }
        return result
    }

    /// Calls `body` for each child in order.
    package func forEachChild(_ body: (Node) -> Void) {
        let records = tree.records
        var child = firstChildIndex
        while child >= 0 {
            body(Node(tree: tree, index: Int(child)))
            child = records[Int(child)].nextSibling
        }
    }

    /// The child in a grammar field, such as `function` or `arguments` of a `call`.
    package func child(field name: String) -> Node? {
        child(field: FieldID(name))
    }

    /// The child in a grammar field, by its id resolved once (`FieldID.function`).
    package func child(field: FieldID) -> Node? {
        let records = tree.records
        if records[index].symbol != PythonGrammar.errorSymbol {
            var child = firstChildIndex
            while child >= 0 {
                if records[Int(child)].field == field.id { return Node(tree: tree, index: Int(child)) }
                child = records[Int(child)].nextSibling
            }
            if records[index].childCount == 0 { return nil }
        }
        guard let grammarID = field.grammarID else { return nil }
        // tree-sitter also finds fields that hidden rules pass up through an aliased child
        // (`alternative` of a `match_statement`) and reads fields of `ERROR` nodes its own way:
        // ask it whenever the direct children say nothing.
        return Node(raw: ts_node_child_by_field_id(raw, grammarID), tree: tree)
    }

    /// Every child in a grammar field that may repeat (such as `alias` or `name` of an import).
    package func children(field name: String) -> [Node] {
        children(field: FieldID(name))
    }

    /// Every child in a grammar field, by its id resolved once.
    package func children(field: FieldID) -> [Node] {
        var result: [Node] = []
        let records = tree.records
        var child = firstChildIndex
        while child >= 0 {
            if records[Int(child)].field == field.id { result.append(Node(tree: tree, index: Int(child))) }
            child = records[Int(child)].nextSibling
        }
        return result
    }

    package var nextSibling: Node? {
        isZeroWidth ? Node(raw: ts_node_next_sibling(raw), tree: tree) : node(at: tree.records[index].nextSibling)
    }

    package var previousSibling: Node? {
        isZeroWidth ? Node(raw: ts_node_prev_sibling(raw), tree: tree) : node(at: tree.records[index].previousSibling)
    }

    package var nextNamedSibling: Node? {
        if isZeroWidth { return Node(raw: ts_node_next_named_sibling(raw), tree: tree) }
        let records = tree.records
        var sibling = records[index].nextSibling
        while sibling >= 0, !records[Int(sibling)].isNamed { sibling = records[Int(sibling)].nextSibling }
        return node(at: sibling)
    }

    package var previousNamedSibling: Node? {
        if isZeroWidth { return Node(raw: ts_node_prev_named_sibling(raw), tree: tree) }
        let records = tree.records
        var sibling = records[index].previousSibling
        while sibling >= 0, !records[Int(sibling)].isNamed { sibling = records[Int(sibling)].previousSibling }
        return node(at: sibling)
    }

    /// The smallest node (named if `named`) that spans a byte range.
    package func descendant(spanning range: Range<Int>, named: Bool = true) -> Node? {
        if index == 0, let exact = tree.deepestNode(exactly: range, named: named) { return exact }
        let lower = UInt32(max(range.lowerBound, 0))
        let upper = UInt32(max(range.upperBound, range.lowerBound, 0))
        let found =
            named
            ? ts_node_named_descendant_for_byte_range(raw, lower, upper)
            : ts_node_descendant_for_byte_range(raw, lower, upper)
        return Node(raw: found, tree: tree)
    }

    /// Visits this node and its descendants in source order (pre-order). `visit` returns whether
    /// to descend into the node it was given.
    package func walk(_ visit: (Node) -> Bool) {
        let records = tree.records
        var current = index
        while true {
            if visit(Node(tree: tree, index: current)), records[current].childCount > 0 {
                current += 1
                continue
            }
            // Skip the subtree: on to the next sibling of the node or of its nearest ancestor.
            var node = current
            while true {
                if node == index { return }
                let next = records[node].nextSibling
                if next >= 0 {
                    current = Int(next)
                    break
                }
                node = Int(records[node].parent)
            }
        }
    }

    /// The S-expression of this subtree, for tests and debugging.
    package var sExpression: String {
        guard let chars = ts_node_string(raw) else { return "" }
        defer { free(chars) }
        return String(cString: chars)
    }
}

extension Node: Equatable, Hashable {
    package static func == (lhs: Node, rhs: Node) -> Bool {
        lhs.tree === rhs.tree && lhs.index == rhs.index
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(tree))
        hasher.combine(startByte)
        hasher.combine(endByte)
        hasher.combine(symbol)
    }
}

extension Node: CustomStringConvertible {
    package var description: String { "\(type)@\(startByte)..<\(endByte)" }
}
