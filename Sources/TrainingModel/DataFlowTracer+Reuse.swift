import PythonSyntax

/// Whether a value the main path passes through is also read somewhere else: then the layer
/// that produced it has a second use, like an operand of a merge.
///
///     attn = self.spatial_attn5(attn)
///     attn_add = self.spatial_attn_add2(self.lrelu(self.spatial_attn_add1(attn)))
///     attn = torch.sigmoid(attn)  # the same value again: a gate besides the branch above
///
/// Reads that only look at the value (`print(x.shape)`, `assert`, a logger, `len(x)`) are not
/// uses: a shape printed between two layers does not make the first one deliberate.
extension DataFlowTracer {
    /// Whether the value `assignment` (a plain `name = value`) binds is read more than once:
    /// counted from the end of the assignment to the end of the next assignment of the name in
    /// the same scope (whose right-hand side may read it), or to the end of the scope. At most
    /// `scanLimit` nodes are looked at; past that, one read is assumed.
    func isReadAgain(_ assignment: ScopeIndex.Assignment, name: String) -> Bool {
        let start = assignment.statement.endByte
        if let known = readAgain[start] { return known }
        let scope = context.enclosingFunction(of: assignment.offset) ?? context.tree.root
        // The assignments of a name are in source order: the next one by binary search.
        let assignments = context.scopes.localAssignments(of: name, at: assignment.offset)
        var low = 0
        var high = assignments.count
        while low < high {
            let middle = (low + high) / 2
            if assignments[middle].offset < start { low = middle + 1 } else { high = middle }
        }
        let end = low < assignments.count ? assignments[low].statement.endByte : scope.endByte
        // Only the scope's statements that overlap the stretch are walked, found by binary
        // search: a module of thousands of `x = layer(x)` lines costs no walk over all of them
        // for each line.
        let statementsOfScope = statements(of: scope)
        low = 0
        high = statementsOfScope.count
        while low < high {
            let middle = (low + high) / 2
            if statementsOfScope[middle].endByte <= start { low = middle + 1 } else { high = middle }
        }
        // The statements that read it: several reads in one statement (`self.fc(x) + x`) are a
        // merge, which the trace marks itself.
        var readers: Set<Int> = []
        var visited = 0
        var index = low
        while index < statementsOfScope.count, statementsOfScope[index].startByte < end, readers.count < 2,
            visited < Self.scanLimit
        {
            statementsOfScope[index].walk { node in
                visited += 1
                guard readers.count < 2, visited < Self.scanLimit, node.endByte > start, node.startByte < end else {
                    return false
                }
                if node.kind == .identifier, node.startByte >= start, node.text == name,
                    let statement = Self.dataReadStatement(node),
                    context.scopes.reachingAssignment(of: name, before: node.startByte)?.offset == assignment.offset
                {
                    readers.insert(statement)
                }
                return node.childCount > 0
            }
            index += 1
        }
        let result = readers.count >= 2
        readAgain[start] = result
        return result
    }

    /// The statements directly in a scope (a function's body, or the module), kept per scope.
    private func statements(of scope: Node) -> [Node] {
        if let known = scopeStatements[scope.startByte] { return known }
        let container = scope.kind == .functionDefinition ? (scope.child(field: .body) ?? scope) : scope
        let children = container.children
        scopeStatements[scope.startByte] = children
        return children
    }

    private static let scanLimit = 20_000

    /// Attributes and functions that look at a tensor without using its values.
    private static let inspections: Set<String> = [
        "shape", "size", "dtype", "device", "ndim", "dim", "numel", "requires_grad", "is_cuda",
    ]
    private static let inspectingCalls: Set<String> = ["print", "len", "type", "isinstance", "id", "repr", "str"]

    /// The start of the statement in which an identifier reads its variable's value for
    /// computation; nil when it is an assignment target, an attribute or keyword name, or a read
    /// inside `print(...)`, `assert`, a logger call or `.shape`.
    static func dataReadStatement(_ identifier: Node) -> Int? {
        guard let parent = identifier.parent else { return nil }
        switch parent.type {
        case "assignment":
            if parent.child(field: .left) == identifier { return nil }
        case "keyword_argument":
            if parent.child(field: .name) == identifier { return nil }
        case "attribute":
            if parent.child(field: .attribute) == identifier { return nil }
            if let attribute = parent.child(field: .attribute), inspections.contains(attribute.text) { return nil }
        case "pattern_list", "tuple_pattern", "list_pattern":
            return nil
        default:
            break
        }
        // Up to the statement: a read inside `print(...)`, `len(...)`, a logger call, `assert`.
        var node = parent
        var statement = identifier.startByte
        while true {
            switch node.type {
            case "assert_statement":
                return nil
            case "call":
                if let function = node.child(field: .function) {
                    let callee = function.text
                    let last = callee.split(separator: ".").last.map(String.init) ?? callee
                    if inspectingCalls.contains(callee) { return nil }
                    if callee.contains("log"), ["debug", "info", "warning", "error"].contains(last) { return nil }
                }
            case "block", "module":
                return statement
            default:
                break
            }
            statement = node.startByte
            guard let next = node.parent else { return statement }
            node = next
        }
    }
}
