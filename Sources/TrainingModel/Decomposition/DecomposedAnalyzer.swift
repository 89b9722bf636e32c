import PythonSyntax

/// Analyses a script group by group (`ScriptDecomposition`), keeping each group's model, so that
/// after an edit only the groups whose text changed are analysed again. The result equals
/// `ScriptAnalyzer.analyze` of the whole tree; when that cannot be made sure of, `analyze`
/// returns nil and the caller runs the full analysis.
///
/// A group is analysed as a script of its own: the environment's and the group's statements, in
/// source order, one after another. The group's model is kept under that text, in that text's
/// positions, and moved to the script's positions on every use, so a group that an edit elsewhere
/// moved is reused. One analyzer per document; not thread-safe.
package final class DecomposedAnalyzer {
    private struct Group {
        let model: ScriptModel
        /// Where each statement of the group's text starts in it: byte, line.
        let starts: [(byte: Int, line: Int)]
    }

    /// A unit's text and shape, hashed once per `analyze` (the hash also goes into the keys of
    /// the groups holding the unit): a lookup compares the texts only when the hashes match.
    private struct NamesKey: Hashable {
        let text: String
        let shape: String
        let hash: Int

        init(text: String, shape: String) {
            self.text = text
            self.shape = shape
            var hasher = Hasher()
            hasher.combine(text)
            hasher.combine(shape)
            hash = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (lhs: NamesKey, rhs: NamesKey) -> Bool {
            lhs.hash == rhs.hash && lhs.text == rhs.text && lhs.shape == rhs.shape
        }
    }

    /// A group's text, as the texts of its units in order (the group's text joins them with
    /// newlines), so that a group kept from an earlier version is found without building and
    /// hashing its text again.
    private struct GroupKey: Hashable {
        let texts: [String]
        let hash: Int

        init(_ indices: [Int], keys: [NamesKey]) {
            texts = indices.map { keys[$0].text }
            var hasher = Hasher()
            for index in indices { hasher.combine(keys[index].hash) }
            hash = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (lhs: GroupKey, rhs: GroupKey) -> Bool { lhs.hash == rhs.hash && lhs.texts == rhs.texts }
    }

    /// The names and groups of the last analysis, and all those of the one before it (the
    /// same models, shared; only the ones the last analysis replaced take memory of their own):
    /// a text typed and deleted again (the server serves the deletion from `RecentResults`,
    /// without asking here) finds its old groups when the next edit comes.
    private var names: [NamesKey: StatementNames] = [:]
    private var previousNames: [NamesKey: StatementNames] = [:]
    private var groups: [GroupKey: Group] = [:]
    private var previousGroups: [GroupKey: Group] = [:]
    /// Each group's model of the last analysis in the script's positions, with where its units
    /// started (byte, line, byte, line, ...): an edit moves only the groups below it, and the
    /// others' moved models are used as they are.
    private var moved: [GroupKey: (starts: [Int], model: ScriptModel)] = [:]
    /// The units' names of the last `analyze` and their decomposition.
    private var lastDecomposition: (facts: [StatementNames], decomposition: ScriptDecomposition)?
    /// The environment's texts at the last `analyze` that got as far as comparing them.
    private var lastEnvironment: [String] = []
    private let parser = Parser()

    /// Groups analysed or reused by the last `analyze`, for tests and benches.
    package private(set) var lastAnalysed = 0
    package private(set) var lastReused = 0
    /// Why the last `analyze` returned nil, for tests and benches; nil when it did not.
    package private(set) var lastDeclined: String?

    package init() {}

    /// Whether the last `analyze` declined because most groups were new: the next `analyze` of
    /// a text with the same environment analyses them all.
    package private(set) var waitsForGroups = false

    /// Whether an `analyze` has run, so the units' names are known. Before that, `analyze`
    /// costs more than the full analysis (it parses every unit alone, then declines since all
    /// groups are new): a document's first analysis is the full one, and `prepare` follows it.
    package var isPrepared: Bool { !names.isEmpty }

    /// Whether `prepare` has work to do: no `analyze` has run yet, or the last one left the
    /// groups to it.
    package var needsPreparation: Bool { !isPrepared || waitsForGroups }

    /// Analyses the groups of `tree` ahead of the next edit when no `analyze` has run yet, or
    /// the last one left them to it: the server calls this after publishing a version's
    /// diagnostics. Cancelled, it keeps the groups analysed so far.
    package func prepare(_ tree: SyntaxTree) {
        prepareNames(tree)
        if !Task.isCancelled { prepareGroups(tree) }
    }

    /// `prepare`'s first step: the units' names, when no `analyze` has run yet (a script that
    /// splits then declines, all its groups being new). The full analysis that came before built
    /// the tree's nodes: the names are read from them.
    package func prepareNames(_ tree: SyntaxTree) {
        if !isPrepared { _ = analyze(tree, namesFromTree: true) }
    }

    /// `prepare`'s second step: the groups' analyses, when the last `analyze` left them to it.
    package func prepareGroups(_ tree: SyntaxTree) {
        if waitsForGroups { _ = analyze(tree) }
    }

    /// Consecutive top-level statements of which all but the first start mid-line (after `;`,
    /// or where error recovery split a line): they go into groups together, copied as one
    /// piece of text, so that every piece starts a line in the script and in its group.
    private struct Unit {
        /// Indices into the script's top-level statements.
        var statements: Range<Int>
        var bytes: Range<Int>
        var startLine: Int
        /// Each statement's kind, offset from the unit's start, length and error flag, and for a
        /// statement with errors its S-expression: what a parse of the unit elsewhere must give.
        var shape: String
    }

    private static func units(of statements: [TopLevelStatement], in tree: SyntaxTree) -> [Unit] {
        let bytes = tree.source.bytes
        var units: [Unit] = []
        for (index, statement) in statements.enumerated() {
            let start = statement.byteRange.lowerBound
            if start > 0, bytes[start - 1] != UInt8(ascii: "\n"), !units.isEmpty {
                units[units.count - 1].statements = units[units.count - 1].statements.lowerBound..<(index + 1)
                units[units.count - 1].bytes = units[units.count - 1].bytes.lowerBound..<statement.byteRange.upperBound
            } else {
                units.append(
                    Unit(
                        statements: index..<(index + 1), bytes: statement.byteRange, startLine: statement.startLine,
                        shape: ""))
            }
        }
        for index in units.indices {
            var shape = ""
            for statement in units[index].statements {
                let own = statements[statement]
                shape +=
                    "\(own.symbol):\(own.byteRange.lowerBound - units[index].bytes.lowerBound):\(own.byteRange.count)"
                shape += own.hasError ? ":e \(tree.sExpressionOfTopLevel(at: statement));" : ";"
            }
            units[index].shape = shape
        }
        return units
    }

    /// The shape (as `Unit.shape`) of the statements of `tree` from its `first` top-level
    /// statement on, `count` of them, relative to the byte `start`.
    private static func shape(
        of tree: SyntaxTree, statements: [TopLevelStatement], first: Int, count: Int, start: Int
    )
        -> String?
    {
        guard first + count <= statements.count else { return nil }
        var shape = ""
        for index in first..<(first + count) {
            let own = statements[index]
            shape += "\(own.symbol):\(own.byteRange.lowerBound - start):\(own.byteRange.count)"
            shape += own.hasError ? ":e \(tree.sExpressionOfTopLevel(at: index));" : ";"
        }
        return shape
    }

    /// The model of `tree`, or nil when the script does not split (fewer than two groups) or the
    /// split could differ from the full analysis (a group's text parses differently on its own,
    /// or a lone network and loss that only the whole script links).
    ///
    /// `leavingNewGroupsToPrepare`: when most groups are new, decline even if the environment
    /// is the one of the last analysis, and leave them to `prepare`. The language server's edits
    /// ask this: an edit after an environment edit, or one whose preparation was stopped, would
    /// otherwise analyse every group that is left (up to 80 ms on the bench's script, against
    /// 25 ms for the full analysis).
    ///
    /// `namesFromTree`: the names of a unit not seen before, when it is one statement without
    /// errors, are read from `tree`'s node instead of a parse of the unit's text alone (what
    /// that parse gives such a statement). Cheaper when the tree's nodes are built already (after
    /// the full analysis), dearer when they are not (building them costs about a third of the
    /// full analysis).
    package func analyze(
        _ tree: SyntaxTree, leavingNewGroupsToPrepare: Bool = false, namesFromTree: Bool = false
    ) -> ScriptModel? {
        // Error recovery can leave an `ERROR` node as the root: the full analysis then reads
        // nothing below it (no imports, no definitions), while every group, parsed on its own,
        // is a module whose imports it reads.
        guard tree.rootIsModule else {
            lastDeclined = "the script is not a module"
            return nil
        }
        let statements = tree.topLevelStatements()
        let source = tree.source
        let units = Self.units(of: statements, in: tree)
        var keys: [NamesKey] = []
        var facts: [StatementNames] = []
        var usedNames: [NamesKey: StatementNames] = [:]
        let nodes = namesFromTree ? tree.root.children : []
        for unit in units {
            let key = NamesKey(text: source.text(in: unit.bytes), shape: unit.shape)
            let first = unit.statements.lowerBound
            let known =
                names[key] ?? previousNames[key] ?? usedNames[key]
                ?? (namesFromTree && unit.statements.count == 1 && !statements[first].hasError
                    && nodes.count == statements.count
                    ? StatementNames(nodes[first])
                    : Self.names(of: key.text, shape: unit.shape, count: unit.statements.count, parser: parser))
            usedNames[key] = known
            keys.append(key)
            facts.append(known)
        }
        previousNames = names
        names = usedNames
        // An edit that changes no unit's names (most typing inside a function) keeps the
        // decomposition; comparing the names is cheap since the unchanged units' come from the
        // cache and share their storage.
        let decomposition: ScriptDecomposition
        if let last = lastDecomposition, last.facts == facts {
            decomposition = last.decomposition
        } else {
            decomposition = ScriptDecomposition(facts)
            lastDecomposition = (facts, decomposition)
        }
        lastDeclined = nil
        lastAnalysed = 0
        lastReused = 0
        guard decomposition.groups.count > 1 else {
            lastDeclined = "\(decomposition.groups.count) group"
            return nil
        }

        // Each group's units, and whether it is kept from an earlier version.
        var groupKeys: [(indices: [Int], key: GroupKey)] = []
        var misses = 0
        var parts = zip(decomposition.groupEnvironments, decomposition.groups).map { Self.merge($0, $1) }
        if let unreached = decomposition.unreachedEnvironment { parts.append(unreached) }
        for indices in parts {
            let key = GroupKey(indices, keys: keys)
            if groups[key] == nil, previousGroups[key] == nil { misses += 1 }
            groupKeys.append((indices, key))
        }
        // An edit of the environment changes every group that reaches the statement edited (an
        // import: every group). Analysing most of them would cost more than the full analysis;
        // while such edits go on (typing a module-level line), the full analysis runs, and the
        // groups are analysed again once the environment stays as it is.
        let environment = decomposition.environment.map { keys[$0].text }
        if misses > 2, misses * 2 > decomposition.groups.count,
            environment != lastEnvironment || leavingNewGroupsToPrepare
        {
            lastEnvironment = environment
            lastDeclined = "most groups changed"
            waitsForGroups = true
            return nil
        }
        lastEnvironment = environment
        waitsForGroups = false

        var models: [ScriptModel] = []
        var usedGroups: [GroupKey: Group] = [:]
        var usedMoved: [GroupKey: (starts: [Int], model: ScriptModel)] = [:]
        for (indices, key) in groupKeys {
            let group: Group
            if let known = groups[key] ?? previousGroups[key] ?? usedGroups[key] {
                group = known
                lastReused += 1
            } else {
                var text = ""
                var starts: [(byte: Int, line: Int)] = []
                var line = 0
                for unitText in key.texts {
                    starts.append((text.utf8.count, line))
                    text += unitText
                    text += "\n"
                    line += Self.lineCount(unitText)
                }
                guard let analysed = analyzeGroup(text, starts: starts, units: indices.map { units[$0] }) else {
                    // What was analysed holds whatever comes next (it is kept by its text):
                    // a cancelled `prepare` goes on where it stopped.
                    groups.merge(usedGroups) { _, new in new }
                    return nil
                }
                group = analysed
                lastAnalysed += 1
            }
            usedGroups[key] = group
            var unitStarts: [Int] = []
            unitStarts.reserveCapacity(indices.count * 2)
            for index in indices {
                unitStarts.append(units[index].bytes.lowerBound)
                unitStarts.append(units[index].startLine)
            }
            if let known = moved[key], known.starts == unitStarts {
                usedMoved[key] = known
                models.append(known.model)
                continue
            }
            var model = group.model
            let groupStarts = group.starts
            model.moveSpans { span in
                // The unit holding the span: the last one starting at or before it.
                var low = 0
                var high = groupStarts.count
                while high - low > 1 {
                    let middle = (low + high) / 2
                    if groupStarts[middle].byte <= span.startByte { low = middle } else { high = middle }
                }
                let byteShift = unitStarts[2 * low] - groupStarts[low].byte
                let lineShift = unitStarts[2 * low + 1] - groupStarts[low].line
                span.startByte += byteShift
                span.endByte += byteShift
                span.start.line += lineShift
                span.end.line += lineShift
            }
            usedMoved[key] = (unitStarts, model)
            models.append(model)
        }
        previousGroups = groups
        groups = usedGroups
        moved = usedMoved
        guard let merged = ScriptModel.merged(models) else {
            lastDeclined = "the groups disagree"
            return nil
        }
        // The full analysis links a lone network and a lone loss that nothing else linked; the
        // groups, each seeing part of the script, were told not to.
        if merged.networks.count == 1, merged.losses.count == 1, merged.losses[0].networkName == nil {
            lastDeclined = "a lone network and loss"
            return nil
        }
        return merged
    }

    private func analyzeGroup(_ text: String, starts: [(byte: Int, line: Int)], units: [Unit]) -> Group? {
        let groupTree = parser.parse(SourceText(text))
        // The group's text must parse into the same statements as the script: same kinds,
        // places and lengths, and where error recovery was involved, the same structure.
        let parsed = groupTree.topLevelStatements()
        var first = 0
        for (position, unit) in units.enumerated() {
            let count = unit.statements.count
            guard
                Self.shape(of: groupTree, statements: parsed, first: first, count: count, start: starts[position].byte)
                    == unit.shape
            else {
                lastDeclined = "a statement parses differently in its group"
                return nil
            }
            first += count
        }
        guard first == parsed.count else {
            lastDeclined = "a group's text has more statements than its pieces"
            return nil
        }
        let model = ScriptAnalyzer.analyze(groupTree, linksLoneNetwork: false)
        // A cancelled analysis stops between passes: its model is partial and must not be kept.
        if Task.isCancelled {
            lastDeclined = "cancelled"
            return nil
        }
        return Group(model: model, starts: starts)
    }

    /// The names of one unit from a parse of its text alone. When that parse does not give the
    /// unit's statements as the script has them (`shape`), every name it holds is taken as
    /// bound and read; so is every name of an unparsable piece (`StatementNames`).
    static func names(of text: String, shape: String, count: Int, parser: Parser) -> StatementNames {
        let tree = parser.parse(SourceText(text))
        let statements = tree.topLevelStatements()
        let root = tree.root
        guard Self.shape(of: tree, statements: statements, first: 0, count: count, start: 0) == shape,
            statements.count == count
        else {
            var names = StatementNames(root)
            names.kind = .other
            names.binds = names.reads
            return names
        }
        let children = root.children
        if children.count == 1 { return StatementNames(children[0]) }
        var names = StatementNames(root)
        // Several statements on one line: a block of their own, never the environment's import.
        if names.kind == .import { names.kind = .other }
        names.binds = []
        for child in children { names.binds.formUnion(StatementNames(child).binds) }
        return names
    }

    private static func merge(_ first: [Int], _ second: [Int]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(first.count + second.count)
        var i = 0
        var j = 0
        while i < first.count || j < second.count {
            if j == second.count || (i < first.count && first[i] < second[j]) {
                result.append(first[i])
                i += 1
            } else {
                result.append(second[j])
                j += 1
            }
        }
        return result
    }

    private static func lineCount(_ text: String) -> Int {
        var count = 1
        for byte in text.utf8 where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}
