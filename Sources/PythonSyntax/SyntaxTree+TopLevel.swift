import CTreeSitter

/// One child of the `module` node: a statement, a comment or an `ERROR` node.
package struct TopLevelStatement: Hashable, Sendable {
    package var byteRange: Range<Int>
    package var symbol: UInt16
    /// Zero-based line of its first byte.
    package var startLine: Int
    /// Whether it is or holds an `ERROR` or `MISSING` node.
    package var hasError: Bool
}

extension SyntaxTree {
    /// Whether the root is a `module` node (error recovery can make it an `ERROR` node), read
    /// from tree-sitter directly, without building the `NodeTable` as `root.kind` would.
    package var rootIsModule: Bool {
        guard let type = ts_node_type(ts_tree_root_node(raw)) else { return false }
        return String(cString: type) == "module"
    }

    /// The module's children, in order: the same nodes as `root.children`, read from tree-sitter
    /// directly so that a caller on a hot path (the language server, after each edit) does not
    /// build the tree's `NodeTable` for them.
    package func topLevelStatements() -> [TopLevelStatement] {
        var cursor = ts_tree_cursor_new(ts_tree_root_node(raw))
        defer { ts_tree_cursor_delete(&cursor) }
        var result: [TopLevelStatement] = []
        guard ts_tree_cursor_goto_first_child(&cursor) else { return result }
        repeat {
            let child = ts_tree_cursor_current_node(&cursor)
            result.append(
                TopLevelStatement(
                    byteRange: Int(ts_node_start_byte(child))..<Int(ts_node_end_byte(child)),
                    symbol: ts_node_symbol(child), startLine: Int(ts_node_start_point(child).row),
                    hasError: ts_node_has_error(child)))
        } while ts_tree_cursor_goto_next_sibling(&cursor)
        return result
    }
}

extension SyntaxTree {
    /// The S-expression of the module's child at `index` (as `Node.sExpression`), read from
    /// tree-sitter directly like `topLevelStatements()`.
    package func sExpressionOfTopLevel(at index: Int) -> String {
        var cursor = ts_tree_cursor_new(ts_tree_root_node(raw))
        defer { ts_tree_cursor_delete(&cursor) }
        guard ts_tree_cursor_goto_first_child(&cursor) else { return "" }
        for _ in 0..<index where !ts_tree_cursor_goto_next_sibling(&cursor) { return "" }
        guard let string = ts_node_string(ts_tree_cursor_current_node(&cursor)) else { return "" }
        defer { free(string) }
        return String(cString: string)
    }
}
