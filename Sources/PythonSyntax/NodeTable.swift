import CTreeSitter

/// Every visible node of a syntax tree in pre-order, with its links, read from tree-sitter in
/// one cursor walk so that `Node` navigates by array index.
///
/// tree-sitter 0.20's node API re-walks the tree for many calls: `ts_node_parent` descends from
/// the root, `ts_node_child_by_field_id` and `ts_node_child` iterate the parent's subtrees, and a
/// cursor walk per pass costs a descent per node. The analysis asks those questions millions of
/// times on a large script; this table answers each with an array read. Built once per tree, on
/// first use, and immutable afterwards.
struct NodeTable {
    /// One node: the tree-sitter node (for the rare questions the table does not answer) and
    /// what navigation needs.
    struct Record {
        var raw: TSNode
        var start: UInt32
        var end: UInt32
        /// Index of the parent; -1 for the root.
        var parent: Int32
        /// Index of the next and previous sibling (named or not); -1 if none.
        var nextSibling: Int32 = -1
        var previousSibling: Int32
        var childCount: Int32 = 0
        var namedChildCount: Int32 = 0
        /// The public grammar symbol (`ts_node_symbol`).
        var symbol: UInt16
        /// The `NodeType` id of the symbol.
        var kind: UInt16
        /// The `FieldID` id of the field this node fills in its parent
        /// (`ts_tree_cursor_current_field_id`); `FieldID.none` if none.
        var field: UInt16
        var isNamed: Bool
    }

    /// The records, `count` of `capacity` initialised; the tree takes ownership of the buffer.
    private(set) var buffer: UnsafeMutablePointer<Record>
    private(set) var count = 0
    private var capacity: Int
    /// `NodeType.bySymbol` and `FieldID.byGrammarID`, read once per tree.
    private let kinds = NodeType.bySymbol
    private let fields = FieldID.byGrammarID

    /// Reads every visible node under `root` into a freshly allocated buffer (written in place:
    /// a large script has tens of thousands of nodes, and copying them again costs page faults).
    init(root: TSNode, estimatedCount: Int) {
        capacity = max(estimatedCount, 16)
        buffer = .allocate(capacity: capacity)
        var cursor = ts_tree_cursor_new(root)
        defer { ts_tree_cursor_delete(&cursor) }
        append(&cursor, parent: -1, previous: -1)
        var parents: [Int32] = []
        var current: Int32 = 0
        while true {
            if ts_tree_cursor_goto_first_child(&cursor) {
                parents.append(current)
                current = append(&cursor, parent: current, previous: -1)
                continue
            }
            while !ts_tree_cursor_goto_next_sibling(&cursor) {
                guard ts_tree_cursor_goto_parent(&cursor), let parent = parents.popLast() else { return }
                current = parent
            }
            current = append(&cursor, parent: parents.last!, previous: current)
        }
    }

    @discardableResult
    private mutating func append(_ cursor: inout TSTreeCursor, parent: Int32, previous: Int32) -> Int32 {
        if count == capacity {
            let larger = UnsafeMutablePointer<Record>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: buffer, count: count)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        let node = ts_tree_cursor_current_node(&cursor)
        let index = Int32(count)
        let isNamed = ts_node_is_named(node)
        let symbol = ts_node_symbol(node)
        let field = ts_tree_cursor_current_field_id(&cursor)
        (buffer + count).initialize(
            to: Record(
                raw: node, start: ts_node_start_byte(node), end: ts_node_end_byte(node), parent: parent,
                previousSibling: previous, symbol: symbol, kind: NodeType.id(ofSymbol: symbol, in: kinds),
                field: field == 0 ? FieldID.none : FieldID.id(ofGrammarID: field, in: fields), isNamed: isNamed))
        count += 1
        if previous >= 0 { buffer[Int(previous)].nextSibling = index }
        if parent >= 0 {
            buffer[Int(parent)].childCount += 1
            if isNamed { buffer[Int(parent)].namedChildCount += 1 }
        }
        return index
    }
}

extension SyntaxTree {
    /// The deepest (named) node whose range is exactly `range`, found by binary search over the
    /// records: what `ts_node_descendant_for_byte_range` answers from the root for such a range,
    /// without descending the tree (which costs its depth: a span asked for each of thousands of
    /// nested layers made that quadratic). Nil when no node has that range, or it is empty.
    func deepestNode(exactly range: Range<Int>, named: Bool) -> Node? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= Int(UInt32.max) else { return nil }
        let records = self.records
        let start = UInt32(range.lowerBound)
        let end = UInt32(range.upperBound)
        var low = 0
        var high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records[middle].start < start { low = middle + 1 } else { high = middle }
        }
        var found: Int?
        var index = low
        // Nodes with one range are a parent-child chain, consecutive in pre-order from the
        // outermost; nodes after them that start here are shorter.
        while index < records.count, records[index].start == start, records[index].end >= end {
            if records[index].end == end, !named || records[index].isNamed { found = index }
            index += 1
        }
        return found.map { Node(tree: self, index: $0) }
    }

    /// The index in `records` of a tree-sitter node of this tree, found by its start byte
    /// (records are in pre-order, so sorted by start) and identity; nil for the null node.
    func index(of node: TSNode) -> Int? {
        if ts_node_is_null(node) { return nil }
        let records = self.records
        let start = ts_node_start_byte(node)
        var low = 0
        var high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records[middle].start < start { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < records.count, records[index].start == start {
            if ts_node_eq(records[index].raw, node) { return index }
            index += 1
        }
        // Not where the order says it should be: search everything rather than fail.
        return records.firstIndex { ts_node_eq($0.raw, node) }
    }
}
