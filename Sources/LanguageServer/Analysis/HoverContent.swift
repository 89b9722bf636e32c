import LSPTypes
import LintCore
import TrainingModel

/// The Markdown shown on hover: on a diagnostic, the rule's explanation; on a layer, loss or
/// optimizer, what Umlaut understood of it, so users can see why a rule fired (or did not).
struct HoverContent {
    /// The diagnostics of the analysed source.
    let diagnostics: [LintCore.Diagnostic]
    /// What Umlaut understood of the source.
    let model: ScriptModel
    let rules: [RuleCode: RuleDescription]
    /// The `file:` URI of each rule's installed page (`RulePages`).
    var documentation: [RuleCode: String] = [:]

    /// The hover at a byte offset of the analysed source, or nil when there is nothing to say.
    func markdown(at offset: Int) -> (text: String, range: Range<Int>)? {
        var sections: [String] = []
        var range: Range<Int>?
        var seen = Set<RuleCode>()
        for diagnostic in diagnostics where Self.covers(diagnostic.span, offset) {
            guard seen.insert(diagnostic.code).inserted else { continue }
            sections.append(explanation(of: diagnostic))
            range = range ?? diagnostic.span.byteRange
        }
        if let (text, span) = modelItem(at: offset) {
            sections.append(text)
            range = range ?? span.byteRange
        }
        guard let range, !sections.isEmpty else { return nil }
        return (sections.joined(separator: "\n\n---\n\n"), range)
    }

    static func covers(_ span: SourceSpan, _ offset: Int) -> Bool {
        span.startByte <= offset && offset <= span.endByte
    }

    // MARK: Diagnostics

    func explanation(of diagnostic: LintCore.Diagnostic) -> String {
        var lines = [
            "**\(diagnostic.code) \(diagnostic.name)** (\(diagnostic.severity.rawValue))", "", diagnostic.message,
        ]
        if let help = diagnostic.help { lines += ["", "**Suggestion:** \(help)"] }
        if let description = rules[diagnostic.code] {
            lines += ["", "**Why is this bad?** \(description.whyIsThisBad)"]
            if let fix = diagnostic.fix {
                lines += ["", "**Quick fix:** \(fix.title) (\(fix.applicability.rawValue)). \(description.fixSafety)"]
            }
            if let link = documentation[diagnostic.code] {
                lines += ["", "[\(diagnostic.code) documentation](\(link))"]
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: The model

    /// The innermost layer, loss or optimizer whose source holds the offset.
    func modelItem(at offset: Int) -> (String, SourceSpan)? {
        var best: (text: String, span: SourceSpan)?
        func consider(_ span: SourceSpan, _ text: @autoclosure () -> String) {
            guard Self.covers(span, offset) else { return }
            if let current = best, current.span.byteRange.count <= span.byteRange.count { return }
            best = (text(), span)
        }
        for network in model.networks {
            for (index, layer) in network.layers.enumerated() {
                consider(layer.span, describe(layer, index: index, in: network))
            }
        }
        for loss in model.losses { consider(loss.span, describe(loss)) }
        for optimizer in model.optimizers { consider(optimizer.span, describe(optimizer)) }
        return best.map { ($0.text, $0.span) }
    }

    func describe(_ layer: Layer, index: Int, in network: Network) -> String {
        var title = "**\(layer.displayName)**"
        if let activation = layer.activation {
            title += " — activation: \(describe(activation, framework: network.framework))"
        } else if layer.kind == .linear {
            title +=
                network.framework == .pytorch
                ? " — no activation (PyTorch layers apply none)" : " — activation: unknown"
        }
        var lines = [title, ""]
        lines.append(
            "`\(layer.qualifiedName)`: \(Self.kindName(layer.kind)), \(layer.isFunctionCall ? "call" : "layer") "
                + "\(index + 1) of \(network.layers.count) in `\(network.name)` (\(network.style.rawValue), \(Self.frameworkName(network.framework)))"
        )
        let arguments = layer.arguments.map { argument in
            let name = argument.keyword.map { "\($0)=" } ?? ""
            let value =
                argument.value.isKnown && argument.value.pythonLiteral != argument.text
                ? "\(argument.text) (= \(argument.value.pythonLiteral))" : argument.text
            return "`\(name)\(value)`"
        }
        if !arguments.isEmpty { lines.append("Arguments: " + arguments.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    func describe(_ activation: Activation, framework: Framework) -> String {
        switch activation.origin {
        case .defaultLinear: "\(activation.name) (\(Self.frameworkName(framework)) default)"
        case .argument: "\(activation.name) (`activation=` argument)"
        case .layer: "\(activation.name) (the layer itself)"
        case .indirect: "\(activation.name) (from unpacked arguments)"
        case .unknown: "unknown (`\(activation.name)` cannot be resolved)"
        }
    }

    func describe(_ loss: Loss) -> String {
        var lines = ["**Loss: \(loss.name)** — \(Self.frameworkName(loss.framework)), \(loss.kind.rawValue)", ""]
        let logits: String
        if loss.expectsLogits {
            logits =
                loss.framework == .keras
                ? "raw logits (`from_logits=True`)" : "raw logits (it applies softmax/sigmoid itself)"
        } else if loss.kind.isCrossEntropy {
            logits =
                loss.fromLogits == nil
                ? "probabilities (`from_logits` not given: False)"
                : "probabilities (`from_logits=\(loss.fromLogits!.text)`)"
        } else {
            logits = "the model's raw outputs"
        }
        lines.append("Expects: \(logits)")
        if let network = loss.networkName { lines.append("Used with: `\(network)`") }
        return lines.joined(separator: "\n")
    }

    func describe(_ optimizer: Optimizer) -> String {
        var lines = [
            "**Optimizer: \(optimizer.className)** — \(Self.frameworkName(optimizer.framework)), \(optimizer.family.rawValue)",
            "",
        ]
        if optimizer.isSchedule {
            let initial =
                optimizer.initialLearningRate.map { $0.value.isKnown ? $0.value.pythonLiteral : $0.text } ?? "unknown"
            lines.append("Learning rate: a schedule, starting at \(initial)")
        } else if let rate = optimizer.learningRate {
            lines.append(
                "Learning rate: \(rate.value.isKnown ? rate.value.pythonLiteral : "`\(rate.text)` (not known statically)")"
            )
        } else {
            lines.append("Learning rate: the framework's default")
        }
        return lines.joined(separator: "\n")
    }

    static func frameworkName(_ framework: Framework) -> String {
        framework == .keras ? "Keras" : "PyTorch"
    }

    static func kindName(_ kind: LayerKind) -> String {
        switch kind {
        case .linear: "linear layer"
        case .activation: "activation"
        case .dropout: "dropout"
        case .normalization: "normalisation"
        case .pooling: "pooling"
        case .reshape: "reshape"
        case .embedding: "embedding"
        case .recurrent: "recurrent layer"
        case .input: "input"
        case .other: "layer Umlaut does not model"
        }
    }
}
