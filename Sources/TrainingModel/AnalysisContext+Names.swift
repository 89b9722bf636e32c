import PythonSyntax

/// Where names are defined and which function or class a position is in.
extension AnalysisContext {
    /// The plain assignment (`name = value`, no unpacking, not augmented) a name or dotted name
    /// refers to at its use: the last one before the use in its own scope, else the binding
    /// `ScopeIndex.assignment(of:at:)` finds in enclosing scopes (a module-level `criterion` read
    /// inside `train()`). Never the assignment the use sits in (`model = model.to(device)`).
    func definition(of use: Node) -> ScopeIndex.Assignment? {
        let name = use.text
        if let reaching = scopes.reachingAssignment(of: name, before: use.startByte) {
            return reaching.path.isEmpty && reaching.augmentedOperator == nil ? reaching : nil
        }
        guard let found = scopes.assignment(of: name, at: use.startByte), found.path.isEmpty,
            found.augmentedOperator == nil, !found.statement.byteRange.contains(use.startByte)
        else { return nil }
        return found
    }

    /// The innermost function definition around a byte offset, or nil at module level.
    func enclosingFunction(of offset: Int) -> Node? {
        // Definitions are in pre-order, so the last one that contains the offset is the innermost.
        functions.last { $0.byteRange.contains(offset) }
    }

    /// The innermost class definition around a byte offset, or nil outside classes.
    func enclosingClass(of offset: Int) -> Node? {
        classes.last { $0.byteRange.contains(offset) }
    }
}
