import PythonSyntax

/// Every simple assignment of a script, by scope, for following values and data back to where
/// they were made: `LR = 1e-3`, `x = x / 255`, `(x_train, y_train), _ = mnist.load_data()`.
///
/// Scopes are the module and each function; class bodies belong to the module here, which is
/// close enough for constants. Built in one walk of the tree.
package struct ScopeIndex {
    /// One binding of a name.
    package struct Assignment {
        /// The name as assigned.
        package let name: String
        /// The target node (`identifier`, or `attribute` for `self.x = ...`).
        package let target: Node
        /// The right-hand side (for augmented assignments, the operand).
        package let value: Node
        /// For unpacking, the position of the name in the nested target tuple (`[0, 1]` for
        /// `y_train` in `(x_train, y_train), (x_test, y_test) = ...`); empty otherwise.
        package let path: [Int]
        /// For `x /= 255`, the operator (`/=`); nil for plain assignments.
        package let augmentedOperator: String?
        /// The whole assignment statement.
        package let statement: Node
        /// The `if` statements around the assignment, each with the branch that holds it.
        let branches: [Branch]

        package var offset: Int { statement.startByte }
    }

    /// One `if` statement around an assignment and the branch (`if` block, `elif` or `else`
    /// clause) the assignment sits in.
    struct Branch {
        let statement: Range<Int>
        let branch: Range<Int>
        /// Whether the branch ends in `return` or `raise`: what it assigns reaches no code after
        /// the `if` statement (`if S == 0: x = f(x); return x`).
        let exits: Bool
    }

    struct Scope {
        let range: Range<Int>
        /// The index of the enclosing scope (the module's is its own).
        let parent: Int
        var assignments: [String: [Assignment]] = [:]
    }

    /// In creation (pre-)order, so sorted by start, with each scope after the one around it.
    private var scopes: [Scope]

    package init(root: Node) {
        scopes = [Scope(range: root.byteRange, parent: 0)]
        var stack: [Int] = [0]
        // Enclosing `if` statements and their branches, innermost last.
        var ifs: [(statement: Range<Int>, branches: [(range: Range<Int>, exits: Bool)])] = []
        root.walk { node in
            // Leave finished function scopes and `if` statements.
            while stack.count > 1, !scopes[stack.last!].range.contains(node.startByte) { stack.removeLast() }
            while let last = ifs.last, !last.statement.contains(node.startByte) { ifs.removeLast() }
            switch node.kind {
            case .functionDefinition:
                scopes.append(Scope(range: node.byteRange, parent: stack.last!))
                stack.append(scopes.count - 1)
            case .ifStatement:
                var branches: [(range: Range<Int>, exits: Bool)] = []
                if let consequence = node.child(field: .consequence) {
                    branches.append((consequence.byteRange, Self.exits(consequence)))
                }
                for alternative in node.children(field: .alternative) {
                    let block = alternative.child(field: .consequence) ?? alternative.child(field: .body)
                    branches.append((alternative.byteRange, block.map(Self.exits) ?? false))
                }
                ifs.append((node.byteRange, branches))
            case .assignment:
                guard let left = node.child(field: .left), let right = node.child(field: .right) else { return true }
                record(
                    target: left, value: right, path: [], augmented: nil, statement: node, scope: stack.last!,
                    branches: Self.branches(around: node.startByte, in: ifs))
            // Chained `a = b = 1` nests an assignment on the right.
            case .augmentedAssignment:
                guard let left = node.child(field: .left), let right = node.child(field: .right),
                    let op = node.child(field: .operator)
                else { return true }
                record(
                    target: left, value: right, path: [], augmented: op.text, statement: node, scope: stack.last!,
                    branches: Self.branches(around: node.startByte, in: ifs))
            default:
                // Assignments are statements: expressions (calls, lambdas, comprehensions) cannot
                // hold one, so the walk stays out of them.
                return Self.mayHoldStatements(node)
            }
            return true
        }
    }

    /// Whether a node can contain statements or assignments: blocks, compound statements and
    /// their clauses, and expression statements (whose child may be an assignment).
    static func mayHoldStatements(_ node: Node) -> Bool {
        switch node.kind {
        case .module, .block, .expressionStatement, .ifStatement, .elifClause, .elseClause, .forStatement,
            .whileStatement, .tryStatement, .exceptClause, .exceptGroupClause, .finallyClause,
            .withStatement, .classDefinition, .decoratedDefinition, .matchStatement, .caseClause,
            .error:
            return true
        default:
            return false
        }
    }

    private static func branches(
        around offset: Int, in ifs: [(statement: Range<Int>, branches: [(range: Range<Int>, exits: Bool)])]
    ) -> [Branch] {
        ifs.compactMap { entry in
            entry.branches.first { $0.range.contains(offset) }.map {
                Branch(statement: entry.statement, branch: $0.range, exits: $0.exits)
            }
        }
    }

    /// Whether a block's last statement is `return` or `raise`.
    private static func exits(_ block: Node) -> Bool {
        guard let last = block.namedChildren.last(where: { $0.kind != .comment }) else { return false }
        return last.type == "return_statement" || last.type == "raise_statement"
    }

    private mutating func record(
        target: Node, value: Node, path: [Int], augmented: String?, statement: Node, scope: Int,
        branches: [Branch]
    ) {
        switch target.type {
        case "identifier", "attribute":
            let name = target.text
            scopes[scope].assignments[name, default: []].append(
                Assignment(
                    name: name, target: target, value: value, path: path, augmentedOperator: augmented,
                    statement: statement, branches: branches))
        case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression":
            var position = 0
            for element in target.namedChildren where element.type != "comment" {
                record(
                    target: element, value: value, path: path + [position], augmented: augmented, statement: statement,
                    scope: scope, branches: branches)
                position += 1
            }
        default:
            break
        }
    }

    /// The binding of `name` that a use at byte `offset` most likely sees: in the innermost scope
    /// around `offset` that assigns the name, the last assignment before the use, or else the
    /// first one after it (a function reading a constant defined further down).
    package func assignment(of name: String, at offset: Int, excludingStatementAt excluded: Int? = nil) -> Assignment? {
        // The scopes around `offset`, innermost first: the last scope starting at or before it,
        // then its enclosing scopes (scopes nest, so those are all the scopes that hold it). The
        // candidates are in source order, so a binary search finds the last one before `offset`.
        var low = 0
        var high = scopes.count
        while low < high {
            let middle = (low + high) / 2
            if scopes[middle].range.lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        var next: Int? = max(low - 1, 0)
        while let index = next {
            // Parents come earlier in `scopes`, so this ends at the module.
            next = index == 0 ? nil : scopes[index].parent
            guard scopes[index].range.contains(offset) || scopes[index].range.upperBound == offset,
                let candidates = scopes[index].assignments[name]
            else { continue }
            var low = 0
            var high = candidates.count
            while low < high {
                let middle = (low + high) / 2
                if candidates[middle].offset < offset { low = middle + 1 } else { high = middle }
            }
            var before = low - 1
            while before >= 0, candidates[before].offset == excluded { before -= 1 }
            if before >= 0 { return candidates[before] }
            if let first = candidates.first(where: { $0.offset != excluded }) { return first }
        }
        return nil
    }

    /// Every assignment of `name` in any scope, in source order.
    package func assignments(of name: String) -> [Assignment] {
        scopes.flatMap { $0.assignments[name] ?? [] }.sorted { $0.offset < $1.offset }
    }

    /// Every assignment in the script, in source order.
    package var allAssignments: [Assignment] {
        // Sorted by offsets read once: comparing `offset`s asks tree-sitter each time.
        let all = scopes.flatMap { $0.assignments.values.flatMap { $0 } }
        return all.indices.map { (all[$0].offset, $0) }.sorted { $0 < $1 }.map { all[$0.1] }
    }
}

extension ScopeIndex {
    /// The assignments of `name` in the innermost scope around `offset` only (no fallback to
    /// enclosing scopes), in source order.
    package func localAssignments(of name: String, at offset: Int) -> [Assignment] {
        guard let index = innermostScope(at: offset) else { return [] }
        return scopes[index].assignments[name] ?? []
    }

    /// The function around `offset` (the innermost) when it assigns `name`: Python makes the
    /// name local there, so no binding outside that function is what a use at `offset` reads.
    /// Nil at module level, or when that function does not assign the name.
    package func functionAssigning(_ name: String, at offset: Int) -> Range<Int>? {
        guard let index = innermostScope(at: offset), index > 0, scopes[index].assignments[name] != nil else {
            return nil
        }
        return scopes[index].range
    }

    /// The plain names the function whose `def` starts at byte `start` assigns in its own scope
    /// (nested functions are scopes of their own; `self.x` targets are left out).
    package func namesAssigned(inFunctionStartingAt start: Int) -> Set<String> {
        guard let scope = scopes.dropFirst().first(where: { $0.range.lowerBound == start }) else { return [] }
        return Set(scope.assignments.keys.filter { !$0.contains(".") })
    }

    /// The index of the innermost scope holding `offset`: the last scope starting at or before
    /// it (scopes are in pre-order), or the nearest of its enclosing scopes that holds it.
    private func innermostScope(at offset: Int) -> Int? {
        var low = 0
        var high = scopes.count
        while low < high {
            let middle = (low + high) / 2
            if scopes[middle].range.lowerBound <= offset { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0 {
            if scopes[index].range.contains(offset) { return index }
            if index == 0 { return nil }
            index = scopes[index].parent
        }
        return nil
    }

    /// The binding of `name` that a use at `offset` sees along straight-line code, for following
    /// data flow: the last assignment of the innermost scope around the use that ends before it,
    /// skipping assignments in another branch of an `if` statement that also holds the use
    /// (`if a: x = f(x)` / `else: x = g(x)`) and assignments in a branch that ends in `return`
    /// or `raise` when the use is past it. Unlike `assignment(of:at:)`, never an assignment
    /// after the use and never one in an enclosing scope; nil when nothing before the use assigns
    /// the name (a parameter, a loop variable, an undefined name). O(log n) in the number of
    /// assignments of the name.
    package func reachingAssignment(of name: String, before offset: Int) -> Assignment? {
        let candidates = localAssignments(of: name, at: offset)
        // Assignments are in source order: find the first that starts at or after the use.
        var low = 0
        var high = candidates.count
        while low < high {
            let middle = (low + high) / 2
            if candidates[middle].offset < offset { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0 {
            let candidate = candidates[index]
            // Not reaching the use: an assignment in another branch of an `if` that holds the
            // use, or in a branch that returns or raises before the use.
            let cutOff = candidate.branches.contains {
                !$0.branch.contains(offset) && ($0.statement.contains(offset) || $0.exits)
            }
            if candidate.statement.endByte <= offset, !cutOff { return candidate }
            index -= 1
        }
        return nil
    }
}
