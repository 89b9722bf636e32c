import LintCore
import PythonSyntax
import TrainingModel

/// What the model rules (UM101–UM105) share: pairing networks with the losses applied to their
/// output, describing layers in messages, and building the source edits of their fixes.

/// A network, a loss applied to its output and, for PyTorch, the training step in between.
struct OutputLossPair {
    var network: Network
    /// The network's `output`.
    var output: Network.Output
    var loss: Loss
    var step: TrainingStep?

    /// The activations between the network's last weighted layer and the loss, in the order they
    /// apply: the network's own (`Output.activations`), then the one the training step applies.
    var activations: [OutputActivation] { activations(of: output) }

    /// `activations`, with the network's `output` given.
    func activations(of output: Network.Output) -> [OutputActivation] {
        var result = output.activations.map { OutputActivation(activation: $0.activation, layer: $0.layer) }
        if let activation = step?.activationBeforeLoss {
            result.append(OutputActivation(activation: activation, layer: nil))
        }
        return result
    }

    /// The activation the loss finally receives (the last of `activations`); `log` after
    /// `softmax` counts as `log_softmax`.
    static func effectiveActivation(of activations: [OutputActivation]) -> String? {
        guard let last = activations.last?.activation.name else { return nil }
        if last == "log", activations.dropLast().last?.activation.name == "softmax" { return "log_softmax" }
        return last
    }
}

/// One activation at a network's output: from a layer of the network, or (`layer == nil`)
/// applied by the training step before the loss.
struct OutputActivation {
    var activation: Activation
    var layer: Layer?

    /// Where a diagnostic about this activation starts: the `activation=` argument, the
    /// activation layer's or function's callee, or the step's call.
    var span: SourceSpan? {
        if activation.origin == .argument { return activation.span }
        return layer?.calleeSpan ?? activation.span
    }
}

/// The keys of the facts the model rules share through `RuleContext.memo`.
private enum NetworkOutputsFact {}
private enum OutputLossPairsFact {}

extension RuleContext {
    /// Each network's `output`, by the network's index in the model (computing one walks and
    /// copies the network's layers; four rules look at every network's).
    var networkOutputs: [Network.Output] {
        memo.value(NetworkOutputsFact.self) { model.networks.map(\.output) }
    }

    /// The model's `outputLossPairs`, worked out once per lint.
    var outputLossPairs: [OutputLossPair] {
        memo.value(OutputLossPairsFact.self) { model.outputLossPairs(outputs: networkOutputs) }
    }
}

extension ScriptModel {
    /// Every network paired with a loss applied to its output: one pair per PyTorch training step
    /// that links them, and one per other loss linked to a network (`Loss.networkName`).
    /// `outputs`: each network's `output`, by index.
    func outputLossPairs(outputs: [Network.Output]) -> [OutputLossPair] {
        var pairs: [OutputLossPair] = []
        var lossesWithSteps: Set<Int> = []
        var seen: Set<String> = []
        // The networks by name, once: a script of many small models has as many losses as
        // networks, and looking each name up by a scan made this quadratic.
        var byName: [String: [Int]] = [:]
        for index in networks.indices { byName[networks[index].name, default: []].append(index) }
        for step in trainingSteps {
            guard let index = step.lossIndex, index < losses.count,
                let name = step.networkName ?? losses[index].networkName,
                let networkIndex = network(named: name, near: step.span, byName: byName)
            else { continue }
            lossesWithSteps.insert(index)
            let network = networks[networkIndex]
            let key = "\(index)|\(network.span.startByte)|\(step.activationBeforeLoss?.name ?? "")"
            guard seen.insert(key).inserted else { continue }
            pairs.append(
                OutputLossPair(network: network, output: outputs[networkIndex], loss: losses[index], step: step))
        }
        for (index, loss) in losses.enumerated() where !lossesWithSteps.contains(index) {
            guard let name = loss.networkName,
                let networkIndex = network(named: name, near: loss.span, byName: byName)
            else { continue }
            pairs.append(
                OutputLossPair(network: networks[networkIndex], output: outputs[networkIndex], loss: loss, step: nil))
        }
        return pairs
    }

    /// The index of the network with a name; with several, the last one defined before `span`,
    /// else the first (`byName`: the networks' indices by name, in order).
    private func network(named name: String, near span: SourceSpan, byName: [String: [Int]]) -> Int? {
        guard let indices = byName[name], let first = indices.first else { return nil }
        let lastBefore = indices.last { networks[$0].span.startByte < span.startByte }
        return lastBefore ?? first
    }
}

extension RuleContext {
    /// The syntax node a span of the model covers (the smallest named node spanning it).
    func node(at span: SourceSpan) -> Node? {
        tree.root.descendant(spanning: span.byteRange)
    }

    /// A layer as messages name it: `self.fc1` for a subclass attribute applied in `forward`,
    /// `F.relu(…)` for a function call, else its class and arguments as written
    /// (`Dense(10, activation="softmax")`), shortened to `Conv2D(32, (3, 3), …)` when long.
    func describe(_ layer: Layer, in network: Network) -> String {
        if network.style == .subclass, let binding = layer.binding, appliesAttribute(layer) {
            return "`self.\(binding)`"
        }
        if layer.isFunctionCall { return "`\(text(layer.calleeSpan))(…)`" }
        let written = layer.arguments.map { argument in
            argument.keyword.map { "\($0)=\(argument.text)" } ?? argument.text
        }
        let full = "\(layer.className)(\(written.joined(separator: ", ")))"
        if full.count <= 48, !full.contains("\n") { return "`\(full)`" }
        let positional = layer.arguments.filter { $0.keyword == nil }.prefix(2).map(\.text).filter {
            !$0.contains("\n")
        }
        return "`\(layer.className)(\((positional + ["…"]).joined(separator: ", ")))`"
    }

    /// A layer as one-line summaries name it: `describe`'s name, shortened with `ShortName`
    /// (`self.fc1`, `F.relu(…)`, `Dense(10, …)`).
    func shortName(_ layer: Layer, in network: Network) -> String {
        if network.style == .subclass, let binding = layer.binding, appliesAttribute(layer) {
            return ShortName.code("self.\(binding)")
        }
        if layer.isFunctionCall { return "`\(ShortName.shortened(text(layer.calleeSpan), limit: 20))(…)`" }
        let written = layer.arguments.map { argument in
            argument.keyword.map { "\($0)=\(argument.text)" } ?? argument.text
        }
        return ShortName.code("\(layer.className)(\(written.joined(separator: ", ")))")
    }

    /// Where a diagnostic about a layer goes: where `forward`/`call` applies it (`self.fc1(x)`),
    /// or its callee (`layers.Dense`, `F.softmax`).
    func location(of layer: Layer, in network: Network) -> SourceSpan {
        if network.style == .subclass, appliesAttribute(layer), let call = layer.callSpan { return call }
        return layer.calleeSpan
    }

    /// Where a diagnostic about an output activation goes: the `activation=` argument, or the
    /// activation layer or call.
    func location(of activation: OutputActivation, in network: Network) -> SourceSpan? {
        if activation.activation.origin == .argument { return activation.activation.span }
        guard let layer = activation.layer else { return activation.activation.span }
        return location(of: layer, in: network)
    }

    /// Whether a node is written directly as an argument of a `compile(...)` call (not through a
    /// variable that other code may share).
    func isInlineInCompile(_ node: Node) -> Bool {
        var parent = node.parent
        if parent?.type == "keyword_argument" { parent = parent?.parent }
        guard let list = parent, list.type == "argument_list",
            let function = list.parent?.child(field: .function), function.type == "attribute"
        else { return false }
        return function.child(field: .attribute)?.text == "compile"
    }

    /// Whether a fix to a loss can be safe for `network`: the loss is written inline in a
    /// `compile(...)` on that network itself (its variable, or a subclassed model's instance the
    /// analysis linked), so no other model or output shares it and editing it changes only how
    /// this network trains.
    func isOwnInlineLoss(_ node: Node, of network: Network) -> Bool {
        guard isInlineInCompile(node) else { return false }
        var parent = node.parent
        if parent?.type == "keyword_argument" { parent = parent?.parent }
        guard let receiver = parent?.parent?.child(field: .function)?.child(field: .object) else { return false }
        return network.style == .subclass || receiver.text == network.name
    }

    /// How the script can write a Keras loss class, through the names it imports:
    /// `keras.losses.SparseCategoricalCrossentropy`, `tf.keras.losses....`, `losses....`.
    func kerasLossClass(_ className: String, imports: ImportTable) -> String? {
        func alias(_ modules: [String]) -> String? {
            imports.bindings.filter { modules.contains($0.value) }.map(\.key).min { ($0.count, $0) < ($1.count, $1) }
        }
        if let name = alias(["keras.losses.\(className)", "tensorflow.keras.losses.\(className)"]) { return name }
        if let name = alias(["keras.losses", "tensorflow.keras.losses"]) { return "\(name).\(className)" }
        if let name = alias(["keras", "tensorflow.keras"]) { return "\(name).losses.\(className)" }
        if let name = alias(["tensorflow"]) { return "\(name).keras.losses.\(className)" }
        return nil
    }

    /// An edit that makes a Keras layer apply `name`: replaces its `activation=` value, or adds
    /// `activation="name"`. Nil for function calls and calls Umlaut cannot edit safely.
    func settingActivation(_ name: String, on layer: Layer) -> Edit? {
        guard !layer.isFunctionCall, let call = node(at: layer.span), call.type == "call" else { return nil }
        // Written in a `**dict`, or not known at all: a new `activation=` would clash with it.
        if let origin = layer.activation?.origin, origin == .indirect || origin == .unknown { return nil }
        if let activation = layer.activation, activation.origin == .argument, let span = activation.span,
            let argument = node(at: span)
        {
            let value = argument.type == "keyword_argument" ? argument.child(field: .value) : argument
            return value.map { Edit(range: $0.byteRange, replacement: "\"\(name)\"") }
        }
        return SourceEdits.appendingArgument("activation=\"\(name)\"", to: call)
    }

    /// The line where a layer acts: where `forward`/`call` applies an attribute, else where it is
    /// constructed.
    func line(of layer: Layer, in network: Network) -> Int {
        if network.style == .subclass, appliesAttribute(layer), let call = layer.callSpan { return call.line }
        return layer.span.line
    }

    /// Whether the layer's `callSpan` is `self.<binding>(...)`, the direct use of an attribute
    /// (not the use of a `Sequential` attribute the layer was inlined from).
    func appliesAttribute(_ layer: Layer) -> Bool {
        guard let binding = layer.binding, let call = layer.callSpan, let node = node(at: call), node.type == "call"
        else {
            return false
        }
        return node.child(field: .function)?.text == "self.\(binding)"
    }

    /// The import alias under which a module is available (`nn` for `torch.nn` after
    /// `from torch import nn`), preferring the shortest.
    func alias(of module: String, imports: ImportTable) -> String? {
        imports.bindings.filter { $0.value == module }.map(\.key).min { ($0.count, $0) < ($1.count, $1) }
    }
}

/// The script's module-level imports, read once per rule run and only if a fix needs them
/// (rules run on every keystroke). Module level, because code a fix writes anywhere can rely
/// only on those names.
final class ImportCache {
    private let tree: SyntaxTree
    private(set) lazy var table = ImportTable.moduleLevel(of: tree.root)

    init(_ tree: SyntaxTree) {
        self.tree = tree
    }
}

/// Source edits the model rules' fixes are made of.
enum SourceEdits {
    /// Adds an argument (`activation="relu"`) at the end of a call's argument list. Nil when the
    /// call takes `**kwargs`, which might already hold it.
    static func appendingArgument(_ argument: String, to call: Node) -> Edit? {
        guard call.type == "call", let list = call.child(field: .arguments), list.type == "argument_list" else {
            return nil
        }
        let elements = list.namedChildren.filter { $0.type != "comment" }
        if elements.contains(where: { $0.type == "dictionary_splat" }) { return nil }
        guard let last = elements.last else { return .insert(argument, at: list.startByte + 1) }
        return .insert(", " + argument, at: last.endByte)
    }

    /// Deletes one element of a list or argument list (`layers.Activation("softmax"),`), with its
    /// line when it stands on a line of its own, else with the comma that separates it. A
    /// `model.add(...)` argument deletes the whole statement.
    static func deletingElement(_ element: Node, in source: SourceText) -> Edit? {
        var node = element
        if let list = node.parent, list.type == "argument_list", let call = list.parent, call.type == "call",
            call.child(field: .function)?.child(field: .attribute)?.text == "add",
            let statement = call.parent, statement.type == "expression_statement"
        {
            node = statement
        }
        if let line = wholeLines(of: node, in: source) { return .delete(line) }
        guard node.type != "expression_statement" else { return nil }
        guard let parent = node.parent else { return nil }
        let siblings = parent.namedChildren.filter { $0.type != "comment" }
        guard let index = siblings.firstIndex(of: node) else { return nil }
        if index > 0 { return .delete(siblings[index - 1].endByte..<node.endByte) }
        if index + 1 < siblings.count { return .delete(node.startByte..<siblings[index + 1].startByte) }
        return .delete(node.byteRange)
    }

    /// The byte range of the lines a node occupies, newline included, when nothing else but
    /// indentation, a trailing comma and a comment shares them; nil otherwise.
    static func wholeLines(of node: Node, in source: SourceText) -> Range<Int>? {
        let bytes = source.bytes
        var start = node.startByte
        while start > 0, bytes[start - 1] == UInt8(ascii: " ") || bytes[start - 1] == UInt8(ascii: "\t") { start -= 1 }
        guard start == 0 || bytes[start - 1] == UInt8(ascii: "\n") else { return nil }
        var end = node.endByte
        func skipBlanks() {
            while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        }
        skipBlanks()
        if end < bytes.count, bytes[end] == UInt8(ascii: ",") { end += 1 }
        skipBlanks()
        if end < bytes.count, bytes[end] == UInt8(ascii: "#") {
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\r") { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\n") { return start..<(end + 1) }
        return end == bytes.count ? start..<end : nil
    }

    /// Replaces an activation call by its input: `F.softmax(x, dim=1)` → `x`, `x.softmax(1)` → `x`.
    static func replacingCallWithInput(_ call: Node, imports: ImportTable) -> Edit? {
        guard call.type == "call", let callee = call.child(field: .function) else { return nil }
        // `x.softmax(1)`: the receiver is the input; `self.softmax(x)` and `F.softmax(x)`: the argument.
        if callee.type == "attribute", let receiver = callee.child(field: .object), receiver.text != "self",
            !isModule(receiver, imports: imports)
        {
            return Edit(range: call.byteRange, replacement: receiver.text)
        }
        let positional =
            call.child(field: .arguments)?.namedChildren.filter {
                $0.type != "keyword_argument" && $0.type != "comment"
            } ?? []
        guard let first = positional.first, first.type != "list_splat" else { return nil }
        return Edit(range: call.byteRange, replacement: first.text)
    }

    /// Whether an expression names an imported module (`F`, `torch`), not a tensor.
    static func isModule(_ node: Node, imports: ImportTable) -> Bool {
        guard let dotted = ImportTable.dottedName(node) else { return false }
        return imports.bindings[String(dotted.prefix { $0 != "." })] != nil
    }
}
