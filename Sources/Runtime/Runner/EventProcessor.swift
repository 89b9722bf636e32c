import Foundation
import LintCore
import PythonProcess
import PythonSyntax
import Store

/// Turns the lines of one event stream into a recorded, checked session: stores every line,
/// folds events into the `TrainingState`, runs the runtime rules after each event that can change
/// their verdict, prints new findings inline, and at the end prints the summary and closes the
/// session. `umlaut run` feeds it from the child's pipe, `umlaut import` from a file.
///
/// Not thread-safe: one processor per stream, used on one thread.
package final class EventProcessor {
    /// The script, and what its static analysis found; nil when it could not be read.
    package struct Script {
        package var path: String
        package var analysis: ScriptAnalysis?

        package init(path: String, analysis: ScriptAnalysis?) {
            self.path = path
            self.analysis = analysis
        }

        var source: SourceText? { analysis?.source }
        var staticFindings: [Diagnostic] { analysis?.findings ?? [] }
    }

    private let script: Script
    private let write: (String) -> Void
    private let reporter: RunReporter
    private let engine: RuntimeRuleEngine
    let recorder: SessionRecorder
    private let databasePath: String
    private(set) var state = TrainingState()
    private var malformedLines = 0
    private var storedMalformed = 0
    private var attachNotes: [String] = []
    /// Notes about the run known before it started (no instrumentation, ...).
    var startNotes: [String] = []
    /// Whether events were expected at all (false when the instrumentation is missing).
    var expectsEvents = true

    init(
        script: Script, session: SessionRecord, databasePath: String, settings: Settings, settingsPath: String? = nil,
        busyTimeout: TimeInterval, write: @escaping (String) -> Void
    ) {
        self.script = script
        self.write = write
        self.databasePath = databasePath
        reporter = RunReporter(workingDirectory: FileManager.default.currentDirectoryPath)
        engine = RuntimeRuleEngine(
            settings: settings, path: settingsPath,
            locator: RootCauseLocator(scriptPath: script.path, analysis: script.analysis))
        recorder = SessionRecorder(
            databasePath: databasePath, session: session,
            open: { try SessionDatabase.open(path: databasePath, busyTimeout: busyTimeout) },
            report: { write("umlaut: \($0)") })
    }

    /// Opens the session and reports the static findings ("before training").
    func start() {
        recorder.start()
        if let source = script.source {
            for diagnostic in script.staticFindings {
                reporter.staticFinding(diagnostic, path: script.path, source: source).forEach(write)
                recorder.recordFinding(FindingRecord(staticDiagnostic: diagnostic, path: script.path, source: source))
            }
        }
        for note in startNotes {
            write("umlaut: \(note)")
            recorder.setNote(note)
        }
    }

    /// Handles one line of the stream.
    func handle(_ line: LineSplitter.Line) {
        var payload = String(decoding: line.bytes, as: UTF8.self)
        if line.isTruncated { payload += " …[line longer than 1 MiB, cut]" }
        let decoded = line.isTruncated ? DecodedLine.malformed(reason: "too long") : RuntimeEvent.decode(line.bytes)
        guard case .event(let name, let event) = decoded else {
            malformedLines += 1
            // Keep the first thousand; a flood of garbage must not flood the database.
            if storedMalformed < 1000 {
                storedMalformed += 1
                recorder.recordEvent(kind: nil, payload: payload)
            }
            return
        }
        recorder.recordEvent(kind: name, payload: payload)
        let model = state.apply(event)
        recordLocations(of: event)
        switch event {
        case .attachFailed(let framework, let reason):
            attachNotes.append(
                "runtime checks were off for \(framework): the instrumentation could not attach (\(reason))")
        case .epoch(let report):
            recorder.recordEpoch(
                EpochRecord(
                    sessionId: 0, model: report.model, epoch: report.epoch, duration: report.duration,
                    learningRate: report.learningRate, metrics: report.metrics))
        default:
            break
        }
        switch event {
        case .epoch, .nonfiniteLoss, .overlap, .trainBegin, .log:
            guard let model, let run = state.runs[model] else { return }
            for update in engine.evaluate(run) {
                if update.isNew || update.isRevised {
                    reporter.runtimeFinding(update.entry.finding, revised: update.isRevised).forEach(write)
                }
                recorder.recordFinding(FindingRecord(runtime: update.entry))
            }
        default:
            break
        }
    }

    private func recordLocations(of event: RuntimeEvent) {
        func save(_ role: SourceLocationRecord.Role, _ subject: String, _ location: SourceLocation?) {
            guard let location else { return }
            recorder.recordLocation(
                SourceLocationRecord(
                    sessionId: 0, role: role, subject: subject, path: location.file, line: location.line))
        }
        switch event {
        case .model(let info):
            save(.model, info.id, info.createdAt)
            for layer in info.layers { save(.layer, layer.name, layer.createdAt) }
        case .optimizer(let info):
            save(.optimizer, info.className ?? info.id, info.createdAt)
        case .loss(let info):
            save(.loss, info.name ?? "loss", info.createdAt)
        case .trainBegin(let begin):
            save(.fit, begin.model, begin.callSite)
            save(.validation, begin.model, begin.validation?.callSite)
        case .exit(let report):
            save(.exception, report.exceptionType ?? "exception", report.location)
        default:
            break
        }
    }

    /// The crash as stored: where it happened in the user's code and its likely cause.
    private func crashRecord(_ crash: RuntimeEvent.Crash) -> CrashRecord {
        let location = CrashExplainer.location(of: crash, locator: engine.locator)
        let explanation = CrashExplainer.explain(crash, state: state, locator: engine.locator)
        let cause = explanation?.cause.map {
            FindingRecord.Related(
                role: .rootCause, path: $0.location.path, line: $0.location.line, column: $0.location.column,
                endLine: $0.location.endLine, endColumn: $0.location.endColumn, message: "likely cause: \($0.note)")
        }
        return CrashRecord(
            sessionId: 0, exceptionType: crash.type, message: crash.message, path: location?.path, line: location?.line,
            column: location?.column, endLine: location?.endLine, endColumn: location?.endColumn,
            kind: explanation?.kind.rawValue, cause: cause,
            frames: crash.frames.map { .init(path: $0.file, line: $0.line, function: $0.function, isUser: $0.isUser) })
    }

    /// Says what went unchecked, closes the session and prints the summary.
    func finish(termination: Termination) -> RunOutcome {
        let findings = engine.findings
        var notes = attachNotes
        if state.hello == nil, expectsEvents {
            notes.append(
                "the instrumentation sent no events (it did not load in this interpreter, or the script ended first); no runtime checks ran"
            )
        } else if state.hello != nil, state.runs.isEmpty, attachNotes.isEmpty {
            notes.append(
                state.crash == nil
                    ? "no Keras fit() or PyTorch training loop was seen; no runtime checks ran"
                    : "the script crashed before its first training step; no runtime checks ran")
        }
        if malformedLines > 0 {
            let one = malformedLines == 1
            notes.append(
                "\(malformedLines) line\(one ? "" : "s") on the event channel \(one ? "was" : "were") not events and \(one ? "was" : "were") ignored"
            )
        }
        notes.forEach { write("umlaut: \($0)") }
        let crash = state.crash.map(crashRecord)
        if let crash {
            reporter.crash(crash).forEach(write)
            recorder.recordCrash(crash)
        }
        if let exit = state.exit, exit.status == "exception" {
            let place = exit.location.map { " at \(reporter.relative($0.file)):\($0.line)" } ?? ""
            let message = crash?.headline ?? exit.exceptionMessage ?? ""
            notes.insert("the script raised \(exit.exceptionType ?? "an exception")\(place): \(message)", at: 0)
        }
        let status: SessionRecord.Status =
            switch termination {
            case .exited(0): .completed
            case .exited: .failed
            case .signaled: .killed
            }
        let fallback = recorder.finish(
            status: status, exitCode: Int(termination.shellStatus),
            note: (startNotes + notes).isEmpty ? nil : (startNotes + notes).joined(separator: "; "))
        reporter.summary(
            session: recorder.sessionName, epochs: state.completedEpochs, termination: termination,
            staticCount: script.staticFindings.count, findings: findings, crash: crash, recorded: fallback == nil
        ).forEach(write)
        if let fallback {
            write(
                "umlaut: the session could not be stored in \(databasePath); its \(recorder.eventCount) events are in \(fallback)"
            )
        } else if !recorder.isUpToDate {
            write(
                "umlaut: the session could not be stored in \(databasePath), and its events could not be saved elsewhere"
            )
        }
        return RunOutcome(
            exitStatus: termination.shellStatus, termination: termination, sessionName: recorder.sessionName,
            isRecorded: fallback == nil && recorder.isUpToDate, fallbackPath: fallback,
            runtimeFindings: findings, completedEpochs: state.completedEpochs)
    }
}
