import LintCore
import PythonSyntax
import Workspace

/// Checks one file from start to finish on a worker thread: read, decode, lint, fix, render.
///
/// Everything a file contributes to the output is rendered here, in parallel, into a
/// `FileOutcome`; the runner only concatenates outcomes in path order, so the output is the
/// same whatever the number of threads.
struct FileChecker: Sendable {
    /// What `--fix` and `--diff` ask for.
    enum FixMode: Sendable {
        case none
        /// Write the fixed files (`--fix`); for standard input, print the fixed text.
        case apply
        /// Print what `--fix` would change, write nothing (`--diff`).
        case diff
    }

    let rules: [any Rule]
    let options: RenderOptions
    let fixMode: FixMode
    /// Source larger than this is skipped with a warning: a `.py` file, or a notebook's code
    /// cells (a notebook file may be up to ten times larger: outputs such as images are big).
    let maxFileSize: Int
    /// Each rule's position in the SARIF driver's rule list.
    let ruleIndex: [RuleCode: Int]

    /// One file to check.
    struct Job: Sendable {
        var file: FileDiscovery.File
        var configuration: Configuration
        /// The text when it comes from standard input.
        var standardInput: [UInt8]?
    }

    func check(_ job: Job, parser: Parser) -> FileOutcome {
        var outcome = FileOutcome(path: job.file.path)
        let bytes: [UInt8]
        if let input = job.standardInput {
            bytes = input
        } else {
            switch FileSystem.kind(of: job.file.absolutePath) {
            case let .success(.file(size)) where size > maxFileSize * (job.file.isNotebook ? 10 : 1):
                outcome.problem(
                    "skipped: \(Self.megabytes(size)) MB is over the \(maxFileSize * (job.file.isNotebook ? 10 : 1) / 1_000_000) MB limit for a \(job.file.isNotebook ? "notebook" : "source file")",
                    isError: false)
                return outcome
            default: break
            }
            switch FileSystem.read(job.file.absolutePath) {
            case let .success(read): bytes = read
            case let .failure(failure):
                outcome.problem("cannot read: \(failure)", isError: true)
                return outcome
            }
        }
        let linter = Linter(rules: rules, settings: job.configuration.settings)
        let relative = job.configuration.relativePath(job.file.absolutePath) ?? job.file.path
        var working: WorkingText
        if job.file.isNotebook {
            let notebook: Notebook
            do {
                notebook = try Notebook(bytes: bytes)
            } catch {
                outcome.problem("not a readable notebook: \(error)", isError: true)
                return outcome
            }
            guard notebook.isPython else {
                outcome.problem(
                    "skipped: not a Python notebook (its language is \(notebook.language ?? "unknown"))", isError: false
                )
                return outcome
            }
            let source = NotebookSource(notebook)
            guard source.text.bytes.count <= maxFileSize else {
                outcome.problem(
                    "skipped: its code cells hold \(Self.megabytes(source.text.bytes.count)) MB, over the \(maxFileSize / 1_000_000) MB limit for source",
                    isError: false)
                return outcome
            }
            working = .notebook(source)
        } else {
            switch PythonFile.decode(bytes) {
            case let .success(file): working = .python(file, file.text)
            case let .failure(problem):
                outcome.problem("\(problem)", isError: true)
                return outcome
            }
        }
        let original = working
        var result = linter.lint(working.text, parser: parser, path: relative, lines: working.lineLabels)
        if fixMode != .none {
            var passes = 0
            while passes < 10 {
                passes += 1
                let fixes = result.diagnostics.compactMap(\.fix)
                    .filter { fix in fix.applicability == .safe || (fix.applicability == .unsafe && options.unsafeFixes)
                    }
                    .filter(working.canApply)
                    .map(working.adapted)
                guard !fixes.isEmpty else { break }
                let applied = FixApplier.apply(fixes, to: working.text)
                guard !applied.applied.isEmpty else { break }
                outcome.fixed += applied.applied.count
                working = working.applying(applied)
                result = linter.lint(working.text, parser: parser, path: relative, lines: working.lineLabels)
            }
            if outcome.fixed > 0 { finishFixes(original: original, fixed: working, job: job, outcome: &outcome) }
        }
        render(result, document: working.document(path: job.file.path), into: &outcome)
        return outcome
    }

    /// Writes the fixed text back (or prints it, or its diff).
    private func finishFixes(original: WorkingText, fixed: WorkingText, job: Job, outcome: inout FileOutcome) {
        let bytes = fixed.encoded()
        switch fixMode {
        case .none: break
        case .apply:
            if job.standardInput != nil {
                outcome.fixedStandardInput = bytes
            } else if case let .failure(failure) = FileSystem.replaceAtomically(job.file.absolutePath, with: bytes) {
                outcome.problem("cannot write the fixes: \(failure)", isError: true)
                outcome.fixed = 0
            }
        case .diff:
            outcome.diff = fixed.diff(from: original, path: job.file.path, style: options.style)
        }
    }

    static func megabytes(_ bytes: Int) -> String { "\(Double(bytes / 100_000) / 10)" }

    /// `invalid syntax`, or `missing ")"` for a token the parser had to invent.
    static func describe(_ error: SyntaxError) -> String {
        guard error.message.hasPrefix("missing ") else { return error.message }
        return "missing \"" + error.message.dropFirst("missing ".count) + "\""
    }

    private func render(_ result: LintResult, document: CheckedDocument, into outcome: inout FileOutcome) {
        if let error = result.syntaxErrors.first {
            let location = document.location(ofByte: error.range.lowerBound)
            let more = result.syntaxErrors.count > 1 ? " (and \(result.syntaxErrors.count - 1) more)" : ""
            outcome.syntaxError =
                "\(document.path):\(location.description): syntax error: \(Self.describe(error))\(more); "
                + "the rest of the file was still checked"
        }
        let text = TextRenderer(options: options)
        for diagnostic in result.diagnostics {
            outcome.found += 1
            if let fix = diagnostic.fix {
                if fix.applicability == .safe || (fix.applicability == .unsafe && options.unsafeFixes) {
                    outcome.fixable += 1
                } else if fix.applicability == .unsafe {
                    outcome.unsafeFixable += 1
                }
            }
            switch options.format {
            case .text: outcome.rendered += text.full(diagnostic, in: document)
            case .concise: outcome.rendered += text.concise(diagnostic, in: document)
            case .json:
                outcome.objects.append(JSONRenderer.object(diagnostic, in: document))
            case .sarif:
                outcome.objects.append(
                    SARIFRenderer.result(diagnostic, in: document, ruleIndex: ruleIndex[diagnostic.code]))
            }
        }
    }
}
