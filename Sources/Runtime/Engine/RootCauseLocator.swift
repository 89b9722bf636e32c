import Foundation
import LintCore
import PythonProcess
import PythonSyntax
import TrainingModel

/// Turns what the instrumentation saw (a model created at line 14, `fit` called at line 40) and
/// what the static analysis of the script knows (the dataset load, the `validation_data=`
/// argument, the learning-rate argument) into the source ranges runtime findings point at.
///
/// The root cause of a symptom is usually not where it shows: inputs out of range show in `fit`
/// but come from the data loading; a negative learning rate shows as a diverging loss but is
/// written in the optimizer's constructor. Each method returns the most specific place it can
/// find, falling back from the static model to the reported line to nothing.
///
/// Not thread-safe (it caches file contents); the runner uses one per run on one thread.
package final class RootCauseLocator {
    /// The script that was run, absolute.
    package let scriptPath: String
    private let script: (source: SourceText, model: ScriptModel)?
    /// The script's `# umlaut: ignore[...]` comments.
    package let suppressions: Suppressions?
    private var files: [String: SourceText] = [:]

    /// Reads and analyses the script; an unreadable script gives a locator that knows only
    /// the lines the instrumentation reports.
    package convenience init(scriptPath: String) {
        let text = FileManager.default.contents(atPath: scriptPath).map { SourceText(Array($0)) }
        self.init(scriptPath: scriptPath, source: text)
    }

    /// Parses and analyses `source` (tests, and callers without an analysis of their own).
    package convenience init(scriptPath: String, source: SourceText?) {
        self.init(scriptPath: scriptPath, analysis: source.map { ScriptAnalysis(analysing: $0) })
    }

    /// Works from the analysis the run already made of the script: nothing is parsed again.
    package init(scriptPath: String, analysis: ScriptAnalysis?) {
        self.scriptPath = scriptPath
        if let analysis {
            script = (analysis.source, analysis.model)
            suppressions = analysis.suppressions
            files[scriptPath] = analysis.source
        } else {
            script = nil
            suppressions = nil
        }
    }

    /// What the static analysis found in the script, if it could be read.
    package var scriptModel: ScriptModel? { script?.model }

    // MARK: - Places by role

    /// Where training is started: the `fit` call, or the PyTorch training step.
    package func trainingCall(_ run: ModelRun) -> CodePlace? {
        if let fit = matchingFit(run) {
            return CodePlace(firstLine(of: fit.span), "`\(fit.networkName).fit()` trains the model here")
        }
        if let step = script?.model.trainingSteps.first {
            return CodePlace(location(step.span), "the training step computes the loss here")
        }
        return run.trainBegin?.callSite.map { CodePlace(lineLocation($0), "training starts here") }
    }

    /// The data the model trains on, as the static analysis traces it: `fit`'s `x`, the input
    /// of a PyTorch training step, or of a network called in a training loop.
    func trainingInput(_ run: ModelRun) -> DataReference? {
        guard let model = script?.model else { return nil }
        return matchingFit(run)?.x ?? model.trainingSteps.first(where: { $0.input != nil })?.input
            ?? model.networkCalls.first(where: \.isTraining)?.input
    }

    /// Where the training inputs come from: the dataset load, else where the variable is made,
    /// else the data passed to training.
    package func inputData(_ run: ModelRun) -> CodePlace? {
        guard let model = script?.model else { return trainingCall(run) }
        if let reference = trainingInput(run) {
            if let index = reference.datasetIndex, model.datasets.indices.contains(index) {
                let dataset = model.datasets[index]
                return CodePlace(
                    location(dataset.span),
                    "`\(reference.root ?? reference.text)` is loaded here\(Self.origin(dataset))")
            }
            if let root = reference.root, let rootSpan = reference.rootSpan {
                return CodePlace(firstLine(of: rootSpan), "`\(root)` is made here")
            }
            return CodePlace(location(reference.span), "`\(reference.text)` is the training input")
        }
        if let dataset = model.datasets.first(where: { $0.isRawImages && $0.scaling.isEmpty }) ?? model.datasets.first {
            let name = dataset.variables.first.map { "`\($0)` is" } ?? "the data is"
            return CodePlace(location(dataset.span), "\(name) loaded here\(Self.origin(dataset))")
        }
        return trainingCall(run)
    }

    /// For inputs out of range: the scaling on the way to training when there is one (it does not
    /// scale enough), else where the data comes from, never scaled.
    package func inputScaling(_ run: ModelRun) -> CodePlace? {
        if let reference = trainingInput(run), let scaling = reference.steps.last(where: { $0.kind == .scaling }) {
            return CodePlace(
                location(scaling.span),
                "`\(reference.root ?? reference.text)` is scaled here (\(scaling.description)), but not into the expected range"
            )
        }
        guard let place = inputData(run) else { return nil }
        guard trainingInput(run) != nil else { return place }
        return CodePlace(
            place.location,
            place.note.hasSuffix("is the training input")
                ? place.note + ", never scaled" : place.note + " and never scaled")
    }

    /// Where the validation data is given: `validation_data=`, `validation_split=`, or the
    /// reported call site.
    package func validationData(_ run: ModelRun) -> CodePlace? {
        if let fit = matchingFit(run) {
            if let argument = fit.validationData {
                return CodePlace(location(argument.span), "the validation data `\(argument.text)` is given here")
            }
            if let argument = fit.validationSplit {
                return CodePlace(location(argument.span), "the validation split is made here")
            }
        }
        if let site = run.trainBegin?.validation?.callSite {
            return CodePlace(lineLocation(site), "the validation data is given here")
        }
        return trainingCall(run)
    }

    /// The optimizer's learning rate as written (or the optimizer, or its reported line).
    package func optimizer(_ run: ModelRun) -> CodePlace? {
        let className = run.optimizer?.className ?? "optimizer"
        let reported = run.optimizer?.createdAt
        let candidates = script?.model.optimizers ?? []
        let match =
            reported.flatMap { site in
                isScript(site.file) ? candidates.first { contains($0.span, line: site.line) } : nil
            } ?? (reported == nil && candidates.count == 1 ? candidates.first : nil)
        if let optimizer = match {
            if let argument = optimizer.learningRate ?? optimizer.initialLearningRate {
                return CodePlace(location(argument.span), "the learning rate of `\(optimizer.className)` is set here")
            }
            return CodePlace(
                location(optimizer.span), "`\(optimizer.className)` is created here with its default learning rate")
        }
        return reported.map { CodePlace(lineLocation($0), "`\(className)` is created here") }
    }

    /// A layer, by the name the instrumentation reported.
    package func layer(_ name: String, in run: ModelRun) -> CodePlace? {
        let info = run.layer(named: name)
        let className = info?.className ?? ""
        let staticLayers = script?.model.networks.flatMap(\.layers) ?? []
        if let site = info?.createdAt {
            if isScript(site.file) {
                let onLine = staticLayers.filter { contains($0.span, line: site.line) && !$0.isFunctionCall }
                if let layer = onLine.first(where: { $0.className == className })
                    ?? (onLine.count == 1 ? onLine.first : nil)
                {
                    return CodePlace(location(layer.span), "layer `\(name)` (\(layer.displayName)) is created here")
                }
            }
            return CodePlace(lineLocation(site), "layer `\(name)` is created here")
        }
        // No reported place: match by binding (`self.fc1`), then by position among layers of
        // the same class.
        if let layer = staticLayers.first(where: { $0.binding == name }) {
            return CodePlace(location(layer.span), "layer `\(name)` is created here")
        }
        if let layers = run.model?.layers,
            let index = layers.filter({ $0.className == className }).firstIndex(where: { $0.name == name })
        {
            let same = staticLayers.filter { $0.className == className && !$0.isFunctionCall }
            if same.indices.contains(index) {
                return CodePlace(location(same[index].span), "layer `\(name)` is created here")
            }
        }
        return nil
    }

    /// A line the instrumentation reported (a functional activation's call), with a note.
    package func place(_ site: SourceLocation, note: String) -> CodePlace {
        CodePlace(lineLocation(site), note)
    }

    /// Where the model is defined (its first line).
    package func model(_ run: ModelRun) -> CodePlace? {
        let name = run.model?.name ?? run.id
        if let site = run.model?.createdAt {
            if isScript(site.file),
                let network = script?.model.networks.first(where: { contains($0.span, line: site.line) })
            {
                return CodePlace(firstLine(of: network.span), "the model `\(network.name)` is defined here")
            }
            return CodePlace(lineLocation(site), "the model `\(name)` is created here")
        }
        if let network = script?.model.networks.first {
            return CodePlace(firstLine(of: network.span), "the model `\(network.name)` is defined here")
        }
        return nil
    }

    /// Where the loss is given.
    package func loss(_ run: ModelRun) -> CodePlace? {
        let losses = script?.model.losses ?? []
        if let site = run.loss?.createdAt {
            if isScript(site.file), let loss = losses.first(where: { contains($0.span, line: site.line) }) {
                return CodePlace(location(loss.span), "the loss `\(loss.name)` is given here")
            }
            return CodePlace(lineLocation(site), "the loss is created here")
        }
        return losses.first.map { CodePlace(location($0.span), "the loss `\($0.name)` is given here") }
    }

    // MARK: - Conversions

    /// The static `fit` call the run comes from: the one at the reported call site, else the
    /// only one.
    func matchingFit(_ run: ModelRun) -> FitCall? {
        guard let fits = script?.model.fits, !fits.isEmpty else { return nil }
        if let site = run.trainBegin?.callSite, isScript(site.file) {
            if let fit = fits.first(where: { contains($0.span, line: site.line) }) { return fit }
        }
        return fits.count == 1 || run.trainBegin?.callSite == nil ? fits.first : nil
    }

    /// A span of the script as a 1-based location.
    package func location(_ span: SourceSpan) -> CodeLocation {
        guard let source = script?.source else {
            return CodeLocation(
                path: scriptPath, line: span.start.line + 1, column: span.start.column + 1,
                endLine: span.end.line + 1, endColumn: span.end.column + 1)
        }
        let start = source.lineIndex.position(ofByte: span.startByte, unit: .scalar)
        let end = source.lineIndex.position(ofByte: span.endByte, unit: .scalar)
        return CodeLocation(
            path: scriptPath, line: start.line + 1, column: start.column + 1, endLine: end.line + 1,
            endColumn: end.column + 1)
    }

    /// The first line of a span, to the end of that line's code.
    func firstLine(of span: SourceSpan) -> CodeLocation {
        var location = lineLocation(SourceLocation(file: scriptPath, line: span.start.line + 1))
        let start = self.location(span)
        location.column = start.column
        if start.endLine == start.line { location.endColumn = start.endColumn }
        return location
    }

    /// A reported line, from its first to its last non-blank character.
    package func lineLocation(_ site: SourceLocation) -> CodeLocation {
        guard let source = source(of: site.file), site.line - 1 < source.lineIndex.lineCount else {
            return CodeLocation(path: site.file, line: site.line)
        }
        var range = source.lineIndex.contentRange(ofLine: site.line - 1)
        let bytes = source.bytes
        while range.lowerBound < range.upperBound, bytes[range.lowerBound] == 0x20 || bytes[range.lowerBound] == 0x09 {
            range = (range.lowerBound + 1)..<range.upperBound
        }
        while range.upperBound > range.lowerBound,
            bytes[range.upperBound - 1] == 0x20 || bytes[range.upperBound - 1] == 0x09
        {
            range = range.lowerBound..<(range.upperBound - 1)
        }
        let start = source.lineIndex.position(ofByte: range.lowerBound, unit: .scalar)
        let end = source.lineIndex.position(ofByte: range.upperBound, unit: .scalar)
        return CodeLocation(
            path: site.file, line: site.line, column: start.column + 1, endLine: site.line, endColumn: end.column + 1)
    }

    func source(of file: String) -> SourceText? {
        if let cached = files[file] { return cached }
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let text = SourceText(Array(data))
        files[file] = text
        return text
    }

    private func isScript(_ file: String) -> Bool {
        file == scriptPath || LexicalPath.absolute(file) == LexicalPath.absolute(scriptPath)
    }

    private func contains(_ span: SourceSpan, line: Int) -> Bool {
        (span.start.line + 1...span.end.line + 1).contains(line)
    }

    private static func origin(_ dataset: Dataset) -> String {
        switch dataset.origin {
        case .kerasDataset(let name): " from `keras.datasets.\(name)`"
        case .imageLoader(let name): " by `\(name)`"
        case .other(let name): " by `\(name)`"
        }
    }
}
