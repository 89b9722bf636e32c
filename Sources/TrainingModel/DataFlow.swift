import PythonSyntax

/// Follows a data expression back to where the data was made: through assignments (tuple
/// unpacking and `x /= 255` included), loop variables (`for xb, yb in loader`), parameters,
/// conversions, `DataLoader` / `TensorDataset` / `tf.data` plumbing and lists filled with
/// `.append`, recording on the way what is done to it (`DataStep`s) and which loader it comes
/// from.
///
/// Results are memoised per node, so following every assignment of a script costs about one
/// visit per node on a data path. Recursion is bounded (`maxDepth`), and so is the total work
/// (`budget`); cycles (`a = b; b = a`) end in an unknown step. Past any limit the answer is
/// "unknown", which keeps the data rules silent rather than wrong.
///
/// Not thread-safe: one instance per analysis, used by `DataExtraction` on one thread.
final class DataFlow {
    /// One step with the variable it applies to, for `Scaling` records.
    struct FlowStep {
        var step: DataStep
        /// The variable the step's result is assigned to, or the variable it operates on.
        var variable: String?
    }

    /// What is known about an expression's data, from its origin to the expression.
    struct Trace {
        /// See `DataReference.root`.
        var root: String?
        var rootSpan: SourceSpan?
        /// Whether new data was made on the way (a loader, split or unknown call), so that the
        /// nearest variable above becomes the root.
        var isOpen = false
        var slices: [String] = []
        var datasetIndex: Int?
        /// Root → use order.
        var steps: [FlowStep] = []

        /// The most steps kept; beyond it the oldest are replaced by one unknown step, which
        /// keeps traces of long reassignment chains small (and the rules silent about them).
        static let maxSteps = 48

        mutating func append(_ step: FlowStep) {
            steps.append(step)
            guard steps.count > Self.maxSteps else { return }
            let dropped = steps.count - Self.maxSteps + 1
            let marker = FlowStep(
                step: DataStep(kind: .unknown, description: "more steps than Umlaut follows", span: steps[0].step.span),
                variable: nil)
            steps.replaceSubrange(0..<dropped, with: [marker])
        }

        mutating func append(contentsOf more: [FlowStep]) {
            for step in more { append(step) }
        }
    }

    struct Key: Hashable {
        var start: Int
        var end: Int
        var symbol: UInt16
        var pending: [Int]
    }

    /// How a name is bound at a use.
    enum Binding {
        case assignment(ScopeIndex.Assignment)
        /// A `for` loop or comprehension variable at `path` inside the loop's target.
        case loop(iterable: Node, path: [Int], target: Node)
        /// A list filled by `name.append(argument)`.
        case appended(ScopeIndex.Assignment, argument: Node)
        case parameter(Node)
        case unbound
    }

    let context: AnalysisContext
    /// Loader calls (by byte range: a call chained on a loader starts where it does) → index
    /// into `ScriptModel.datasets`. Filled like `appends`.
    var datasetsByCall: [Range<Int>: Int]
    /// Variables that hold networks; calling one gives model output, not input data. Filled
    /// like `appends`.
    var networkVariables: NetworkVariables
    /// `name.append(argument)` calls by list name, in source order. Filled by the caller's one
    /// pass over `context.calls`, before any trace.
    var appends: [String: [Node]] = [:]
    /// Calls of module-level functions (`train_step(x, y)`), by name, in source order: where a
    /// function's parameters get their data. Filled like `appends`.
    var callsByName: [String: [Node]] = [:]
    /// Module-level function definitions by name (for `.map(normalize_img)`).
    let functions: [String: Node]
    /// Names assigned a dotted path somewhere (`mnist = tf.keras.datasets.mnist`): the only
    /// candidates for module aliases.
    let aliasCandidates: Set<String>
    /// The module's top-level statements and their start bytes, for finding ancestors by
    /// descending (tree-sitter 0.20's `ts_node_parent` re-descends from the root on every call,
    /// which costs time proportional to the position in the file).
    private let topLevel: [Node]
    private let topLevelStarts: [Int]
    var calleeNames: [Range<Int>: String?] = [:]

    let maxDepth = 48
    var budget = 200_000
    private var memo: [Key: Trace] = [:]
    var bindingMemo: [Key: Trace] = [:]
    var inProgress: Set<Key> = []

    /// Every assignment of the script in source order (computed once: `ScopeIndex` sorts on
    /// each request).
    let assignments: [ScopeIndex.Assignment]

    init(context: AnalysisContext) {
        assignments = context.scopes.allAssignments
        self.context = context
        self.datasetsByCall = [:]
        self.networkVariables = NetworkVariables(context: context)
        var functions: [String: Node] = [:]
        for child in context.tree.root.namedChildren
        where child.type == "function_definition" || child.type == "decorated_definition" {
            let definition = child.type == "decorated_definition" ? child.child(field: .definition) : child
            if let definition, definition.type == "function_definition", let name = definition.child(field: .name) {
                functions[name.text] = definition
            }
        }
        self.functions = functions
        var aliasCandidates: Set<String> = []
        for assignment in assignments where assignment.path.isEmpty && assignment.value.type == "attribute" {
            aliasCandidates.insert(assignment.name)
        }
        self.aliasCandidates = aliasCandidates
        topLevel = context.tree.root.children
        topLevelStarts = topLevel.map(\.startByte)
    }

    /// The ancestors of a node, outermost first (the module, its top-level statement, ...,
    /// the node's parent), found by one descent from the top-level statement that holds it.
    func ancestors(of node: Node) -> [Node] {
        let root = context.tree.root
        var low = 0
        var high = topLevelStarts.count
        while low < high {
            let middle = (low + high) / 2
            if topLevelStarts[middle] <= node.startByte { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return [root] }
        let top = topLevel[low - 1]
        guard top != node, top.startByte <= node.startByte, node.endByte <= top.endByte else { return [root] }
        var chain = [root, top]
        var current = top
        for _ in 0..<512 {
            var next: Node?
            current.forEachChild { child in
                if next == nil, child.startByte <= node.startByte, node.endByte <= child.endByte,
                    child.endByte > child.startByte || node.endByte == node.startByte
                {
                    next = child
                }
            }
            guard let found = next, found != node else { break }
            chain.append(found)
            current = found
        }
        return chain
    }

    // MARK: Entry points

    /// The trace of an expression. `pending` selects an element of what the expression yields:
    /// `[0]` for the inputs of a dataset of (inputs, targets) pairs.
    func trace(_ node: Node, pending: [Int] = []) -> Trace {
        trace(node, pending, depth: 0)
    }

    /// The trace of what an assignment binds to its name.
    func trace(binding assignment: ScopeIndex.Assignment) -> Trace {
        traceBinding(assignment, pending: [], depth: 0)
    }

    // MARK: Core

    func trace(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        let key = Key(start: node.startByte, end: node.endByte, symbol: node.symbol, pending: pending)
        if let cached = memo[key] { return cached }
        guard depth < maxDepth, budget > 0, inProgress.insert(key).inserted else {
            return unknown(node, "too deep to follow")
        }
        budget -= 1
        let result = compute(node, pending, depth: depth + 1)
        inProgress.remove(key)
        memo[key] = result
        return result
    }

    private func compute(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        switch node.type {
        case "parenthesized_expression":
            guard let inner = Self.firstNamedChild(node) else { return Trace() }
            return trace(inner, pending, depth: depth)
        case "identifier":
            return traceName(node, pending, depth: depth)
        case "attribute":
            return traceAttribute(node, pending, depth: depth)
        case "subscript":
            return traceSubscript(node, pending, depth: depth)
        case "binary_operator":
            return traceArithmetic(node, pending, depth: depth)
        case "unary_operator":
            guard let operand = node.child(field: .argument) else { return Trace() }
            return trace(operand, pending, depth: depth)
        case "call":
            return traceCall(node, pending, depth: depth)
        case "tuple", "expression_list", "list":
            let elements = Self.elements(of: node)
            guard let index = pending.first, index < elements.count else { return Trace() }
            return trace(elements[index], Array(pending.dropFirst()), depth: depth)
        case "list_comprehension", "generator_expression", "set_comprehension":
            guard let body = node.child(field: .body) else { return Trace() }
            return trace(body, [], depth: depth)
        case "conditional_expression":
            guard let first = Self.firstNamedChild(node) else { return Trace() }
            var result = trace(first, pending, depth: depth)
            result.append(
                FlowStep(
                    step: DataStep(kind: .unknown, description: "conditional expression", span: SourceSpan(node)),
                    variable: nil))
            return result
        default:
            return Trace()
        }
    }

    func unknown(_ node: Node, _ description: String) -> Trace {
        var result = Trace()
        result.steps = [
            FlowStep(step: DataStep(kind: .unknown, description: description, span: SourceSpan(node)), variable: nil)
        ]
        return result
    }
}
