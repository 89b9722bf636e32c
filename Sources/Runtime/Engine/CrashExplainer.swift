import Foundation
import PythonSyntax
import TrainingModel

/// What Umlaut can say about a crash beyond the exception: which kind of training mistake it is
/// and, where the script's static model can tell, the place in the source that most likely
/// causes it, with a plain explanation.
package struct CrashExplanation: Hashable, Sendable {
    /// The four kinds of crash recognised.
    package enum Kind: String, Hashable, Sendable {
        /// The model's declared input (or a layer's size) disagrees with the data's shape.
        case shape
        /// The loss expects labels in another format (one-hot vs class indices).
        case lossLabels = "loss-labels"
        /// A label is outside the range the output layer's size allows.
        case labelRange = "label-range"
        /// A layer received data of a type it cannot compute with.
        case dtype
    }

    package var kind: Kind
    /// The likely cause and why; nil when the analysis could not find the place.
    package var cause: CodePlace?
}

/// Explains a crash from the exception's text (evidence of its kind and its numbers) and the
/// script's `ScriptModel` (the places). The text is only read for evidence: a message that
/// matches no known pattern gives no explanation, and a place the model cannot find is left
/// out rather than guessed.
package enum CrashExplainer {
    /// The explanation of `crash`, or nil when its kind is not one Umlaut recognises.
    package static func explain(
        _ crash: RuntimeEvent.Crash, state: TrainingState, locator: RootCauseLocator
    ) -> CrashExplanation? {
        let context = Context(crash: crash, state: state, locator: locator)
        let message = crash.message
        if let match = Self.match(
            #"expected axis (-?\d+) of input shape to have value (\d+), but received input with shape \(([^)]*)\)"#,
            message)
        {
            return CrashExplanation(
                kind: .shape,
                cause: context.kerasInputCause(
                    "declares \(match[1]) values on axis \(match[0]), but the data has shape (\(match[2]))"))
        }
        if let match = Self.match(#"expected shape=\(([^)]*)\), found shape=\(([^)]*)\)"#, message) {
            return CrashExplanation(
                kind: .shape,
                cause: context.kerasInputCause(
                    "declares inputs of shape (\(match[0])), but the data has shape (\(match[1]))"))
        }
        if let match = Self.match(#"expected (?:min_)?ndim=(\d+), found ndim=(\d+)"#, message) {
            return CrashExplanation(
                kind: .shape,
                cause: context.kerasInputCause(
                    "declares inputs with \(match[0]) axes (with the batch), but the data has \(match[1])"))
        }
        if let match = Self.match(
            #"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)"#, message)
        {
            return CrashExplanation(
                kind: .shape,
                cause: context.torchLinearShapeCause(
                    dataFeatures: match[1], inFeatures: match[2], outFeatures: match[3]))
        }
        if let match = Self.match(
            #"expected input\[([^\]]*)\] to have (\d+) channels, but got (\d+) channels"#, message)
        {
            return CrashExplanation(
                kind: .shape, cause: context.torchConvShapeCause(input: match[0], expected: match[1], got: match[2]))
        }
        if let match = Self.match(#"target\.shape=\(([^)]*)\), output\.shape=\(([^)]*)\)"#, message) {
            return CrashExplanation(
                kind: .lossLabels, cause: context.kerasLossCause(target: match[0], output: match[1]))
        }
        if let match = Self.match(
            #"Expected floating point type for target with class probabilities, got (\w+)"#, message)
        {
            return CrashExplanation(
                kind: .lossLabels,
                cause: context.torchLossCause(
                    "takes class indices (integers of shape [N]) or class probabilities (floats of shape [N, C]), but the labels are "
                        + "one-hot \(match[0]) integers: pass `y.argmax(1)` (class indices) or `y.float()` (probabilities)"
                ))
        }
        if Self.match(#"expected scalar type Long but found (\w+)"#, message) != nil
            || Self.match(#"not implemented for '(Float|Double|Half)'"#, message) != nil && message.contains("nll_loss")
        {
            return CrashExplanation(
                kind: .lossLabels,
                cause: context.torchLossCause(
                    "takes class indices as integers (Long), but the labels are floating point: pass `y.long()`"))
        }
        if message.contains("0D or 1D target tensor expected, multi-target not supported") {
            return CrashExplanation(
                kind: .lossLabels,
                cause: context.torchLossCause(
                    "takes one class index per sample (shape [N]), but the labels have a second axis (one-hot, or shape [N, 1]): "
                        + "pass `y.argmax(1)` or `y.squeeze(1)`"))
        }
        if let match = Self.match(
            #"Received a label value of (-?\d+) which is outside the valid range of \[0, (\d+)\)"#, message)
        {
            return CrashExplanation(kind: .labelRange, cause: context.outputSizeCause(label: match[0]))
        }
        if let match = Self.match(#"Target (-?\d+) is out of bounds"#, message) {
            return CrashExplanation(kind: .labelRange, cause: context.outputSizeCause(label: match[0]))
        }
        if message.contains("out of range"),
            message.contains("SparseSoftmaxCrossEntropyWithLogits")
                || message.contains("sparse_categorical_crossentropy")
        {
            return CrashExplanation(kind: .labelRange, cause: context.outputSizeCause(label: nil))
        }
        if let match = Self.match(#"mat1 and mat2 must have the same dtype, but got (\w+) and (\w+)"#, message) {
            return CrashExplanation(kind: .dtype, cause: context.torchDtypeCause(input: match[0], weights: match[1]))
        }
        if let match = Self.match(
            #"Input type \((\w+)\) and (?:weight|bias) type \((\w+)\) should be the same"#, message)
        {
            return CrashExplanation(kind: .dtype, cause: context.torchDtypeCause(input: match[0], weights: match[1]))
        }
        if let match = Self.match(
            #"Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got (\S+) instead"#,
            message)
        {
            return CrashExplanation(kind: .dtype, cause: context.embeddingCause(got: match[0]))
        }
        if let match = Self.match(#"Invalid dtype: (\w+)"#, message) ?? Self.match(
            #"Unsupported object type (\w+)"#, message)
            ?? Self.match(#"Cast (string) to \w+ is not supported"#, message)
        {
            return CrashExplanation(
                kind: .dtype,
                cause: context.kerasInputCause(
                    "takes numbers, but the data's dtype is \(match[0]): convert it, e.g. `x.astype(\"float32\")`",
                    saysShape: false))
        }
        return nil
    }

    /// Where the crash happened: the innermost frame in the user's code, with the failing
    /// expression's columns when Python reported them.
    package static func location(of crash: RuntimeEvent.Crash, locator: RootCauseLocator) -> CodeLocation? {
        guard let site = crash.location else { return nil }
        let line = locator.lineLocation(site)
        guard let column = crash.column, let endColumn = crash.endColumn, let source = locator.source(of: site.file),
            site.line - 1 < source.lineIndex.lineCount
        else { return line }
        let endLine = max(crash.endLine ?? site.line, site.line)
        guard endLine - 1 < source.lineIndex.lineCount else { return line }
        func scalarColumn(line: Int, byte: Int) -> Int {
            let range = source.lineIndex.contentRange(ofLine: line - 1)
            let offset = min(range.lowerBound + byte, range.upperBound)
            return source.lineIndex.position(ofByte: offset, unit: .scalar).column + 1
        }
        let start = scalarColumn(line: site.line, byte: column)
        let end = scalarColumn(line: endLine, byte: endColumn)
        guard endLine > site.line || end > start else { return line }
        return CodeLocation(path: site.file, line: site.line, column: start, endLine: endLine, endColumn: end)
    }

    /// The capture groups of `pattern`'s first match in `text`.
    static func match(_ pattern: String, _ text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let result = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        return (1..<result.numberOfRanges).map { index in
            Range(result.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }

    /// The script's model and the network that trained, for finding places.
    struct Context {
        let crash: RuntimeEvent.Crash
        let state: TrainingState
        let locator: RootCauseLocator

        var model: ScriptModel? { locator.scriptModel }

        /// The run the crash belongs to: the latest model that reported anything.
        var run: ModelRun? { state.currentModel.flatMap { state.runs[$0] } }

        /// The network being trained: the one `fit` is called on, the one the training step
        /// calls, or the script's only network.
        var network: Network? {
            guard let model else { return nil }
            if let run, let fit = locator.matchingFit(run), let index = fit.networkIndex,
                model.networks.indices.contains(index)
            {
                return model.networks[index]
            }
            if model.fits.count == 1, let index = model.fits[0].networkIndex, model.networks.indices.contains(index) {
                return model.networks[index]
            }
            let trained = Set(
                model.trainingSteps.compactMap(\.networkName)
                    + model.networkCalls.filter(\.isTraining).map(\.networkName))
            if trained.count == 1, let network = model.networks.first(where: { trained.contains($0.name) }) {
                return network
            }
            return model.networks.count == 1 ? model.networks.first : nil
        }

        func place(_ layer: Layer, _ note: String) -> CodePlace {
            CodePlace(locator.location(layer.span), note)
        }

        /// `Linear(10, 16)`: the layer's call as written (long arguments shortened).
        static func call(_ layer: Layer) -> String {
            let arguments = layer.arguments.map { argument in
                let text = argument.text.count > 30 ? String(argument.text.prefix(27)) + "..." : argument.text
                return argument.keyword.map { "\($0)=\(text)" } ?? text
            }
            return "\(layer.className)(\(arguments.joined(separator: ", ")))"
        }

        static func integer(_ argument: Argument?) -> Int? {
            argument?.value.number.flatMap { $0 == $0.rounded() ? Int($0) : nil }
        }

        /// The model's input declaration: an `Input` layer, else the first layer given
        /// `input_shape=`, else (for `saysShape: false`) the first weighted layer.
        func kerasInputCause(_ problem: String, saysShape: Bool = true) -> CodePlace? {
            guard let network, network.framework == .keras else { return nil }
            if let input = network.layers.first(where: { $0.kind == .input }) {
                return place(input, "the model's input `\(Self.call(input))` \(problem)")
            }
            if let layer = network.layers.first(where: {
                $0.argument("input_shape") != nil || $0.argument("input_dim") != nil
            }) {
                return place(layer, "the first layer `\(Self.call(layer))` \(problem)")
            }
            if !saysShape, let layer = network.layers.first(where: { !$0.kind.isPassThrough }) {
                return place(layer, "the first layer `\(Self.call(layer))` \(problem)")
            }
            return nil
        }

        /// The `Linear` layer whose weight is `inFeatures` × `outFeatures`.
        func torchLinearShapeCause(dataFeatures: String, inFeatures: String, outFeatures: String) -> CodePlace? {
            guard let network, let inputs = Int(inFeatures), let outputs = Int(outFeatures) else { return nil }
            let linears = network.layers.filter { $0.className == "Linear" && !$0.isFunctionCall }
            let matching = linears.filter {
                Self.integer($0.argument("in_features", position: 0)) == inputs
                    && Self.integer($0.argument("out_features", position: 1)) == outputs
            }
            guard matching.count == 1, let layer = matching.first else { return nil }
            let first = network.layers.first { !$0.kind.isPassThrough && $0.kind != .activation }
            let which = first == layer ? "the first layer" : "layer"
            let given =
                first == layer ? "the data has \(dataFeatures) per sample" : "the layer before it gives \(dataFeatures)"
            return place(layer, "\(which) `\(Self.call(layer))` takes \(inputs) input features, but \(given)")
        }

        /// The convolution whose `in_channels` is `expected`.
        func torchConvShapeCause(input: String, expected: String, got: String) -> CodePlace? {
            guard let network, let channels = Int(expected) else { return nil }
            let matching = network.layers.filter {
                $0.className.hasPrefix("Conv") && Self.integer($0.argument("in_channels", position: 0)) == channels
            }
            guard matching.count == 1, let layer = matching.first else { return nil }
            return place(
                layer,
                "`\(Self.call(layer))` takes \(expected) input channels, but its input [\(input)] has \(got)"
                    + " (channels come first in PyTorch: [N, C, H, W])")
        }

        /// The compiled loss against the labels' rank.
        func kerasLossCause(target: String, output: String) -> CodePlace? {
            let targetRank = target.split(separator: ",").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .count
            let outputRank = output.split(separator: ",").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .count
            guard let loss = trainingLoss(framework: .keras) else { return nil }
            switch loss.kind {
            case .categoricalCrossentropy where targetRank < outputRank:
                return CodePlace(
                    locator.location(loss.span),
                    "`\(loss.name)` expects one-hot labels of shape (\(output)), but the labels "
                        + "are class indices of shape (\(target)): use `sparse_categorical_crossentropy`, or one-hot encode the labels "
                        + "(`keras.utils.to_categorical`)")
            case .sparseCategoricalCrossentropy where targetRank >= outputRank:
                return CodePlace(
                    locator.location(loss.span),
                    "`\(loss.name)` expects class indices, but the labels have shape (\(target)), "
                        + "one value per class (one-hot): use `categorical_crossentropy`, or pass `y.argmax(axis=-1)`")
            default:
                return nil
            }
        }

        func torchLossCause(_ problem: String) -> CodePlace? {
            guard let loss = trainingLoss(framework: .pytorch),
                loss.kind == .categoricalCrossentropy || loss.kind == .sparseCategoricalCrossentropy
                    || loss.kind == .negativeLogLikelihood
            else { return nil }
            return CodePlace(locator.location(loss.span), "`\(loss.name)` \(problem)")
        }

        /// The loss the training uses: the one reported, else the script's only cross-entropy loss.
        func trainingLoss(framework: Framework) -> Loss? {
            guard let losses = model?.losses.filter({ $0.framework == framework }), !losses.isEmpty else { return nil }
            if let site = run?.loss?.createdAt,
                let loss = losses.first(where: { ($0.span.start.line + 1...$0.span.end.line + 1).contains(site.line) })
            {
                return loss
            }
            let crossEntropy = losses.filter { $0.kind.isCrossEntropy || $0.kind == .negativeLogLikelihood }
            return crossEntropy.count == 1 ? crossEntropy.first : (losses.count == 1 ? losses.first : nil)
        }

        /// The output layer, whose size bounds the labels.
        func outputSizeCause(label: String?) -> CodePlace? {
            guard let network, let output = network.outputLayer, output.kind == .linear else { return nil }
            let units: Int? =
                switch network.framework {
                case .keras: Self.integer(output.argument("units", position: 0))
                case .pytorch:
                    output.className == "Linear" ? Self.integer(output.argument("out_features", position: 1)) : nil
                }
            let seen = label.map { ", but a label is \($0)" } ?? ", but a label lies outside that range"
            guard let units else {
                return place(output, "the output layer `\(Self.call(output))` must have one unit per class\(seen)")
            }
            return place(
                output,
                "the output layer `\(Self.call(output))` has \(units) unit\(units == 1 ? "" : "s"), so the labels must be "
                    + "0 to \(units - 1)\(seen): give it one unit per class, or fix the labels")
        }

        /// The first layer that computes on the input: its weights' type is the one expected.
        func torchDtypeCause(input: String, weights: String) -> CodePlace? {
            guard let network, network.framework == .pytorch,
                let layer = network.layers.first(where: { !$0.kind.isPassThrough && $0.kind != .activation }),
                layer.kind == .linear
            else { return nil }
            let hint = input == "Double" ? " (NumPy arrays are float64 by default)" : ""
            let names = [
                "Float": "float32", "Double": "float64", "Half": "float16", "BFloat16": "bfloat16", "Long": "int64",
                "Int": "int32",
            ]
            func named(_ type: String) -> String { names[type].map { "\($0) (\(type))" } ?? type }
            return place(
                layer,
                "`\(Self.call(layer))` computes in \(named(weights)), but its input is \(named(input))\(hint): "
                    + "convert the data with `.to(torch.\(names[weights] ?? weights.lowercased()))`")
        }

        func embeddingCause(got: String) -> CodePlace? {
            guard let network, let layer = network.layers.first(where: { $0.kind == .embedding }) else { return nil }
            return place(
                layer,
                "`\(Self.call(layer))` takes integer token ids (Long or Int), but its input is \(got): convert it with `.long()`"
            )
        }
    }
}
