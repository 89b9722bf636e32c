import Foundation
import LintCore
import PythonSyntax
import SessionStore

/// `umlaut run`: runs a training script under the instrumentation, reads its events, stores
/// them, checks the runtime rules per epoch and reports findings inline.
///
/// One thread does everything: it polls the event pipe (with a timeout, so it also notices the
/// child's exit), decodes each line, stores it in its own transaction, folds it into the
/// `TrainingState` and evaluates the rules. Back-pressure is natural: if storing is slow the pipe
/// fills and the child waits, but a training loop sends only a few events per epoch.
public final class TrainingRunner {
    public let options: RunOptions
    private let write: (String) -> Void
    private var reporter: RunReporter
    private var state = TrainingState()
    private var engine: RuntimeRuleEngine?
    private var recorder: SessionRecorder?
    private var malformedLines = 0
    private var storedMalformed = 0
    private var attachNotes: [String] = []

    /// `write` receives each line umlaut prints (without newline); by default, stderr.
    public init(options: RunOptions, write: @escaping (String) -> Void = TrainingRunner.standardError) {
        self.options = options
        self.write = write
        reporter = RunReporter(workingDirectory: FileManager.default.currentDirectoryPath)
    }

    public static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Runs the script to its end.
    ///
    /// - Throws: `RunnerError` when the script or the interpreter is missing, or the child cannot
    ///   be started; everything after the start is reported, not thrown.
    public func run() throws -> RunOutcome {
        let cwd = FileManager.default.currentDirectoryPath
        let scriptPath = ((options.script.hasPrefix("/") ? options.script : cwd + "/" + options.script) as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: scriptPath, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw RunnerError.scriptNotFound(options.script)
        }
        let python = try InterpreterResolver.resolve(explicit: options.python, environment: options.environment)
        let instrumentation = InstrumentationPackage.locate(environment: options.environment)

        // Before training: the static findings, and what the locator needs.
        let source = FileManager.default.contents(atPath: scriptPath).map { SourceText(Array($0)) }
        let locator = RootCauseLocator(scriptPath: scriptPath, source: source)
        engine = RuntimeRuleEngine(settings: options.settings, locator: locator)
        let recorder = SessionRecorder(
            databasePath: options.databasePath,
            session: SessionRecord(
                name: options.sessionName ?? ((scriptPath as NSString).lastPathComponent as NSString).deletingPathExtension,
                script: scriptPath, arguments: options.arguments, python: python, workingDirectory: cwd,
                umlautPID: Int(getpid())),
            open: { [options] in try SessionDatabase.open(path: options.databasePath, busyTimeout: options.busyTimeout) },
            report: { [write] in write("umlaut: \($0)") })
        self.recorder = recorder
        recorder.start()
        if let source {
            for diagnostic in options.staticFindings {
                reporter.staticFinding(diagnostic, path: scriptPath, source: source).forEach(write)
                recorder.recordFinding(FindingRecord(staticDiagnostic: diagnostic, path: scriptPath, source: source))
            }
        }
        if instrumentation == nil {
            let note = "the instrumentation package was not found beside umlaut; the script runs without runtime checks"
            write("umlaut: \(note)")
            recorder.setNote(note)
        }

        // The child, with the event pipe on fd 3.
        let (readFD, writeFD) = try Self.makePipe()
        var environment = options.environment
        if let instrumentation {
            environment["PYTHONPATH"] = [instrumentation, environment["PYTHONPATH"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
            environment["UMLAUT_EVENTS"] = "fd:3"
            environment["UMLAUT_SCRIPT"] = scriptPath
        }
        SignalForwarding.install()
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable: python, arguments: [options.script] + options.arguments,
                                           environment: environment, eventFD: writeFD)
        } catch {
            SignalForwarding.uninstall()
            close(readFD)
            close(writeFD)
            _ = recorder.finish(status: .failed, exitCode: 2, note: "\(error)")
            throw error
        }
        SignalForwarding.forward(to: child.pid)
        close(writeFD)

        let termination = pump(readFD, child: child)
        close(readFD)
        SignalForwarding.uninstall()
        return finish(termination: termination, recorder: recorder)
    }

    // MARK: - Reading events

    /// Reads events until the channel closes and the child has exited (or, after the child
    /// exited, until `drainTimeout` passes).
    private func pump(_ fd: Int32, child: ChildProcess) -> Termination {
        var splitter = LineSplitter()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var endOfStream = false
        var exitedAt: Date?
        while true {
            if !endOfStream {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = Glibc.poll(&descriptor, 1, 200)
                if ready > 0 {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        for line in splitter.feed(buffer[0..<count]) { handle(line) }
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        endOfStream = true
                        if let last = splitter.finish() { handle(last) }
                    }
                }
            }
            if child.poll(block: false) != nil, exitedAt == nil { exitedAt = Date() }
            if endOfStream { return child.poll(block: true)! }
            if let exitedAt, Date().timeIntervalSince(exitedAt) > options.drainTimeout {
                if let last = splitter.finish() { handle(last) }
                return child.termination!
            }
        }
    }

    private func handle(_ line: LineSplitter.Line) {
        guard let recorder, let engine else { return }
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
            attachNotes.append("runtime checks were off for \(framework): the instrumentation could not attach (\(reason))")
        case .epoch(let report):
            recorder.recordEpoch(EpochRecord(sessionId: 0, model: report.model, epoch: report.epoch, duration: report.duration,
                                             learningRate: report.learningRate, metrics: report.metrics))
        default:
            break
        }
        switch event {
        case .epoch, .nonfiniteLoss, .overlap, .trainBegin, .log:
            guard let model, let run = state.runs[model] else { return }
            for update in engine.evaluate(run) {
                if update.isNew { reporter.runtimeFinding(update.entry.finding).forEach(write) }
                recorder.recordFinding(FindingRecord(runtime: update.entry))
            }
        default:
            break
        }
    }

    private func recordLocations(of event: RuntimeEvent) {
        guard let recorder else { return }
        func save(_ role: SourceLocationRecord.Role, _ subject: String, _ location: SourceLocation?) {
            guard let location else { return }
            recorder.recordLocation(SourceLocationRecord(sessionId: 0, role: role, subject: subject, path: location.file, line: location.line))
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

    // MARK: - Ending

    private func finish(termination: Termination, recorder: SessionRecorder) -> RunOutcome {
        let findings = engine?.findings ?? []
        var notes = attachNotes
        if state.hello == nil, InstrumentationPackage.locate(environment: options.environment) != nil {
            notes.append("the instrumentation sent no events (it did not load in this interpreter, or the script ended first); no runtime checks ran")
        } else if state.hello != nil, state.runs.isEmpty, attachNotes.isEmpty {
            notes.append("no Keras fit() or PyTorch training loop was seen; no runtime checks ran")
        }
        if malformedLines > 0 {
            notes.append("\(malformedLines) line\(malformedLines == 1 ? "" : "s") on the event channel \(malformedLines == 1 ? "was" : "were") not events and \(malformedLines == 1 ? "was" : "were") ignored")
        }
        notes.forEach { write("umlaut: \($0)") }
        if let exit = state.exit, exit.status == "exception" {
            let place = exit.location.map { " at \(reporter.relative($0.file)):\($0.line)" } ?? ""
            notes.insert("the script raised \(exit.exceptionType ?? "an exception")\(place): \(exit.exceptionMessage ?? "")", at: 0)
        }
        let status: SessionRecord.Status = switch termination {
        case .exited(0): .completed
        case .exited: .failed
        case .signaled: .killed
        }
        let fallback = recorder.finish(status: status, exitCode: Int(termination.shellStatus),
                                       note: notes.isEmpty ? nil : notes.joined(separator: "; "))
        reporter.summary(session: recorder.sessionName, epochs: state.completedEpochs, termination: termination,
                         staticCount: options.staticFindings.count, findings: findings, recorded: fallback == nil).forEach(write)
        if let fallback {
            write("umlaut: the session could not be stored in \(options.databasePath); its \(recorder.eventCount) events are in \(fallback)")
        } else if !recorder.isUpToDate {
            write("umlaut: the session could not be stored in \(options.databasePath), and its events could not be saved elsewhere")
        }
        return RunOutcome(exitStatus: termination.shellStatus, termination: termination, sessionName: recorder.sessionName,
                          isRecorded: fallback == nil && recorder.isUpToDate, fallbackPath: fallback,
                          runtimeFindings: findings, completedEpochs: state.completedEpochs)
    }

    /// A pipe whose ends are above descriptor 3 and close on exec (the child gets only the
    /// duplicate on 3).
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw RunnerError.pipeFailed(errno: errno) }
        defer { close(fds[0]); close(fds[1]) }
        let readFD = fcntl(fds[0], F_DUPFD_CLOEXEC, 10)
        let writeFD = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        guard readFD >= 0, writeFD >= 0 else { throw RunnerError.pipeFailed(errno: errno) }
        return (readFD, writeFD)
    }
}
