import PythonSyntax

/// Follows the data flow of a network backwards, from an output expression through variable
/// assignments to the network's input, collecting the layers the data passes through in order.
///
/// Used for the Keras functional API (from `outputs` back to `keras.Input`) and for the
/// `forward` / `call` methods of subclassed models (from the returned value back to the input
/// parameter). Where data flow splits and merges, one main path is kept:
///
/// - a merge (`layers.add([a, b])`, `torch.cat([a, b])`, `a + b`) continues along the input with
///   the most layers (the first on a tie); merge layers and functions appear as `other` entries;
/// - `x += f(y)` continues along the previous `x` (the residual's main path);
/// - `if`/`else` branches: the branch whose assignment comes last in the source;
/// - a returned tuple (`return x, hidden`) continues along its first element.
///
/// What the main path leaves out is still evidence: the linear layers whose output is also an
/// operand of a merge, or a side output, are marked (`Layer.otherUse`) so that no rule reads
/// them as mere intermediates; a binary operation that draws random numbers (`mu + eps * std`)
/// adds a sampling entry (kind `other`) to the chain.
///
/// A chain is nil when the expression does not derive from the network's input at all. The main
/// path is followed in a loop; recursion happens only at merges and helper calls, at most
/// `maxDepth` deep, and the total work is capped at `maxSteps`, so self-referential or huge code
/// ends quickly with a shorter chain. Helper functions and methods are followed three deep.
///
/// One tracer serves one network, on the thread that runs the analysis.
final class DataFlowTracer {
    /// What a `self.<name>` attribute of a subclassed model holds.
    enum Member {
        /// A layer object (`self.fc1 = nn.Linear(...)`), or an `other` entry for modules Umlaut
        /// does not model.
        case layer(Layer)
        /// A `Sequential` whose layers are inlined where it is applied; the start byte of its call.
        case sequential([Layer], call: Int)
    }

    /// One function (or the module) being traced, with the chains its parameters carry.
    struct Frame {
        var parameters: [String: [Layer]] = [:]
        /// How many helper functions deep this frame is.
        var depth = 0
        /// Distinguishes frames in the memo: the same helper traced with another input.
        var id = 0
    }

    let context: AnalysisContext
    let framework: Framework
    unowned let extractor: NetworkExtractor
    /// `self.<name>` → what it holds (subclassed models only).
    var members: [String: Member] = [:]
    /// The class's methods by name, so that `self.helper(x)` is followed.
    var methods: [String: Node] = [:]
    /// Module-level functions by name, so that `x = conv_block(x, 64)` is followed.
    var functions: [String: Node] = [:]

    /// Linear layers whose output the trace saw used a second time (a merge operand, a side
    /// output), by identity; applied to a finished chain by `annotated(_:)`.
    private var otherUses: [LayerIdentity: Layer.OtherUse] = [:]
    /// `isReadAgain`'s answers, by the end byte of the assignment.
    var readAgain: [Int: Bool] = [:]
    /// The statements of each scope `isReadAgain` looked in, by the scope's start byte.
    var scopeStatements: [Int: [Node]] = [:]

    private struct LayerIdentity: Hashable {
        var span: Int
        var call: Int?
        init(_ layer: Layer) {
            span = layer.span.startByte
            call = layer.callSpan?.startByte
        }
    }

    var steps = 0
    private let maxSteps = 200_000
    private let maxDepth = 200
    private var memo: [MemoKey: [Layer]?] = [:]
    private var frameCount = 0

    private struct MemoKey: Hashable {
        var start: Int
        var end: Int
        var frame: Int
    }

    init(context: AnalysisContext, framework: Framework, extractor: NetworkExtractor) {
        self.context = context
        self.framework = framework
        self.extractor = extractor
    }

    // MARK: Entry points

    /// The chain of layers that produces `expression`.
    func trace(_ expression: Node, frame: Frame = Frame()) -> [Layer]? {
        trace(expression, frame: frame, depth: 0)
    }

    /// The chain of layers that produces what `function` returns (its last `return` statement),
    /// with its first parameter after `self` bound to `input`. Values returned besides the
    /// first (`return out, mu, logvar`) are traced too, and the linear layers that produce them
    /// marked `returned`.
    func traceReturn(of function: Node, input: [Layer], depth: Int) -> [Layer]? {
        guard let returned = Self.lastReturnValue(of: function) else { return nil }
        frameCount += 1
        var frame = Frame(depth: depth, id: frameCount)
        if let parameter = Self.inputParameter(of: function) { frame.parameters[parameter] = input }
        let chain = trace(returned, frame: frame, depth: 0)
        if returned.type == "expression_list" || returned.type == "tuple" {
            markSideOutputs(returned.namedChildren.filter { $0.type != "comment" }.dropFirst(), frame: frame)
        }
        return chain
    }

    /// Marks the producers of outputs besides the main one (`Model(inputs, [z_mean, z_log_var])`,
    /// `return out, mu`): their values leave the network, so they are no mere intermediates.
    func markSideOutputs<S: Sequence>(_ outputs: S, frame: Frame = Frame()) where S.Element == Node {
        for output in outputs {
            if let chain = trace(output, frame: frame, depth: 1) { mark(chain, .returned) }
        }
    }

    /// A finished chain with the second uses the trace saw recorded on its layers.
    func annotated(_ chain: [Layer]) -> [Layer] {
        guard !otherUses.isEmpty else { return chain }
        return chain.map { layer in
            var layer = layer
            if layer.otherUse == nil, let use = otherUses[LayerIdentity(layer)] { layer.otherUse = use }
            return layer
        }
    }

    /// How many layers two chains start with in common (the same layers, by identity).
    private func sharedPrefixCount(_ first: [Layer], _ second: [Layer]) -> Int {
        var count = 0
        while count < min(first.count, second.count), LayerIdentity(first[count]) == LayerIdentity(second[count]) {
            count += 1
        }
        return count
    }

    /// Records that the value a chain ends with is used again: on the last linear layer that
    /// produces it, through pass-through layers (`Conv2D` → `BatchNormalization` → `Add`).
    /// A chain ending in an activation or anything else marks nothing.
    private func mark(_ chain: [Layer], _ use: Layer.OtherUse) {
        guard let producer = chain.last(where: { !$0.kind.isPassThrough }), producer.kind == .linear else { return }
        let identity = LayerIdentity(producer)
        if otherUses[identity] == nil { otherUses[identity] = use }
    }

    /// The chains of a merge's operands: when two or more derive from the input, each one's
    /// value feeds the merge as well as whatever its chain is followed by (a skip connection),
    /// and is marked. Returns the longest, which the main path follows.
    func merging(_ chains: [[Layer]?]) -> [Layer]? {
        let traced = chains.compactMap { $0 }
        if traced.count > 1 {
            traced.forEach { mark($0, .merge) }
            // What the operands share before they part (`conv_y(z) + conv_b(z)` with
            // `z = self.conv(x)`): its value feeds several layers.
            let shared = traced.dropFirst().map { sharedPrefixCount(traced[0], $0) }.min() ?? 0
            if shared > 0 { mark(Array(traced[0][..<shared]), .shared) }
        }
        return longest(chains)
    }

    // MARK: The main path

    /// What one expression contributes to a chain.
    enum Step {
        /// The whole chain is known (nil: the expression does not derive from the input).
        case chain([Layer]?)
        /// The chain of `next`, followed by `layers`. When `next` does not derive from the input,
        /// `orEmpty` says whether the chain is just `layers` (a layer applied to something Umlaut
        /// cannot follow) or nil (a name or a parenthesis around nothing traceable).
        case then(Node, layers: [Layer], orEmpty: Bool)
    }

    /// Follows the main path iteratively, so that a `forward` of thousands of statements costs no
    /// stack; recursion happens only where paths merge (`a + b`, `layers.add([a, b])`), where a
    /// helper function is entered, and in the few steps whose outcome depends on their input.
    func trace(_ start: Node, frame: Frame, depth: Int) -> [Layer]? {
        guard depth < maxDepth else { return nil }
        var pending: [(layers: [Layer], orEmpty: Bool)] = []
        var node = start
        var chain: [Layer]?
        while true {
            guard steps < maxSteps else { chain = nil; break }
            steps += 1
            if let known = memo[MemoKey(start: node.startByte, end: node.endByte, frame: frame.id)] {
                chain = known
                break
            }
            switch step(node, frame: frame, depth: depth) {
            case .chain(let known):
                chain = known
            case .then(let next, let layers, let orEmpty):
                pending.append((layers, orEmpty))
                node = next
                continue
            }
            break
        }
        for (layers, orEmpty) in pending.reversed() {
            if chain == nil, orEmpty { chain = [] }
            chain? += layers
        }
        return chain
    }

    /// A result that needed recursion, remembered so that `x = x + x` repeated stays linear.
    func remembered(_ node: Node, frame: Frame, _ compute: () -> [Layer]?) -> Step {
        let key = MemoKey(start: node.startByte, end: node.endByte, frame: frame.id)
        let result = compute()
        memo[key] = result
        return .chain(result)
    }

    private func step(_ node: Node, frame: Frame, depth: Int) -> Step {
        switch node.type {
        case "identifier":
            return stepName(node, frame: frame, depth: depth)
        case "call":
            return stepCall(node, frame: frame, depth: depth)
        case "binary_operator":
            return remembered(node, frame: frame) {
                let operands = [node.child(field: .left), node.child(field: .right)].compactMap { $0 }
                let traced = operands.map { trace($0, frame: frame, depth: depth + 1) }
                var chain = merging(traced)
                // Two paths from the input meet (`r * h`, `x + residual`, `x * tanh(softplus(x))`):
                // an entry for the merge, as `torch.cat` and `layers.add` get, so that nothing
                // reads the layers before and after it as applied one to the other (a GRU's
                // `tanh(i + r * h)` is no tanh on top of the sigmoid that made `r`).
                // (`x + x` is one path scaled: no merge.)
                let paths = traced.compactMap { $0 }
                if paths.count > 1, paths.contains(where: { $0 != paths[0] }) { chain?.append(mergeEntry(node)) }
                // `mu + eps * std` with `eps = torch.randn_like(std)`: a sampling step, which is
                // no linear map, sits between the layers before and after it.
                if let chain, let sampling = operands.lazy.compactMap({ self.samplingCall(in: $0, depth: 0) }).first {
                    return chain + [samplingEntry(sampling)]
                }
                return chain
            }
        case "conditional_expression":
            // `f(x) if c else g(x)`: one of two paths. Where they differ only by pass-through
            // layers (`self.drop(x) if training else x`) the first stands for both, as before;
            // where they differ otherwise (`F.relu(layer(x)) if i < n - 1 else layer(x)`) what
            // follows their shared part is unknown: an entry of its own.
            let parts = node.namedChildren.filter { $0.type != "comment" }
            guard parts.count == 3 else { return .chain(nil) }
            return remembered(node, frame: frame) {
                let first = trace(parts[0], frame: frame, depth: depth + 1)
                guard let first, let second = trace(parts[2], frame: frame, depth: depth + 1) else { return first }
                let shared = sharedPrefixCount(first, second)
                let differing = first[shared...] + second[shared...]
                if differing.allSatisfy({ $0.kind.isPassThrough }) { return first }
                return Array(first[..<shared]) + [mergeEntry(node)]
            }
        case "parenthesized_expression", "tuple", "expression_list", "list":
            // `(x)`, `x if c else y`, `return x, h`: the first element.
            guard let first = node.namedChildren.first(where: { $0.type != "comment" }) else { return .chain(nil) }
            return .then(first, layers: [], orEmpty: false)
        case "subscript":
            // `x[:, -1, :]` keeps the values it selects.
            guard let value = node.child(field: .value) else { return .chain(nil) }
            return .then(value, layers: [], orEmpty: false)
        default:
            return .chain(nil)
        }
    }

    /// A name at a use: its last assignment before the use, else a parameter of the frame.
    private func stepName(_ node: Node, frame: Frame, depth: Int) -> Step {
        let name = node.text
        guard let assignment = context.scopes.reachingAssignment(of: name, before: node.startByte) else {
            return .chain(frame.parameters[name])
        }
        guard assignment.augmentedOperator != nil else {
            // The value read again elsewhere (a gate beside a branch, two heads): what produced it
            // has a second use.
            if assignment.path.isEmpty, isReadAgain(assignment, name: name) {
                return remembered(node, frame: frame) {
                    let chain = trace(assignment.value, frame: frame, depth: depth + 1)
                    if let chain { mark(chain, .shared) }
                    return chain
                }
            }
            return .then(assignment.value, layers: [], orEmpty: false)
        }
        // `x += self.shortcut(y)`: the main path is the previous `x`.
        return remembered(node, frame: frame) {
            let added = trace(assignment.value, frame: frame, depth: depth + 1)
            var main: [Layer]?
            if let previous = context.scopes.reachingAssignment(of: name, before: assignment.statement.startByte) {
                if previous.augmentedOperator == nil { main = trace(previous.value, frame: frame, depth: depth + 1) }
            } else {
                main = frame.parameters[name]
            }
            guard let main else { return added }
            // Both sides of `x += r` feed the sum: a skip connection.
            _ = merging([main, added])
            return main
        }
    }
}
