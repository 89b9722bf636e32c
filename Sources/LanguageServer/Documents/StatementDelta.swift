import PythonSyntax

/// Which top-level statements (functions, classes, imports, assignments, comments, `ERROR`
/// nodes: the module's children) an edit changed, and where each unchanged one was before.
///
/// Found from what tree-sitter says changed structurally (`SyntaxTree.changedRanges(to:)`, on
/// the edited copy of the old tree and its re-parse) together with the bytes that differ
/// between the two texts (tree-sitter does not report a token whose text changed but whose
/// length did not, like `0.8` → `0.9`). A statement is unchanged when none of those ranges
/// touches it, not even at its edges, and the old tree has a statement of the same kind at the
/// same place shifted by the edit: then its text and its subtree are the old statement's.
///
/// This is the seam for reusing per-statement work across edits; `StatementDeltaTests` checks
/// its promise on random edits.
package struct StatementDelta: Sendable, Equatable {
    /// An unchanged statement: its index among the new module's children, the index of the same
    /// statement among the old module's, and how far the edit moved it.
    package struct Kept: Sendable, Equatable {
        package var new: Int
        package var old: Int
        package var byteShift: Int
        package var lineShift: Int
    }

    /// Indices (among the new module's children) of the statements the edit changed or added.
    package var changed: [Int]
    /// The statements the edit left as they were, in order.
    package var kept: [Kept]
    /// How many statements the new module has.
    package var count: Int { changed.count + kept.count }

    /// The delta between `old` and `new`, where `new` is the re-parse of `edited` (a copy of
    /// `old` told about the edits, `SyntaxTree.edited(by:)`).
    package static func between(old: SyntaxTree, edited: SyntaxTree, new: SyntaxTree) -> StatementDelta {
        let oldBytes = old.source.bytes
        let newBytes = new.source.bytes
        // The bytes that differ, as the common prefix and suffix leave them.
        var prefix = 0
        let limit = min(oldBytes.count, newBytes.count)
        while prefix < limit, oldBytes[prefix] == newBytes[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < limit - prefix, oldBytes[oldBytes.count - 1 - suffix] == newBytes[newBytes.count - 1 - suffix] {
            suffix += 1
        }
        let shift = newBytes.count - oldBytes.count
        let differing = prefix..<(newBytes.count - suffix)
        let dirty = edited.changedRanges(to: new) + [differing]

        let oldStatements = old.topLevelStatements()
        var oldByStart: [Int: Int] = [:]
        oldByStart.reserveCapacity(oldStatements.count)
        for (index, statement) in oldStatements.enumerated() { oldByStart[statement.byteRange.lowerBound] = index }

        let newStatements = new.topLevelStatements()
        // Where a text has syntax errors, error recovery can parse the statements after an edit
        // differently without tree-sitter reporting a changed range there (the property test
        // found one): then only the statements before the first touched one are kept.
        let recovering = oldStatements.contains(where: \.hasError) || newStatements.contains(where: \.hasError)
        let firstDirty = dirty.map(\.lowerBound).min() ?? differing.lowerBound
        var delta = StatementDelta(changed: [], kept: [])
        for (index, statement) in newStatements.enumerated() {
            let range = statement.byteRange
            // Touching counts: an insertion at a statement's edge may belong to it.
            let touched =
                (recovering && range.upperBound >= firstDirty)
                || dirty.contains { $0.lowerBound <= range.upperBound && range.lowerBound <= $0.upperBound }
            // Before the differing bytes it has not moved; after them, by the change in length.
            var moved: Int?
            if !touched, range.upperBound <= differing.lowerBound { moved = 0 }
            if !touched, range.lowerBound >= differing.upperBound { moved = shift }
            guard let moved, let oldIndex = oldByStart[range.lowerBound - moved],
                oldStatements[oldIndex].byteRange.upperBound == range.upperBound - moved,
                oldStatements[oldIndex].symbol == statement.symbol
            else {
                delta.changed.append(index)
                continue
            }
            let lineShift = statement.startLine - oldStatements[oldIndex].startLine
            delta.kept.append(Kept(new: index, old: oldIndex, byteShift: moved, lineShift: lineShift))
        }
        return delta
    }
}
