import CTreeSitter

extension SyntaxTree {
    /// Where the node table's answers differ from tree-sitter's own node API, for every node and
    /// every question `Node` answers from the table (kind, parent, children, fields, siblings); empty
    /// when they agree. For tests: the table must be a faster way to the same answers.
    func nodeTableDiscrepancies(limit: Int = 20) -> [String] {
        var problems: [String] = []
        let fields = PythonGrammar.fieldIDs.sorted { $0.value < $1.value }
        func same(_ node: Node?, _ raw: TSNode) -> Bool {
            guard let node else { return ts_node_is_null(raw) }
            return !ts_node_is_null(raw) && ts_node_eq(node.raw, raw)
        }
        func check(_ holds: Bool, _ what: @autoclosure () -> String) {
            if !holds, problems.count < limit { problems.append(what()) }
        }
        var visited = 0
        root.walk { node in
            visited += 1
            let raw = node.raw
            let name = "\(node) at index \(node.index)"
            check(node.symbol == ts_node_symbol(raw), "\(name): symbol")
            check(
                node.startByte == Int(ts_node_start_byte(raw)) && node.endByte == Int(ts_node_end_byte(raw)),
                "\(name): range")
            check(node.isNamed == ts_node_is_named(raw), "\(name): isNamed")
            check(node.kind == NodeType(node.type), "\(name): kind")
            check(node.childCount == Int(ts_node_child_count(raw)), "\(name): childCount")
            check(node.namedChildCount == Int(ts_node_named_child_count(raw)), "\(name): namedChildCount")
            check(same(node.parent, ts_node_parent(raw)), "\(name): parent")
            check(same(node.nextSibling, ts_node_next_sibling(raw)), "\(name): nextSibling")
            check(same(node.previousSibling, ts_node_prev_sibling(raw)), "\(name): previousSibling")
            check(same(node.nextNamedSibling, ts_node_next_named_sibling(raw)), "\(name): nextNamedSibling")
            check(same(node.previousNamedSibling, ts_node_prev_named_sibling(raw)), "\(name): previousNamedSibling")
            for position in 0..<node.childCount {
                check(
                    same(node.child(at: position), ts_node_child(raw, UInt32(position))), "\(name): child \(position)")
            }
            for position in 0..<node.namedChildCount {
                check(
                    same(node.namedChild(at: position), ts_node_named_child(raw, UInt32(position))),
                    "\(name): named child \(position)")
            }
            for (field, id) in fields {
                check(same(node.child(field: field), ts_node_child_by_field_id(raw, id)), "\(name): field \(field)")
            }
            return true
        }
        check(visited == records.count, "walk visited \(visited) of \(records.count) nodes")
        return problems
    }
}
