import CTreeSitter

/// An immutable syntax tree and the text it was parsed from.
///
/// Owns its `TSTree` and frees it in `deinit`; every `Node` keeps its tree alive. tree-sitter
/// trees are not safe to read from two threads at once, so a tree stays in the isolation domain
/// that parsed it; `copy()` gives an independent tree for another thread.
package final class SyntaxTree {
    let raw: OpaquePointer
    /// The text this tree describes.
    package let source: SourceText
    /// The nodes in pre-order (`NodeTable`), read on first use. Unchecked exclusivity: set once,
    /// from the one thread that uses the tree, and read many millions of times.
    @exclusivity(unchecked) private var nodeStorage: UnsafeMutableBufferPointer<NodeTable.Record>?
    /// The module's children, read on the first `stringContinues(after:)`.
    private var moduleChildren: [TSNode]?

    init(raw: OpaquePointer, source: SourceText) {
        self.raw = raw
        self.source = source
    }

    deinit {
        nodeStorage?.deallocate()
        ts_tree_delete(raw)
    }

    /// Every visible node, in pre-order; the root is at index 0.
    var records: UnsafeMutableBufferPointer<NodeTable.Record> {
        if let nodeStorage { return nodeStorage }
        return buildRecords()
    }

    @inline(never)
    private func buildRecords() -> UnsafeMutableBufferPointer<NodeTable.Record> {
        // About one visible node per three bytes of typical Python.
        let table = NodeTable(root: ts_tree_root_node(raw), estimatedCount: source.bytes.count / 3 + 16)
        let buffer = UnsafeMutableBufferPointer(start: table.buffer, count: table.count)
        nodeStorage = buffer
        return buffer
    }

    /// The `module` node at the root.
    package var root: Node {
        Node(tree: self, index: 0)
    }

    /// Whether the byte before `end` lies in a `string` that goes on past `end` (a line that ends
    /// inside a multi-line string). Asks tree-sitter's tree rather than the node table, so that a
    /// caller with no other use for the table does not build it: the language server asks this of
    /// every diagnostic it publishes, also for a text whose analysis it reuses.
    package func stringContinues(after end: Int) -> Bool {
        guard end > 0, end <= source.bytes.count else { return false }
        // One descent along the nodes holding byte `end - 1` (the strings that hold it are on
        // that path), from the module's child that holds it, found by binary search. Walking up
        // from the innermost node costs a descent from the root per `ts_node_parent` in
        // tree-sitter 0.20, and a cursor steps over the module's children one by one: this runs
        // for every diagnostic of every published version.
        let target = UInt32(end - 1)
        let children = moduleChildren ?? readModuleChildren()
        var low = 0
        var high = children.count
        while low < high {
            let middle = (low + high) / 2
            if ts_node_end_byte(children[middle]) > target { high = middle } else { low = middle + 1 }
        }
        guard low < children.count, ts_node_start_byte(children[low]) <= target else { return false }
        var cursor = ts_tree_cursor_new(children[low])
        defer { ts_tree_cursor_delete(&cursor) }
        let kinds = NodeType.bySymbol
        while true {
            let node = ts_tree_cursor_current_node(&cursor)
            if NodeType.id(ofSymbol: ts_node_symbol(node), in: kinds) == NodeType.string.id,
                Int(ts_node_end_byte(node)) > end
            {
                return true
            }
            guard ts_tree_cursor_goto_first_child_for_byte(&cursor, target) >= 0,
                ts_node_start_byte(ts_tree_cursor_current_node(&cursor)) <= target
            else { return false }
        }
    }

    private func readModuleChildren() -> [TSNode] {
        var cursor = ts_tree_cursor_new(ts_tree_root_node(raw))
        defer { ts_tree_cursor_delete(&cursor) }
        var children: [TSNode] = []
        if ts_tree_cursor_goto_first_child(&cursor) {
            repeat {
                children.append(ts_tree_cursor_current_node(&cursor))
            } while ts_tree_cursor_goto_next_sibling(&cursor)
        }
        moduleChildren = children
        return children
    }

    /// Whether the text has syntax errors (tree-sitter recovers from them and still builds a tree).
    package var hasErrors: Bool { ts_node_has_error(ts_tree_root_node(raw)) }

    /// A cheap shallow copy for use on another thread.
    package func copy() -> SyntaxTree {
        SyntaxTree(raw: ts_tree_copy(raw), source: source)
    }

    /// A copy of this tree told about `edits`, ready to be passed to `Parser.parse(_:reusing:)`
    /// together with the edited text. Its nodes' positions are adjusted but their text is stale,
    /// so it is only good for re-parsing.
    package func edited(by edits: [InputEdit]) -> SyntaxTree {
        let copy = ts_tree_copy(raw)!
        for edit in edits {
            var raw = TSInputEdit(edit)
            ts_tree_edit(copy, &raw)
        }
        return SyntaxTree(raw: copy, source: source)
    }

    /// The byte ranges whose syntactic structure differs between this tree and `other`, which must
    /// be the re-parse of an edited copy of this tree.
    package func changedRanges(to other: SyntaxTree) -> [Range<Int>] {
        var count: UInt32 = 0
        guard let ranges = ts_tree_get_changed_ranges(raw, other.raw, &count) else { return [] }
        defer { free(ranges) }
        return (0..<Int(count)).map { Int(ranges[$0].start_byte)..<Int(ranges[$0].end_byte) }
    }

    /// The syntax errors of the tree: `ERROR` nodes and nodes the parser had to invent (`MISSING`).
    /// Walks tree-sitter's tree directly, into the nodes that hold an error only, so that the
    /// language server does not build the node table of a tree it does not otherwise read.
    package func syntaxErrors(limit: Int = 100) -> [SyntaxError] {
        var errors: [SyntaxError] = []
        guard hasErrors else { return errors }
        var cursor = ts_tree_cursor_new(ts_tree_root_node(raw))
        defer { ts_tree_cursor_delete(&cursor) }
        // Pre-order: descend into a node with an error inside, else go on to the next sibling,
        // climbing up as long as there is none.
        var descend = true
        while errors.count < limit {
            let node = ts_tree_cursor_current_node(&cursor)
            if descend {
                if ts_node_is_missing(node) {
                    errors.append(
                        SyntaxError(range: Self.byteRange(of: node), message: "missing \(Self.type(of: node))"))
                    descend = false
                } else if ts_node_symbol(node) == PythonGrammar.errorSymbol {
                    errors.append(SyntaxError(range: Self.byteRange(of: node), message: "invalid syntax"))
                    descend = false
                } else if !ts_node_has_error(node) {
                    descend = false
                }
            }
            if descend, ts_tree_cursor_goto_first_child(&cursor) { continue }
            descend = true
            var moved = false
            while !moved {
                if ts_tree_cursor_goto_next_sibling(&cursor) {
                    moved = true
                } else if !ts_tree_cursor_goto_parent(&cursor) {
                    return errors
                }
            }
        }
        return errors
    }

    private static func byteRange(of node: TSNode) -> Range<Int> {
        Int(ts_node_start_byte(node))..<Int(ts_node_end_byte(node))
    }

    private static func type(of node: TSNode) -> String {
        ts_node_type(node).map { String(cString: $0) } ?? "node"
    }
}

/// One place where the text is not valid Python.
package struct SyntaxError: Hashable, Sendable {
    package var range: Range<Int>
    package var message: String
}

extension TSInputEdit {
    init(_ edit: InputEdit) {
        self.init(
            start_byte: UInt32(edit.startByte),
            old_end_byte: UInt32(edit.oldEndByte),
            new_end_byte: UInt32(edit.newEndByte),
            start_point: TSPoint(edit.startPoint),
            old_end_point: TSPoint(edit.oldEndPoint),
            new_end_point: TSPoint(edit.newEndPoint)
        )
    }
}

extension TSPoint {
    init(_ position: LineColumn) {
        self.init(row: UInt32(position.line), column: UInt32(position.column))
    }
}

extension LineColumn {
    init(_ point: TSPoint) {
        self.init(line: Int(point.row), column: Int(point.column))
    }
}
