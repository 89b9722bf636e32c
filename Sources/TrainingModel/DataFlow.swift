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
            let marker = FlowStep(step: DataStep(kind: .unknown, description: "more steps than Umlaut follows", span: steps[0].step.span),
                                  variable: nil)
            steps.replaceSubrange(0..<dropped, with: [marker])
        }

        mutating func append(contentsOf more: [FlowStep]) {
            for step in more { append(step) }
        }
    }

    private struct Key: Hashable {
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
    var networkVariables: Set<String>
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
    private let aliasCandidates: Set<String>
    /// The module's top-level statements and their start bytes, for finding ancestors by
    /// descending (tree-sitter 0.20's `ts_node_parent` re-descends from the root on every call,
    /// which costs time proportional to the position in the file).
    private let topLevel: [Node]
    private let topLevelStarts: [Int]
    private var calleeNames: [Range<Int>: String?] = [:]

    let maxDepth = 48
    private(set) var budget = 200_000
    private var memo: [Key: Trace] = [:]
    private var bindingMemo: [Key: Trace] = [:]
    private var inProgress: Set<Key> = []

    /// Every assignment of the script in source order (computed once: `ScopeIndex` sorts on
    /// each request).
    let assignments: [ScopeIndex.Assignment]

    init(context: AnalysisContext) {
        assignments = context.scopes.allAssignments
        self.context = context
        self.datasetsByCall = [:]
        self.networkVariables = []
        var functions: [String: Node] = [:]
        for child in context.tree.root.namedChildren where child.type == "function_definition" || child.type == "decorated_definition" {
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
                   child.endByte > child.startByte || node.endByte == node.startByte {
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

    private func trace(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        let key = Key(start: node.startByte, end: node.endByte, symbol: node.symbol, pending: pending)
        if let cached = memo[key] { return cached }
        guard depth < maxDepth, budget > 0, inProgress.insert(key).inserted else { return unknown(node, "too deep to follow") }
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
            result.append(FlowStep(step: DataStep(kind: .unknown, description: "conditional expression", span: SourceSpan(node)), variable: nil))
            return result
        default:
            return Trace()
        }
    }

    private func unknown(_ node: Node, _ description: String) -> Trace {
        var result = Trace()
        result.steps = [FlowStep(step: DataStep(kind: .unknown, description: description, span: SourceSpan(node)), variable: nil)]
        return result
    }

    // MARK: Names

    private func traceName(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        let name = node.text
        switch binding(of: name, at: node) {
        case .assignment(let assignment):
            var result = traceBinding(assignment, pending: pending, depth: depth)
            close(&result, name: name, at: assignment.target)
            return result
        case .loop(let iterable, let path, let target):
            var result = trace(iterable, path + pending, depth: depth)
            close(&result, name: name, at: target)
            return result
        case .appended(let assignment, let argument):
            var result = trace(argument, pending, depth: depth)
            close(&result, name: name, at: assignment.target)
            return result
        case .parameter(let parameter):
            return traceArgument(for: parameter, pending, depth: depth) ?? Trace(root: name, rootSpan: SourceSpan(parameter))
        case .unbound:
            return Trace(root: name)
        }
    }

    /// What the first call of a module-level function passes for one of its parameters
    /// (`train_step(images, labels)` for `def train_step(x, y)`), or nil when the parameter does
    /// not belong to such a function or no call passes it plainly.
    private func traceArgument(for parameter: Node, _ pending: [Int], depth: Int) -> Trace? {
        guard let list = parameter.parent, list.type == "parameters" || ["default_parameter", "typed_parameter", "typed_default_parameter"].contains(list.type)
        else { return nil }
        let parameters = list.type == "parameters" ? list : list.parent
        guard let parameters, parameters.type == "parameters", let definition = parameters.parent,
              definition.type == "function_definition", let name = definition.child(field: .name)?.text,
              functions[name] == definition else { return nil }
        let all = Self.parameterNodes(parameters)
        guard let position = all.firstIndex(of: parameter),
              !parameters.namedChildren.prefix(position + 1).contains(where: { $0.type == "list_splat_pattern" || $0.type == "dictionary_splat_pattern" })
        else { return nil }
        for call in callsByName[name] ?? [] where !definition.byteRange.contains(call.startByte) {
            let positional = Self.positionalArguments(of: call)
            guard let argument = position < positional.count ? positional[position] : keywordArgument(call, parameter.text) else { continue }
            return trace(argument, pending, depth: depth)
        }
        return nil
    }

    /// Makes `name` the root of an open trace.
    private func close(_ trace: inout Trace, name: String, at target: Node) {
        guard trace.isOpen else { return }
        trace.root = name
        trace.rootSpan = SourceSpan(target)
        trace.isOpen = false
    }

    private func traceBinding(_ assignment: ScopeIndex.Assignment, pending: [Int], depth: Int) -> Trace {
        let key = Key(start: assignment.target.startByte, end: assignment.statement.startByte, symbol: 0, pending: assignment.path + pending)
        if let cached = bindingMemo[key] { return cached }
        guard depth < maxDepth, budget > 0, inProgress.insert(key).inserted else { return unknown(assignment.statement, "too deep to follow") }
        budget -= 1
        var result: Trace
        if let op = assignment.augmentedOperator {
            // `x /= 255`: what `x` was before, then the operation.
            result = traceNameBefore(assignment, pending, depth: depth + 1)
            if let step = augmentedStep(op, operand: assignment.value, statement: assignment.statement, variable: assignment.name) {
                result.append(step)
            }
        } else {
            result = trace(assignment.value, assignment.path + pending, depth: depth + 1)
        }
        inProgress.remove(key)
        bindingMemo[key] = result
        return result
    }

    /// The trace of the name an augmented assignment updates, as bound before it.
    private func traceNameBefore(_ assignment: ScopeIndex.Assignment, _ pending: [Int], depth: Int) -> Trace {
        let name = assignment.name
        switch binding(of: name, at: assignment.target, excluding: assignment.offset) {
        case .assignment(let previous):
            var result = traceBinding(previous, pending: pending, depth: depth)
            close(&result, name: name, at: previous.target)
            return result
        case .loop(let iterable, let path, let target):
            var result = trace(iterable, path + pending, depth: depth)
            close(&result, name: name, at: target)
            return result
        case .appended(let previous, let argument):
            var result = trace(argument, pending, depth: depth)
            close(&result, name: name, at: previous.target)
            return result
        case .parameter(let parameter):
            return traceArgument(for: parameter, pending, depth: depth) ?? Trace(root: name, rootSpan: SourceSpan(parameter))
        case .unbound:
            return Trace(root: name)
        }
    }

    /// How `name` is bound where `use` reads it. `excluding` leaves out one assignment statement
    /// (the one being followed). Only assignments before the use count, except that a function
    /// may read a global assigned further down.
    func binding(of name: String, at use: Node, excluding: Int? = nil) -> Binding {
        var excluded = excluding
        var loop: (iterable: Node, path: [Int], target: Node, start: Int)?
        var function: Node?
        var parameter: Node?
        var child = use
        walk: for current in ancestors(of: use).reversed() {
            switch current.type {
            case "assignment", "augmented_assignment":
                if excluded == nil, let right = current.child(field: .right), right.byteRange.contains(child.startByte),
                   current.child(field: .left)?.byteRange.contains(use.startByte) != true {
                    excluded = current.startByte
                }
            case "for_statement":
                if loop == nil, let left = current.child(field: .left), let right = current.child(field: .right),
                   child.startByte >= right.endByte, let path = Self.path(of: name, in: left) {
                    loop = (right, path, left, current.startByte)
                }
            case "list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension":
                for clause in current.namedChildren where clause.type == "for_in_clause" {
                    guard let left = clause.child(field: .left), let right = clause.child(field: .right),
                          !right.byteRange.contains(use.startByte), let path = Self.path(of: name, in: left) else { continue }
                    return .loop(iterable: right, path: path, target: left)
                }
            case "lambda":
                if let parameters = current.child(field: .parameters), let found = Self.parameter(named: name, in: parameters) {
                    return .parameter(found)
                }
            case "function_definition":
                function = current
                if let parameters = current.child(field: .parameters) { parameter = Self.parameter(named: name, in: parameters) }
                break walk
            default:
                break
            }
            child = current
        }
        let offset = use.startByte
        var assignment = context.scopes.assignment(of: name, at: offset, excludingStatementAt: excluded)
        if let found = assignment, found.offset >= offset {
            // A later assignment counts only as a global read from inside a function.
            let isGlobalRead = function.map { !$0.byteRange.contains(found.offset) } ?? false
            if !isGlobalRead { assignment = nil }
        }
        if let loop, assignment.map({ $0.offset < loop.start || $0.offset >= offset }) ?? true {
            return .loop(iterable: loop.iterable, path: loop.path, target: loop.target)
        }
        if let parameter, let function, assignment.map({ !function.byteRange.contains($0.offset) }) ?? true {
            return .parameter(parameter)
        }
        guard let assignment else { return .unbound }
        if assignment.path.isEmpty, assignment.augmentedOperator == nil, Self.isEmptyList(assignment.value),
           let argument = appends[name]?.first(where: { $0.startByte > assignment.offset && $0.startByte < offset }) {
            return .appended(assignment, argument: argument)
        }
        return .assignment(assignment)
    }

    // MARK: Attributes and subscripts

    private func traceAttribute(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        guard let object = node.child(field: .object), let attribute = node.child(field: .attribute) else { return Trace() }
        if ["values", "array"].contains(attribute.text), object.type != "identifier" || context.imports.bindings[object.text] == nil {
            return trace(object, pending, depth: depth)
        }
        // `self.x` and other attributes: followed only when assigned in the same scope.
        if let assignment = context.scopes.assignment(of: node.text, at: node.startByte), assignment.offset < node.startByte {
            var result = traceBinding(assignment, pending: pending, depth: depth)
            close(&result, name: node.text, at: assignment.target)
            return result
        }
        return Trace(root: node.text)
    }

    private func traceSubscript(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        guard let value = node.child(field: .value) else { return Trace() }
        let subscripts = node.children(field: .subscript)
        if subscripts.count == 1, case .int(let index) = context.constants.evaluate(subscripts[0]), index >= 0,
           yieldsTuple(value) {
            // `data[0]` of `data = mnist.load_data()`: an element, not a slice.
            return trace(value, [index] + pending, depth: depth)
        }
        var result = trace(value, pending, depth: depth)
        let text = context.source.text(in: value.endByte..<node.endByte)
        if subscripts.count == 1, context.constants.evaluate(subscripts[0]).string != nil {
            // `data["x_train"]` of an `.npz` file or a dict: a member, part of the data's identity.
            if !result.isOpen, let root = result.root, result.slices.isEmpty { result.root = root + text }
            return result
        }
        result.slices.append(text)
        return result
    }

    /// Whether an expression yields a tuple whose elements are separate data (a `load_data()`
    /// result, a split, a tuple literal).
    private func yieldsTuple(_ node: Node) -> Bool {
        var value = node
        if value.type == "identifier" {
            guard case .assignment(let assignment) = binding(of: value.text, at: value), assignment.path.isEmpty,
                  assignment.augmentedOperator == nil else { return false }
            value = assignment.value
        }
        switch value.type {
        case "tuple", "expression_list", "parenthesized_expression": return true
        case "call":
            if datasetsByCall[value.byteRange] != nil { return true }
            guard let name = calleeName(value) else { return false }
            return DataCatalog.splitFunctions[name] != nil
        default: return false
        }
    }

    // MARK: Arithmetic

    private func traceArithmetic(_ node: Node, _ pending: [Int], depth: Int) -> Trace {
        guard let left = node.child(field: .left), let right = node.child(field: .right),
              let op = node.child(field: .operator)?.text else { return Trace() }
        let leftValue = context.constants.evaluate(left).number
        let rightValue = context.constants.evaluate(right).number
        let data: Node
        let kind: DataStep.Kind?
        let description: String
        if let factor = rightValue {
            data = left
            switch op {
            case "/":
                kind = factor == 1 ? nil : (factor > 1 || factor < 0 ? .scaling : .unknown)
                description = "divide by \(right.text)"
            case "*":
                kind = factor == 1 ? nil : (factor > 0 && factor < 1 ? .scaling : .unknown)
                description = "multiply by \(right.text)"
            case "-":
                kind = factor == 0 ? nil : .scaling
                description = "subtract \(right.text)"
            default:
                kind = .unknown
                description = "\(op) \(right.text)"
            }
        } else if let factor = leftValue {
            data = right
            kind = op == "*" && factor > 0 && factor < 1 ? .scaling : .unknown
            description = op == "*" ? "multiply by \(left.text)" : "\(left.text) \(op)"
        } else {
            data = left
            switch op {
            case "/":
                kind = .scaling
                description = "divide by \(right.text)"
            case "-":
                kind = .scaling
                description = "subtract \(right.text)"
            default:
                kind = .unknown
                description = "\(op) \(right.text)"
            }
        }
        var result = trace(data, pending, depth: depth)
        if let kind {
            result.append(FlowStep(step: DataStep(kind: kind, description: description, span: SourceSpan(node)),
                                         variable: assignedVariable(of: node) ?? ImportTable.dottedName(data)))
        }
        return result
    }

    private func augmentedStep(_ op: String, operand: Node, statement: Node, variable: String) -> FlowStep? {
        let factor = context.constants.evaluate(operand).number
        let kind: DataStep.Kind?
        switch op {
        case "/=":
            kind = factor.map { $0 == 1 ? nil : ($0 > 1 || $0 < 0 ? .scaling : .unknown) } ?? .scaling
        case "*=":
            kind = factor.map { $0 == 1 ? nil : ($0 > 0 && $0 < 1 ? .scaling : .unknown) } ?? .unknown
        case "-=":
            kind = factor == 0 ? nil : .scaling
        default:
            kind = .unknown
        }
        guard let kind else { return nil }
        let verb = ["/=": "divide by", "*=": "multiply by", "-=": "subtract"][op] ?? op
        return FlowStep(step: DataStep(kind: kind, description: "\(verb) \(operand.text)", span: SourceSpan(statement)), variable: variable)
    }

    // MARK: Calls

    private func traceCall(_ call: Node, _ pending: [Int], depth: Int) -> Trace {
        if let index = datasetsByCall[call.byteRange] {
            return Trace(isOpen: true, datasetIndex: index)
        }
        switch role(of: call, pending: pending) {
        case .passThrough(let data):
            return trace(data, pending, depth: depth)
        case .slice(let data, let text):
            var result = trace(data, pending, depth: depth)
            result.slices.append(text)
            return result
        case .step(let data, let step):
            var result = trace(data, pending, depth: depth)
            result.append(FlowStep(step: step, variable: assignedVariable(of: call) ?? ImportTable.dottedName(data)))
            return result
        case .select(let data, let rest):
            return trace(data, rest, depth: depth)
        case .split(let source, let rest):
            var result = trace(source, rest, depth: depth)
            result.isOpen = true
            result.root = nil
            result.rootSpan = nil
            result.slices = []
            return result
        case .map(let receiver, let function):
            var result = trace(receiver, pending, depth: depth)
            result.append(contentsOf: mappedSteps(function, depth: depth))
            return result
        case .generatorFlow(let data, let rest, let generator):
            var result = trace(data, rest, depth: depth)
            result.append(contentsOf: generatorSteps(generator))
            return result
        case .notData:
            return Trace()
        case .unknown(let data, let description):
            var result = data.map { trace($0, [], depth: depth) } ?? Trace()
            result.append(FlowStep(step: DataStep(kind: .unknown, description: description, span: SourceSpan(call)), variable: nil))
            result.isOpen = true
            result.root = nil
            result.rootSpan = nil
            result.slices = []
            return result
        }
    }

    /// What a call does to data flowing through it.
    enum Role {
        case passThrough(Node)
        case slice(Node, String)
        case step(Node, DataStep)
        /// Follow `Node` with a new pending element path.
        case select(Node, [Int])
        case split(Node, [Int])
        case map(receiver: Node, function: Node)
        case generatorFlow(data: Node, rest: [Int], generator: Node)
        case notData
        case unknown(Node?, String)
    }

    func role(of call: Node, pending: [Int]) -> Role {
        guard let function = call.child(field: .function) else { return .notData }
        let positional = Self.positionalArguments(of: call)
        let first = positional.first
        let span = SourceSpan(call)
        // `layers.Rescaling(1./255)(x)` and `norm_layer(x)` where `norm_layer = Normalization()`.
        if let layer = scalingLayerName(function), let first {
            let description = function.type == "identifier" ? "\(function.text) (\(layer) layer)" : "\(layer) layer"
            return .step(first, DataStep(kind: .scaling, description: description, span: span))
        }
        if function.type == "identifier", networkVariables.contains(function.text) { return .notData }
        if let name = calleeName(call), isModuleFunction(function) {
            return role(ofFunction: name, call: call, positional: positional, pending: pending)
        }
        guard function.type == "attribute", let receiver = function.child(field: .object),
              let method = function.child(field: .attribute)?.text else {
            return .unknown(first, function.text)
        }
        return role(ofMethod: method, receiver: receiver, call: call, positional: positional, pending: pending)
    }

    private func role(ofFunction name: String, call: Node, positional: [Node], pending: [Int]) -> Role {
        let first = positional.first ?? keywordArgument(call, "dataset") ?? keywordArgument(call, "x")
        let span = SourceSpan(call)
        let short = DataCatalog.shortName(name)
        if DataCatalog.passThroughFunctions.contains(name), let first { return .passThrough(first) }
        if let description = DataCatalog.scalingFunctions[name], let first {
            return .step(first, DataStep(kind: .scaling, description: description, span: span))
        }
        if name.hasPrefix("keras.applications."), name.hasSuffix(".preprocess_input"), let first {
            return .step(first, DataStep(kind: .scaling, description: "preprocess_input", span: span))
        }
        if let form = DataCatalog.permutationFunctions[name], let first {
            return .step(first, DataStep(kind: .permutation, description: short, axes: permutation(form, call: call, arguments: Array(positional.dropFirst())), span: span))
        }
        if let keyword = DataCatalog.reshapeFunctions[name], let first {
            let shape = (positional.count > 1 ? positional[1] : nil) ?? keywordArgument(call, keyword) ?? keywordArgument(call, "shape")
            return .step(first, DataStep(kind: .reshape, description: short, shape: shape.flatMap { self.shape([$0]) }, span: span))
        }
        if let pairs = DataCatalog.splitFunctions[name] {
            let index = pending.first ?? 0
            let source = pairs ? (index / 2 < positional.count ? positional[index / 2] : nil) : first
            guard let source else { return .notData }
            return .split(source, Array(pending.dropFirst()))
        }
        let last = name.lastDottedPart.map(String.init) ?? name
        switch last {
        case "TensorDataset" where name.hasPrefix("torch."), "zip":
            guard let index = pending.first, index < positional.count else { return .notData }
            return .select(positional[index], Array(pending.dropFirst()))
        case "enumerate":
            guard let first, pending.first == 1 else { return .notData }
            return .select(first, Array(pending.dropFirst()))
        case "Subset" where name.hasPrefix("torch."):
            guard let first else { return .notData }
            return .slice(first, "Subset(\(positional.dropFirst().first?.text ?? ""))")
        default:
            return .unknown(first, short)
        }
    }

    private func role(ofMethod method: String, receiver: Node, call: Node, positional: [Node], pending: [Int]) -> Role {
        let span = SourceSpan(call)
        if DataCatalog.passThroughMethods.contains(method) { return .passThrough(receiver) }
        switch method {
        case "reshape", "view":
            return .step(receiver, DataStep(kind: .reshape, description: method, shape: shape(positional), span: span))
        case "flatten":
            return .step(receiver, DataStep(kind: .reshape, description: method, span: span))
        case "permute":
            let axes = positional.count == 1 ? intList(positional[0]) : intList(positional)
            return .step(receiver, DataStep(kind: .permutation, description: method, axes: axes ?? keywordArgument(call, "dims").flatMap { intList($0) }, span: span))
        case "transpose", "swapaxes", "movedim", "moveaxis":
            let axes: [Int]?
            switch (method, positional.count) {
            case ("transpose", 0): axes = nil
            case ("transpose", 1): axes = intList(positional[0])
            case ("transpose", 2), ("swapaxes", 2): axes = Self.swap(intList(positional))
            case ("transpose", _): axes = intList(positional)
            case ("movedim", 2), ("moveaxis", 2): axes = Self.move(intList(positional))
            default: axes = nil
            }
            return .step(receiver, DataStep(kind: .permutation, description: method, axes: axes, span: span))
        case _ where DataCatalog.sliceMethods.contains(method):
            return .slice(receiver, "." + context.source.text(in: (call.child(field: .function)?.child(field: .attribute)?.startByte ?? call.startByte)..<call.endByte))
        case _ where DataCatalog.scalingMethods.contains(method):
            let factor = positional.first.flatMap { context.constants.evaluate($0).number }
            let isScaling: Bool
            switch method {
            case "mul", "mul_", "multiply": isScaling = factor.map { $0 > 0 && $0 < 1 } ?? false
            case "sub", "sub_", "subtract": isScaling = true
            default: isScaling = factor.map { $0 > 1 } ?? true
            }
            let description = "\(method)(\(positional.first?.text ?? ""))"
            return .step(receiver, DataStep(kind: isScaling ? .scaling : .unknown, description: description, span: span))
        case "fit_transform", "transform":
            guard let data = positional.first else { return .notData }
            if let scaler = constructorName(receiver), DataCatalog.sklearnScalers.contains(scaler) {
                return .step(data, DataStep(kind: .scaling, description: "\(scaler).\(method)", span: span))
            }
            return .unknown(data, method)
        case "map":
            guard let function = positional.first ?? keywordArgument(call, "map_func") else { return .unknown(nil, method) }
            return .map(receiver: receiver, function: function)
        case "flow":
            guard constructorName(receiver) == "ImageDataGenerator" else { break }
            let index = pending.first ?? 0
            guard index < positional.count || keywordArgument(call, index == 0 ? "x" : "y") != nil else { return .notData }
            let data = index < positional.count ? positional[index] : keywordArgument(call, index == 0 ? "x" : "y")!
            if index == 0 { return .generatorFlow(data: data, rest: Array(pending.dropFirst()), generator: receiver) }
            return .select(data, Array(pending.dropFirst()))
        case "predict", "predict_on_batch", "forward", "encode", "decode":
            if receiver.type == "identifier", networkVariables.contains(receiver.text) { return .notData }
        default:
            break
        }
        return .unknown(receiver, method)
    }

    // MARK: Names of things

    /// The canonical qualified name of a call's callee, following one module alias assignment
    /// (`mnist = tf.keras.datasets.mnist` ... `mnist.load_data()`).
    func calleeName(_ call: Node) -> String? {
        if let cached = calleeNames[call.byteRange] { return cached }
        let name = call.child(field: .function).flatMap { qualifiedName($0) }
        calleeNames[call.byteRange] = name
        return name
    }

    func qualifiedName(_ node: Node) -> String? {
        guard let dotted = ImportTable.dottedName(node) else { return nil }
        let head = String(dotted.prefix { $0 != "." })
        if context.imports.bindings[head] != nil { return context.imports.resolve(dotted) }
        if let aliased = moduleAlias(head, at: node) {
            return context.imports.resolve(aliased + dotted.dropFirst(head.count))
        }
        return ImportTable.canonical(dotted)
    }

    /// What `head` stands for if it is assigned a dotted name of an imported module.
    private func moduleAlias(_ head: String, at node: Node) -> String? {
        guard aliasCandidates.contains(head), let assignment = context.scopes.assignment(of: head, at: node.startByte), assignment.path.isEmpty,
              assignment.augmentedOperator == nil, assignment.value.type == "attribute",
              let dotted = ImportTable.dottedName(assignment.value),
              context.imports.bindings[String(dotted.prefix { $0 != "." })] != nil else { return nil }
        return dotted
    }

    /// Whether a callee names a module-level function (imported, aliased or built in) rather
    /// than a method of some object.
    private func isModuleFunction(_ function: Node) -> Bool {
        guard let dotted = ImportTable.dottedName(function) else { return false }
        let head = String(dotted.prefix { $0 != "." })
        if function.type == "identifier" { return true }
        return context.imports.bindings[head] != nil || moduleAlias(head, at: function) != nil
    }

    /// The last component of the constructor an expression was made with (`ImageDataGenerator`
    /// for `datagen` after `datagen = ImageDataGenerator(...)`), following one variable.
    func constructorName(_ node: Node) -> String? {
        constructorCall(node).flatMap { calleeName($0) }.map { String($0.lastDottedPart ?? "") }
    }

    func constructorCall(_ node: Node) -> Node? {
        var value = node
        if value.type == "identifier" || value.type == "attribute" {
            guard let assignment = context.scopes.assignment(of: value.text, at: value.startByte),
                  assignment.offset < value.startByte, assignment.path.isEmpty, assignment.augmentedOperator == nil
            else { return nil }
            value = assignment.value
        }
        return value.type == "call" ? value : nil
    }

    /// The name of a Keras scaling layer applied as a function: `Rescaling(1./255)(x)` or `norm(x)`.
    private func scalingLayerName(_ function: Node) -> String? {
        let constructor: Node?
        switch function.type {
        case "call": constructor = function
        case "identifier": constructor = constructorCall(function)
        default: constructor = nil
        }
        guard let constructor, let name = calleeName(constructor) else { return nil }
        let last = String(name.lastDottedPart ?? "")
        guard DataCatalog.scalingLayers.contains(last), name.hasPrefix("keras.") || !name.contains(".") else { return nil }
        return last
    }

    // MARK: map and generators

    /// The steps a `.map(fn)` applies to the inputs of each (inputs, targets) element.
    private func mappedSteps(_ function: Node, depth: Int) -> [FlowStep] {
        let span = SourceSpan(function)
        let unknownStep = [FlowStep(step: DataStep(kind: .unknown, description: "map(\(function.text.prefix(40)))", span: span), variable: nil)]
        var parameters: Node?
        var results: [Node] = []
        switch function.type {
        case "lambda":
            parameters = function.child(field: .parameters)
            if let body = function.child(field: .body) { results = [body] }
        case "identifier":
            guard let definition = functions[function.text] else { return unknownStep }
            parameters = definition.child(field: .parameters)
            definition.child(field: .body)?.walk { node in
                switch node.type {
                case "return_statement":
                    if let value = Self.firstNamedChild(node) { results.append(value) }
                    return false
                case "function_definition", "lambda", "class_definition": return false
                default: return results.count < 8
                }
            }
        default:
            return unknownStep
        }
        guard let parameters, let firstParameter = Self.parameterNodes(parameters).first, !results.isEmpty else { return unknownStep }
        var steps: [FlowStep] = []
        for result in results {
            var expression = result
            if expression.type == "parenthesized_expression", let inner = Self.firstNamedChild(expression) { expression = inner }
            if ["tuple", "expression_list"].contains(expression.type), let element = Self.elements(of: expression).first {
                expression = element
            }
            let inner = trace(expression, [], depth: depth)
            guard inner.root == firstParameter.text, inner.rootSpan == SourceSpan(firstParameter) else { return unknownStep }
            steps += inner.steps
        }
        return steps
    }

    /// The scaling an `ImageDataGenerator` applies, from its constructor's arguments.
    func generatorSteps(_ generator: Node) -> [FlowStep] {
        guard let constructor = constructorCall(generator) else {
            return [FlowStep(step: DataStep(kind: .unknown, description: "image generator", span: SourceSpan(generator)), variable: nil)]
        }
        var steps: [FlowStep] = []
        for argument in context.arguments(of: constructor) {
            guard let keyword = argument.keyword else { continue }
            switch keyword {
            case "rescale":
                if argument.value != .none, argument.value.number != 1, argument.value.number != 0 {
                    steps.append(FlowStep(step: DataStep(kind: .scaling, description: "rescale=\(argument.text)", span: argument.span), variable: nil))
                }
            case "featurewise_center", "featurewise_std_normalization", "samplewise_center", "samplewise_std_normalization", "zca_whitening":
                if argument.value.bool != false {
                    steps.append(FlowStep(step: DataStep(kind: .scaling, description: "\(keyword)=\(argument.text)", span: argument.span), variable: nil))
                }
            case "preprocessing_function":
                if argument.value != .none {
                    steps.append(FlowStep(step: DataStep(kind: .unknown, description: "preprocessing_function=\(argument.text)", span: argument.span), variable: nil))
                }
            default:
                break
            }
        }
        return steps
    }

    // MARK: Arguments

    /// The first positional argument of a call, without collecting the others.
    static func firstPositionalArgument(of call: Node) -> Node? {
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return nil }
        var index = 0
        while let child = list.namedChild(at: index) {
            switch child.type {
            case "comment", "keyword_argument", "list_splat", "dictionary_splat": index += 1
            default: return child
            }
        }
        return nil
    }

    static func positionalArguments(of call: Node) -> [Node] {
        guard let list = call.child(field: .arguments), list.type == "argument_list" else { return [] }
        return list.namedChildren.filter { !["comment", "keyword_argument", "list_splat", "dictionary_splat"].contains($0.type) }
    }

    func keywordArgument(_ call: Node, _ keyword: String) -> Node? {
        guard let list = call.child(field: .arguments) else { return nil }
        for child in list.namedChildren where child.type == "keyword_argument" && child.child(field: .name)?.text == keyword {
            return child.child(field: .value)
        }
        return nil
    }

    /// Integers from one tuple/list argument or from several positional ones; nil if any is unknown.
    private func intList(_ nodes: [Node]) -> [Int]? {
        guard !nodes.isEmpty else { return nil }
        var result: [Int] = []
        for node in nodes {
            guard case .int(let value) = context.constants.evaluate(node) else { return nil }
            result.append(value)
        }
        return result
    }

    private func intList(_ node: Node) -> [Int]? {
        guard case .sequence(let values) = context.constants.evaluate(node) else { return nil }
        var result: [Int] = []
        for value in values {
            guard case .int(let number) = value else { return nil }
            result.append(number)
        }
        return result
    }

    /// A reshape's target shape, with -1 for what is not a constant.
    private func shape(_ nodes: [Node]) -> [Int]? {
        guard !nodes.isEmpty else { return nil }
        var values: [Value] = nodes.map { context.constants.evaluate($0) }
        if values.count == 1, case .sequence(let inner) = values[0] { values = inner }
        let result = values.map { value -> Int in
            if case .int(let number) = value { return number }
            return -1
        }
        return result.isEmpty ? nil : result
    }

    private func permutation(_ form: DataCatalog.PermutationForm, call: Node, arguments: [Node]) -> [Int]? {
        switch form {
        case .axesList(let keyword):
            guard let axes = arguments.first ?? keywordArgument(call, keyword) else { return nil }
            return intList(axes)
        case .swap:
            return Self.swap(intList(arguments))
        case .move:
            return Self.move(intList(arguments))
        case .roll:
            guard let values = intList(arguments), values.count == 2 else { return nil }
            switch (values[0], values[1]) {
            case (3, 1), (-1, 1): return [0, 3, 1, 2]
            case (1, 4): return [0, 2, 3, 1]
            default: return nil
            }
        }
    }

    /// Swapping two axes of a 4-D array (`x.transpose(1, 3)`), when the rank is clear.
    static func swap(_ values: [Int]?) -> [Int]? {
        guard let values, values.count == 2, values.allSatisfy({ (0...3).contains($0) }), values.max() == 3 else { return nil }
        var axes = [0, 1, 2, 3]
        axes.swapAt(values[0], values[1])
        return axes
    }

    /// Moving one axis (`np.moveaxis(x, -1, 1)`), for the moves between channels-last and
    /// channels-first of 4-D batches and 3-D single images.
    static func move(_ values: [Int]?) -> [Int]? {
        guard let values, values.count == 2 else { return nil }
        switch (values[0], values[1]) {
        case (-1, 1), (3, 1): return [0, 3, 1, 2]
        case (1, -1), (1, 3): return [0, 2, 3, 1]
        case (-1, 0), (2, 0): return [2, 0, 1]
        case (0, -1), (0, 2): return [1, 2, 0]
        default: return nil
        }
    }

    /// Whether an assignment might scale data, judged from its syntax alone: an arithmetic or
    /// augmented operator, or a call that may scale, along the chain of receivers and first
    /// arguments of its value. Cheap; used to skip the rest.
    func mayScale(_ assignment: ScopeIndex.Assignment) -> Bool {
        if let op = assignment.augmentedOperator { return op == "/=" || op == "*=" || op == "-=" }
        var pending = [assignment.value]
        var visited = 0
        while let node = pending.popLast(), visited < 32 {
            visited += 1
            switch node.type {
            case "binary_operator":
                // An operator's node type is its text, without building a string.
                if let op = node.child(field: .operator)?.type, op == "/" || op == "*" || op == "-" { return true }
            case "parenthesized_expression", "tuple", "expression_list", "list":
                node.forEachChild { if $0.isNamed { pending.append($0) } }
            case "subscript":
                if let value = node.child(field: .value) { pending.append(value) }
            case "call":
                guard let function = node.child(field: .function) else { continue }
                let functionType = function.type
                if functionType == "call" { return true }
                let name = functionType == "attribute" ? function.child(field: .attribute)?.text : function.text
                if let name, Self.mayScaleNames.contains(name) || name.hasSuffix("preprocess_input") || name.hasPrefix("normalize")
                    || DataCatalog.scalingMethods.contains(name) {
                    return true
                }
                if functionType == "attribute", let receiver = function.child(field: .object) { pending.append(receiver) }
                if let first = Self.firstPositionalArgument(of: node) { pending.append(first) }
            default:
                break
            }
        }
        return false
    }

    /// Last components of calls that may scale their data (see `DataCatalog` for the details).
    private static let mayScaleNames: Set<String> = {
        var names: Set<String> = ["map", "flow", "fit_transform", "transform", "Rescaling", "Normalization", "scale"]
        for name in DataCatalog.scalingFunctions.keys { names.insert(String(name.lastDottedPart ?? "")) }
        return names
    }()

    // MARK: Syntax helpers

    /// The variable an expression's value is assigned to (`x` in `x = e`, `b` in `a, b = d, e`).
    func assignedVariable(of expression: Node) -> String? {
        var chain = ancestors(of: expression)
        var node = expression
        while let parent = chain.last, parent.type == "parenthesized_expression" {
            node = parent
            chain.removeLast()
        }
        guard let parent = chain.popLast() else { return nil }
        switch parent.type {
        case "assignment":
            guard parent.child(field: .right) == node, let left = parent.child(field: .left) else { return nil }
            return ImportTable.dottedName(left)
        case "expression_list", "tuple":
            guard let statement = chain.last, statement.type == "assignment", statement.child(field: .right) == parent,
                  let left = statement.child(field: .left), let index = Self.elements(of: parent).firstIndex(of: node)
            else { return nil }
            let targets = Self.elements(of: left)
            return index < targets.count ? ImportTable.dottedName(targets[index]) : nil
        default:
            return nil
        }
    }

    static func firstNamedChild(_ node: Node) -> Node? {
        node.namedChildren.first { $0.type != "comment" }
    }

    static func elements(of node: Node) -> [Node] {
        node.namedChildren.filter { $0.type != "comment" }
    }

    static func isEmptyList(_ node: Node) -> Bool {
        (node.type == "list" && node.namedChildCount == 0)
            || (node.type == "call" && node.child(field: .function)?.text == "list" && positionalArguments(of: node).isEmpty)
    }

    /// Where `name` sits inside an unpacking target (`[1, 0]` for `b` in `a, (b, c)`).
    static func path(of name: String, in pattern: Node) -> [Int]? {
        switch pattern.type {
        case "identifier":
            return pattern.text == name ? [] : nil
        case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression":
            for (index, element) in elements(of: pattern).enumerated() {
                if let inner = path(of: name, in: element) { return [index] + inner }
            }
            return nil
        default:
            return nil
        }
    }

    /// The identifier nodes of a parameter list, in order.
    static func parameterNodes(_ parameters: Node) -> [Node] {
        parameters.namedChildren.compactMap { parameter -> Node? in
            switch parameter.type {
            case "identifier": return parameter
            case "default_parameter", "typed_default_parameter": return parameter.child(field: .name)
            case "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern":
                return parameter.namedChildren.first { $0.type == "identifier" }
            default: return nil
            }
        }
    }

    static func parameter(named name: String, in parameters: Node) -> Node? {
        parameterNodes(parameters).first { $0.text == name }
    }
}
