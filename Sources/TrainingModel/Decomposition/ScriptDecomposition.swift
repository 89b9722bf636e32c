/// A script's top-level statements split into groups that the analysis cannot connect, plus the
/// environment every group needs (Docs/IncrementalAnalysis.md, "A decomposition that leaves the
/// passes as they are").
///
/// - The environment: the imports; the statements that read only names the environment binds
///   (constants, `load_data()`, `x = x / 255`); and every group holding a global statement
///   (`StatementNames.isGlobal`: a model scaling, a nested import).
/// - Left out: comments, and inert expression statements (`StatementNames.Kind.inert`).
/// - The groups: the other statements, joined when one reads a name another binds, unless only
///   the environment binds that name.
package struct ScriptDecomposition: Equatable {
    /// Indices of the environment's statements, in order.
    package var environment: [Int] = []
    /// Each group's statement indices in order; groups in the order of their first statement.
    package var groups: [[Int]] = []

    package init(_ statements: [StatementNames]) {
        let count = statements.count
        let isCode = statements.map { $0.kind != .comment && $0.kind != .inert }
        // Names an import binds to a scaling layer (`from keras.layers import Rescaling as R`).
        var scalingAliases: Set<String> = []
        for statement in statements where statement.kind == .import && statement.isGlobal {
            scalingAliases.formUnion(statement.binds)
        }
        let isGlobal = statements.map { statement in
            (statement.kind == .definition || statement.kind == .other)
                && (statement.isGlobal || !statement.reads.isDisjoint(with: scalingAliases))
        }
        var binders: [String: [Int]] = [:]
        for (index, statement) in statements.enumerated() where isCode[index] {
            for name in statement.binds { binders[name, default: []].append(index) }
        }

        // Statements that read only what imports and other such statements bind.
        var inEnvironment = statements.enumerated().map { index, statement in
            statement.kind == .import || (statement.kind == .other && !isGlobal[index])
        }
        var changed = true
        while changed {
            changed = false
            for index in 0..<count where inEnvironment[index] && statements[index].kind != .import {
                let readsOutside = statements[index].reads.contains { name in
                    binders[name]?.contains { !inEnvironment[$0] } ?? false
                }
                if readsOutside {
                    inEnvironment[index] = false
                    changed = true
                }
            }
        }

        var sets = DisjointSets(count: count)
        var firstBinder: [String: Int] = [:]
        for (name, indices) in binders {
            guard let first = indices.first(where: { !inEnvironment[$0] }) else { continue }
            firstBinder[name] = first
            for index in indices where !inEnvironment[index] { sets.union(first, index) }
        }
        for (index, statement) in statements.enumerated() where isCode[index] && !inEnvironment[index] {
            for name in statement.reads {
                if let binder = firstBinder[name] { sets.union(binder, index) }
            }
        }

        var members: [Int: [Int]] = [:]
        var roots: [Int] = []
        for index in 0..<count where isCode[index] && !inEnvironment[index] {
            let root = sets.find(index)
            if members[root] == nil { roots.append(root) }
            members[root, default: []].append(index)
        }
        var globalGroups: Set<Int> = []
        for root in roots where members[root]!.contains(where: { isGlobal[$0] }) { globalGroups.insert(root) }
        for index in 0..<count where isCode[index] {
            if inEnvironment[index] || globalGroups.contains(sets.find(index)) { environment.append(index) }
        }
        groups = roots.filter { !globalGroups.contains($0) }.map { members[$0]! }
    }
}

/// Union-find with path halving.
struct DisjointSets {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    mutating func find(_ element: Int) -> Int {
        var element = element
        while parent[element] != element {
            parent[element] = parent[parent[element]]
            element = parent[element]
        }
        return element
    }

    mutating func union(_ first: Int, _ second: Int) {
        let a = find(first)
        let b = find(second)
        if a != b { parent[max(a, b)] = min(a, b) }
    }
}
