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
    /// The part of the environment each group is analysed with (`groupEnvironments[i]` for
    /// `groups[i]`), in order: the imports and global statements, and the other environment
    /// statements joined to the group through a name one of them binds (with the environment
    /// statements joined to those in turn). An edit of an environment statement changes only the
    /// groups it reaches.
    package var groupEnvironments: [[Int]] = []
    /// The environment statements that no group reaches, with the imports and global statements:
    /// analysed as one more part, so that what they hold is in the script's model. Nil when every
    /// environment statement is in some group's part.
    package var unreachedEnvironment: [Int]?

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
        splitEnvironment(statements, plain: { inEnvironment[$0] && statements[$0].kind != .import })
    }

    /// Fills `groupEnvironments` and `unreachedEnvironment`. The plain environment statements
    /// (not imports, not of a global group) are joined into parts through the names they bind;
    /// a group takes every part a name of its statements, or of the imports and global
    /// statements, touches.
    private mutating func splitEnvironment(_ statements: [StatementNames], plain isPlain: (Int) -> Bool) {
        let plain = environment.filter(isPlain)
        let always = environment.filter { !isPlain($0) }
        var plainBound: Set<String> = []
        for index in plain { plainBound.formUnion(statements[index].binds) }
        // Each plain statement joined with every other that binds or reads a name it binds.
        var sets = DisjointSets(count: statements.count)
        var firstUser: [String: Int] = [:]
        if plainBound.isEmpty {
            // Only imports and global statements (the usual case): every group takes them all.
            groupEnvironments = groups.map { _ in environment }
            return
        }
        for index in plain {
            for names in [statements[index].binds, statements[index].reads] {
                for name in names where plainBound.contains(name) {
                    if let first = firstUser[name] { sets.union(first, index) } else { firstUser[name] = index }
                }
            }
        }
        func parts(touchedBy indices: [Int], into touched: inout Set<Int>) {
            for index in indices {
                // A function's own locals are not the module's names, whatever binds them there.
                let locals = statements[index].locals
                for name in statements[index].reads where !locals.contains(name) {
                    if let user = firstUser[name] { touched.insert(sets.find(user)) }
                }
                for name in statements[index].binds {
                    if let user = firstUser[name] { touched.insert(sets.find(user)) }
                }
            }
        }
        var common: Set<Int> = []
        parts(touchedBy: always, into: &common)
        var reached = common
        groupEnvironments = groups.map { members in
            var touched = common
            parts(touchedBy: members, into: &touched)
            reached.formUnion(touched)
            return environment.filter { !isPlain($0) || touched.contains(sets.find($0)) }
        }
        let unreached = plain.filter { !reached.contains(sets.find($0)) }
        if !unreached.isEmpty {
            unreachedEnvironment = environment.filter { !isPlain($0) || !reached.contains(sets.find($0)) }
        }
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
