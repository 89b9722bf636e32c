import Foundation
import LintCore
import LintRules
import PythonSyntax
import TestSupport
import Testing
import TrainingModel
import Workspace

/// Every fix the rules offer (safe and unsafe), applied one at a time, on every rule's
/// documentation examples and on the real-world corpus (`../shared/corpus/realworld`, or
/// `UMLAUT_REALWORLD`): the result must parse without new syntax errors, the finding it fixes
/// must be gone, and fixing to a fixed point must converge. A *safe* fix must edit only code that
/// belongs to one network (its layers, its own compile call, the loss only it is compiled with),
/// the network the finding is about: never a loss or compile call another model shares.
@Suite struct FixSafetyTests {
    @Test(arguments: BuiltInRules.all.map { type(of: $0).description.code })
    func fixesOnTheExamplesOf(_ code: RuleCode) async throws {
        let problems = try await offTheTestPool {
            let description = BuiltInRules.rule(code)!.description
            let examples =
                description.triggeringExamples + description.nonTriggeringExamples
                + description.corrections.map(\.before)
            return examples.flatMap { example in
                let source = MarkedSource.parse(example.code).code
                return FixSafety.problems(in: SourceText(source), settings: FixSafety.settings(example.thresholds)).map
                {
                    "\(code) example at \(example.file):\(example.line): \($0)\n\(source)"
                }
            }
        }
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
    }

    /// One collection of the corpus per test, so they run side by side.
    @Test(arguments: ["kerasio", "ptexamples", "tfdocs", "lightning", "yunjey"])
    func fixesOnTheRealWorldCorpus(_ collection: String) async throws {
        guard let corpus = FixSafety.corpus else {
            Issue.record(
                """
                no real-world corpus at \(FixSafety.corpusPath): put the shared corpus beside the repository \
                or set UMLAUT_REALWORLD to its directory
                """)
            return
        }
        let files = try FixSafety.files(under: corpus + "/" + collection)
        #expect(!files.isEmpty, "no .py or .ipynb files under \(corpus)/\(collection)")
        let problems = try await offTheTestPool {
            let linter = Linter(rules: BuiltInRules.all)
            var problems: [String] = []
            for file in files {
                guard let (source, place) = FixSafety.pythonText(of: file) else { continue }
                guard linter.mayReport(in: source) else { continue }
                let name = String(file.dropFirst(corpus.count + 1))
                problems += FixSafety.problems(in: source, settings: Settings(), place: place).map { "\(name): \($0)" }
            }
            return problems
        }
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
    }

    /// The checker itself must see a shared loss: here a safe edit of `loss` would change how
    /// `other` trains too.
    @Test func aSafeEditOfALossSharedByTwoModelsIsReported() {
        let source = """
            import keras
            loss = keras.losses.CategoricalCrossentropy()
            model = keras.Sequential([keras.layers.Dense(10)])
            other = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(optimizer="adam", loss=loss)
            other.compile(optimizer="adam", loss=loss)

            """
        let model = ScriptAnalyzer.analyze(Parser().parse(SourceText(source)))
        let start = source.utf8.count - source.drop { $0 != "C" }.utf8.count
        let edit = Edit(
            range: start..<(start + "CategoricalCrossentropy()".utf8.count),
            replacement: "CategoricalCrossentropy(from_logits=True)")
        let owners = FixSafety.owners(of: edit.range, in: model)
        #expect(owners.count == 2, "the shared loss must belong to both networks, got \(owners)")
    }

    /// The checker itself must see a safe fix aimed at the wrong model: a finding about an
    /// inference wrapper (`Sequential([model, Softmax()])`) whose fix edits the compile call of
    /// the model inside it changes how that correct model trains (issue 7's TensorFlow notebook).
    @Test func aSafeEditOfAnotherModelsCompileCallIsReported() throws {
        let source = """
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(128, activation="relu"), tf.keras.layers.Dense(10)])
            model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(x, y, epochs=10)
            probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])

            """
        let text = SourceText(source)
        let model = ScriptAnalyzer.analyze(Parser().parse(text))
        func range(of needle: String) throws -> Range<Int> {
            let found = try #require(source.range(of: needle))
            let start = source.utf8.distance(
                from: source.utf8.startIndex, to: found.lowerBound.samePosition(in: source.utf8)!)
            return start..<(start + needle.utf8.count)
        }
        let softmax = try range(of: "tf.keras.layers.Softmax()")
        let logits = try range(of: "True")
        let diagnostic = Diagnostic(
            code: "UM104", name: "softmax-into-logits-loss", severity: .warning, summary: "", message: "",
            span: SourceSpan(softmax, in: text),
            fix: Fix(
                title: "Set `from_logits=False`", applicability: .safe,
                edits: [Edit(range: logits, replacement: "False")]))
        let problems = FixSafety.ownershipProblems(
            of: diagnostic.fix!, for: diagnostic, in: model, lines: LineIndex(text.bytes),
            place: FixSafety.plainPlace(in: text))
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.contains("compile call of `model`") == true, "\(problems)")
    }
}

/// What the suite checks, on one text.
enum FixSafety {
    static let corpusPath: String =
        ProcessInfo.processInfo.environment["UMLAUT_REALWORLD"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/realworld").path

    static var corpus: String? {
        FileManager.default.fileExists(atPath: corpusPath + "/verdicts.tsv")
            ? URL(fileURLWithPath: corpusPath).standardizedFileURL.path : nil
    }

    static func files(under directory: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".py") || path.hasSuffix(".ipynb") { files.append(directory + "/" + path) }
        }
        return files.sorted()
    }

    /// A script's text, or a notebook's code cells joined as `umlaut check` reads them, and how
    /// to name the line of a byte in it (`cell 3, line 2` in notebooks).
    static func pythonText(of path: String) -> (text: SourceText, place: (Int) -> String)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard path.hasSuffix(".ipynb") else {
            let text = SourceText(bytes)
            return (text, plainPlace(in: text))
        }
        guard let notebook = try? Notebook(bytes: bytes) else { return nil }
        let source = NotebookSource(notebook)
        return (
            source.text,
            { byte in
                source.location(ofByte: byte).map { "cell \($0.cellNumber), line \($0.position.line + 1)" }
                    ?? "byte \(byte)"
            }
        )
    }

    static func plainPlace(in text: SourceText) -> (Int) -> String {
        let lines = LineIndex(text.bytes)
        return { "line \(lines.position(ofByte: $0, unit: .scalar).line + 1)" }
    }

    static func settings(_ thresholds: [String: Double]) -> Settings {
        var settings = Settings()
        for (key, value) in thresholds {
            if let problem = settings.thresholds.set(key: key, value: value) {
                preconditionFailure("threshold \(key): \(problem)")
            }
        }
        return settings
    }

    /// Everything wrong with the fixes offered on `source`, one line each.
    static func problems(in source: SourceText, settings: Settings, place: ((Int) -> String)? = nil) -> [String] {
        let placeOf = place ?? plainPlace(in: source)
        let linter = Linter(rules: BuiltInRules.all, settings: settings)
        let parser = Parser()
        let before = linter.lint(parser.parse(source))
        let lines = LineIndex(source.bytes)
        var problems: [String] = []
        for diagnostic in before.diagnostics {
            guard let fix = diagnostic.fix, fix.applicability != .displayOnly else { continue }
            let place =
                "\(diagnostic.code) at \(placeOf(diagnostic.span.startByte)) (\(fix.applicability) fix \"\(fix.title)\")"
            let outcome = FixApplier.apply([fix], to: source)
            guard !outcome.applied.isEmpty else {
                problems.append(
                    "\(place): the fix cannot be applied on its own (empty, overlapping or outside the text)")
                continue
            }
            let after = linter.lint(parser.parse(outcome.source))
            if after.syntaxErrors.count > before.syntaxErrors.count {
                let error = after.syntaxErrors.first { new in
                    !before.syntaxErrors.contains { $0.message == new.message }
                }
                problems.append("\(place): the fixed code has a new syntax error: \(error?.message ?? "?")")
            }
            let remaining = { (result: LintResult) in result.diagnostics.filter { $0.code == diagnostic.code }.count }
            if remaining(after) >= remaining(before) {
                problems.append("\(place): the finding is still reported after its fix")
            }
            if fix.applicability == .safe {
                problems += ownershipProblems(of: fix, for: diagnostic, in: before.model, lines: lines, place: placeOf)
                    .map { "\(place): \($0)" }
            }
        }
        // Fixing everything, safe and unsafe, reaches a fixed point (a fix never undoes another).
        if before.diagnostics.contains(where: { $0.fix != nil }) {
            let fixed = FixApplier.fixToFixedPoint(
                source, linter: linter, path: nil, including: [.safe, .unsafe], maxPasses: 10)
            let left = fixed.remaining.diagnostics.filter {
                $0.fix.map { [.safe, .unsafe].contains($0.applicability) } ?? false
            }
            if !left.isEmpty {
                problems.append(
                    "fixing to a fixed point does not converge: still offered after 10 rounds: "
                        + left.map { "\($0.code) at \(placeOf($0.span.startByte))" }.joined(separator: ", "))
            }
        }
        return problems
    }

    /// A safe fix's edits must each lie in code that belongs to exactly one network, and that
    /// network must be the one the finding is about (it owns the finding's place), when the
    /// finding's place belongs to a network at all. An edit in a `compile` call (or the loss it
    /// passes) belongs to the model the call is made on, by name: `model.compile(...)` is
    /// `model`'s, whatever network the analysis bound its loss to.
    static func ownershipProblems(
        of fix: Fix, for diagnostic: Diagnostic, in model: ScriptModel, lines: LineIndex,
        place: (Int) -> String
    ) -> [String] {
        let flagged = owners(of: diagnostic.span.startByte..<diagnostic.span.endByte, in: model, lines: lines)
        let flaggedNames = Set(flagged.map { model.networks[$0].name })
        var problems: [String] = []
        for edit in fix.edits {
            let line = place(edit.startByte)
            let receivers = Set(compiles(editing: edit.range, in: model).map(\.networkName))
            if receivers.count > 1 {
                problems.append(
                    "the safe fix edits \(line), a loss shared by the compile calls of \(receivers.sorted().joined(separator: ", "))"
                )
                continue
            }
            if let receiver = receivers.first, !flaggedNames.isEmpty, !flaggedNames.contains(receiver) {
                problems.append(
                    "the safe fix edits \(line), in the compile call of `\(receiver)`, for a finding about "
                        + flaggedNames.sorted().map { "`\($0)`" }.joined(separator: ", "))
                continue
            }
            let editOwners = owners(of: edit.range, in: model, lines: lines)
            let names = editOwners.sorted().map { model.networks[$0].name }
            if editOwners.isEmpty {
                problems.append(
                    "the safe fix edits \(line), which belongs to no network's layers, compile call or loss")
            } else if editOwners.count > 1 {
                problems.append(
                    "the safe fix edits \(line), which is shared by the networks \(names.joined(separator: ", "))")
            } else if !flagged.isEmpty, flagged.isDisjoint(with: editOwners) {
                problems.append(
                    "the safe fix edits \(line) of `\(names[0])` for a finding about "
                        + flaggedNames.sorted().map { "`\($0)`" }.joined(separator: ", "))
            }
        }
        return problems
    }

    /// The compile calls whose own text, or the loss they pass, contains `range`.
    static func compiles(editing range: Range<Int>, in model: ScriptModel) -> [CompileCall] {
        func contains(_ span: SourceSpan) -> Bool {
            span.startByte <= range.lowerBound && range.upperBound <= span.endByte
        }
        return model.compiles.filter { compile in
            if contains(compile.span) { return true }
            guard let loss = compile.lossIndex, model.losses.indices.contains(loss) else { return false }
            return contains(model.losses[loss].span)
        }
    }

    /// The networks (indices into `model.networks`) whose own code contains `range`: the
    /// network's definition and layers, the compile calls bound to it and the losses those calls
    /// use, and the loss calls of the PyTorch training steps that take its output. A compile call naming a network belongs to the latest
    /// network of that name defined before it (notebooks reuse `model`).
    /// With `lines`, a layer owns the whole lines of its statement (a fix may remove
    /// `model.add(Activation(...))` with its line break).
    static func owners(of range: Range<Int>, in model: ScriptModel, lines: LineIndex? = nil) -> Set<Int> {
        func contains(_ span: SourceSpan) -> Bool {
            span.startByte <= range.lowerBound && range.upperBound <= span.endByte
        }
        func containsLines(_ span: SourceSpan) -> Bool {
            guard let lines else { return contains(span) }
            let first = lines.contentRange(ofLine: span.start.line).lowerBound
            let last =
                span.end.line + 1 < lines.lineCount ? lines.contentRange(ofLine: span.end.line + 1).lowerBound : Int.max
            return first <= range.lowerBound && range.upperBound <= last
        }
        func network(named name: String, before byte: Int) -> [Int] {
            let named = model.networks.indices.filter { model.networks[$0].name == name }
            let earlier = named.filter { model.networks[$0].span.startByte <= byte }
            if let latest = earlier.max(by: { model.networks[$0].span.startByte < model.networks[$1].span.startByte }) {
                return [latest]
            }
            return named
        }
        var owners: Set<Int> = []
        for (index, network) in model.networks.enumerated() {
            if contains(network.span) || network.layers.contains(where: { containsLines($0.callSpan ?? $0.span) }) {
                owners.insert(index)
            }
        }
        for compile in model.compiles {
            var spans = [compile.span]
            if let loss = compile.lossIndex, model.losses.indices.contains(loss) {
                spans.append(model.losses[loss].span)
            }
            if spans.contains(where: contains) {
                owners.formUnion(network(named: compile.networkName, before: compile.span.startByte))
            }
        }
        // A PyTorch training step's loss call belongs to the network whose output it takes.
        for step in model.trainingSteps where contains(step.span) {
            if let name = step.networkName { owners.formUnion(network(named: name, before: step.span.startByte)) }
        }
        // A loss passed to `compile` belongs to the compiled model (above), not to the network
        // the analysis bound it to; the binding is what this test must not trust.
        for (index, loss) in model.losses.enumerated()
        where contains(loss.span) && !model.compiles.contains(where: { $0.lossIndex == index }) {
            if let name = loss.networkName { owners.formUnion(network(named: name, before: loss.span.startByte)) }
        }
        return owners
    }
}
