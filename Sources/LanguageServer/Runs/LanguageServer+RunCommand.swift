import Foundation
import LSPTypes
import PythonProcess
import Store

/// Runs started from the editor: `umlaut.run`, their progress, `umlaut.stopRun`.
///
/// `umlaut.run` starts `umlaut run` (this very executable) as a child process for a script,
/// working in the script's workspace folder and recording into the database the server watches
/// for that script, so its findings appear as they are stored, epoch by epoch. The request is
/// answered as soon as the child started. Each run is a job (`Jobs`): its progress goes
/// through `$/progress` when the client can show it (`window.workDoneProgress`): `begin`, a
/// `report` per epoch (read from the session the child records, found by its process id),
/// `end`; the progress is cancellable, which stops the run. A run that cannot start, or whose
/// script fails, is told with `window/showMessage`.
///
/// Runs belong to the editor session: `shutdown` stops them as it stops every job (SIGTERM to
/// the run's process group; `umlaut run` records the session as killed, keeping every epoch it
/// saw) and waits up to `Jobs.shutdownGrace` for them to end, then kills what is left. Runs
/// started from a terminal are never touched.
extension LanguageServer {
    /// `umlaut.run` with `[scriptURI, [arguments...]?]`: starts the run and answers what was
    /// started (`script`, `pid`, `database`, `workingDirectory`).
    func startRun(arguments: [LSPAny], workDoneToken: ProgressToken?) throws(ResponseError) -> LSPAny {
        guard let first = arguments.first?.stringValue else {
            throw .invalidParams("umlaut.run takes the script's URI, then an optional list of the script's arguments")
        }
        let uri = first.hasPrefix("/") ? DocumentURI(filePath: first) : DocumentURI(first)
        guard let path = uri.filePath else { throw runFailed("Umlaut can only run local files, not \(first)") }
        var scriptArguments: [String] = []
        if arguments.count > 1, arguments[1] != .null {
            guard let list = arguments[1].arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidParams("umlaut.run: the script's arguments must be a list of strings")
            }
            scriptArguments = list.compactMap(\.stringValue)
        }
        let name = (path as NSString).lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw runFailed("Umlaut cannot run \(name): \(path) does not exist")
        }
        guard !runs.editorRuns.values.contains(where: { $0.script == path }) else {
            throw runFailed("\(name) is already running under Umlaut; stop it first (umlaut.stopRun)")
        }
        guard let executable = umlautExecutable else {
            throw runFailed("Umlaut cannot find its own executable to start `umlaut run`")
        }
        if let document = documents[uri],
            FileManager.default.contents(atPath: path).map(Array.init) != document.source.bytes
        {
            let message = "\(name) has unsaved changes: the run reads the file as it is saved"
            log(.info, message)
            send(ShowMessageNotification(type: .warning, message: "Umlaut: \(message)"))
        }
        let directory = (path as NSString).deletingLastPathComponent
        let workingDirectory = folder(of: uri).folder?.path ?? directory
        let databasePath = Self.databasePath(forScriptIn: directory, workingDirectory: workingDirectory)
        var commandLine = ["run", "--db", databasePath]
        if let python = pythonForRuns(workingDirectory: workingDirectory) { commandLine += ["--python", python] }
        commandLine += ["--", path] + scriptArguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        let process: RunProcess
        let foundationProcess: Process
        do {
            (process, foundationProcess) = try RunProcess.start(
                executable: executable, arguments: commandLine, directory: workingDirectory, environment: environment)
        } catch {
            throw runFailed("Umlaut could not start \(executable): \(error.localizedDescription)")
        }
        runs.lastRunID += 1
        let id = runs.lastRunID
        let job = startJob(
            title: "Umlaut: \(name)", clientToken: workDoneToken, serverToken: .string("umlaut-run-\(id)"),
            message: EditorRun.startingMessage
        ) { server, _, request in server.stopRequested(id, request) }
        runs.editorRuns[id] = EditorRun(
            id: id, script: path, arguments: scriptArguments, workingDirectory: workingDirectory,
            databasePath: databasePath, process: process, foundationProcess: foundationProcess, job: job)
        log(
            .info,
            "run \(id): umlaut \(commandLine.joined(separator: " ")) (pid \(process.pid), in \(workingDirectory))")
        Task {
            for await event in process.events {
                switch event {
                case .line(let line): self.runPrinted(id, line)
                case .exited(let termination): await self.runEnded(id, termination)
                }
            }
        }
        startWatchingSessions()
        return .object([
            "script": .string(path), "pid": .int(Int(process.pid)), "database": .string(databasePath),
            "workingDirectory": .string(workingDirectory),
        ])
    }

    /// `umlaut.stopRun` with `[scriptURI]` (or nothing: every run): stops runs started from
    /// the editor; answers how many.
    func stopRuns(arguments: [LSPAny]) -> LSPAny {
        let path = arguments.first?.stringValue.map { $0.hasPrefix("/") ? $0 : (DocumentURI($0).filePath ?? $0) }
        let stopped = runs.editorRuns.values.filter { path == nil || $0.script == path }
        for run in stopped { stop(run.id, reason: "stopped") }
        return .object(["stopped": .int(stopped.count)])
    }

    /// What the run's job is asked (`Jobs`): to stop when its progress is cancelled or the
    /// server shuts down, to be killed when it did not stop in time, and SIGTERM when the server
    /// exits (after `shutdown`, runs have already ended).
    func stopRequested(_ id: Int, _ request: JobStop) {
        guard let run = runs.editorRuns[id] else { return }
        switch request {
        case .stop(let reason):
            stop(id, reason: reason)
        case .kill:
            log(.warning, "run \(id): \(run.name) did not stop in time; killing it")
            run.process.signal(SIGKILL)
        case .exit:
            log(.info, "run \(id): stopping \(run.name): the server is exiting")
            run.process.signal(SIGTERM)
        }
    }

    /// Stops a run: SIGTERM to its process group, repeated every second while it runs (a
    /// signal that reaches `umlaut run` before it has started the script is only remembered),
    /// and SIGKILL after `stopAttempts` seconds.
    func stop(_ id: Int, reason: String) {
        guard let run = runs.editorRuns[id], run.stopReason == nil else { return }
        runs.editorRuns[id]?.stopReason = reason
        log(.info, "run \(id): stopping \(run.name) (\(reason))")
        run.process.signal(SIGTERM)
        Task {
            for attempt in 1...Self.stopAttempts {
                try? await Task.sleep(for: .seconds(1))
                guard let current = self.runs.editorRuns[id] else { return }
                if attempt < Self.stopAttempts {
                    current.process.signal(SIGTERM)
                } else {
                    self.log(.warning, "run \(id): \(run.name) did not stop; killing it")
                    current.process.signal(SIGKILL)
                }
            }
        }
    }

    /// How many seconds a stopped run gets before it is killed.
    static let stopAttempts = 5

    /// Tells the user a run could not start, and gives the error to answer the request with.
    func runFailed(_ message: String) -> ResponseError {
        log(.warning, message)
        send(ShowMessageNotification(type: .error, message: message))
        return ResponseError(code: .requestFailed, message: message)
    }

    // MARK: While it runs

    /// A line the run printed: `umlaut:` lines (findings, summary) go to the log at info
    /// level, the script's own output at debug level.
    func runPrinted(_ id: Int, _ line: String) {
        guard runs.editorRuns[id] != nil else { return }
        runs.editorRuns[id]?.remember(line)
        let name = runs.editorRuns[id]?.name ?? "run"
        log(line.hasPrefix("umlaut:") ? .info : .debug, "\(name): \(line)")
    }

    /// A poll saw the session of a run move on: reports the progress.
    func runProgressed(pid: Int32, _ status: SessionWatch.RunStatus) {
        guard let id = runs.editorRuns.values.first(where: { $0.process.pid == pid })?.id,
            runs.editorRuns[id]?.status != status,
            let job = runs.editorRuns[id]?.job
        else { return }
        runs.editorRuns[id]?.status = status
        if let message = runs.editorRuns[id]?.progressMessage { reportJob(job, message: message) }
    }

    /// The run's process ended: reads the session's final state, ends the progress, tells the
    /// user when it failed, and polls for its last findings.
    func runEnded(_ id: Int, _ termination: Termination) async {
        guard let run = runs.editorRuns[id] else { return }
        let (databasePath, pid) = (run.databasePath, run.process.pid)
        let final = await SessionWatch.onQueue {
            (try? SessionDatabase.openForReading(path: databasePath, busyTimeout: 1)).flatMap {
                try? SessionWatch.status(ofRun: pid, in: $0)
            }
        }
        guard var run = runs.editorRuns.removeValue(forKey: id) else { return }
        if let final { run.status = final }
        let errorLine = run.tail.last { $0.hasPrefix("umlaut: error:") }
        let summary: String
        var shown: (MessageKind, String)?
        if let reason = run.stopReason {
            summary = "\(reason) after \(Self.epochs(run.status?.epochs ?? 0))"
        } else if termination == .exited(2), let errorLine {
            let error = errorLine.dropFirst("umlaut: error:".count).trimmingCharacters(in: .whitespaces)
            summary = "could not start: \(error)"
            shown = (.error, "Umlaut could not run \(run.name): \(error)")
        } else if termination == .exited(0) {
            summary = "finished: \(Self.epochs(run.status?.epochs ?? 0)), \(Self.findings(run.status?.findings ?? 0))"
            if client.window?.workDoneProgress != true { shown = (.info, "Umlaut: \(run.name) \(summary)") }
        } else {
            let how =
                switch termination {
                case .exited(let code): "exit status \(code)"
                case .signaled(let signal): "signal \(signal)"
                }
            // A crash umlaut explained says where and what (the diagnostic has the rest); else
            // the script's last stderr line.
            let crash = run.tail.last { $0.hasPrefix(Self.crashLinePrefix) }.map {
                ": crashed at \($0.dropFirst(Self.crashLinePrefix.count))"
            }
            let last = crash ?? run.tail.last { !$0.hasPrefix("umlaut:") }.map { ": \($0)" } ?? ""
            summary =
                "ended with \(how) after \(Self.epochs(run.status?.epochs ?? 0)), \(Self.findings(run.status?.findings ?? 0))"
            shown = (.warning, "Umlaut: \(run.name) \(summary)\(last)")
        }
        log(.info, "run \(id): \(run.name) \(summary)")
        endJob(run.job, message: summary)
        if let (kind, message) = shown, phase == .running {
            send(ShowMessageNotification(type: kind, message: message))
        }
        Task { await self.pollSessions() }
    }

    // MARK: Where and how

    /// The database a run of a script in `directory` records into: the one the server watches
    /// for that script (the nearest `.umlaut/` from the script's directory upwards), else a new
    /// `.umlaut/` in the working directory.
    nonisolated static func databasePath(forScriptIn directory: String, workingDirectory: String) -> String {
        let nearest = SessionWatch.databasePath(forDirectory: directory)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(
            atPath: (nearest as NSString).deletingLastPathComponent, isDirectory: &isDirectory), isDirectory.boolValue
        {
            return nearest
        }
        return SessionWatch.databasePath(forDirectory: workingDirectory)
    }

    /// The interpreter to pass as `--python`: the editor's `python` setting; else, when neither
    /// `$UMLAUT_PYTHON` nor `$VIRTUAL_ENV` chooses one, the workspace's `.venv` or `venv`; else
    /// nil (`umlaut run` then takes `python3` from `PATH`).
    func pythonForRuns(workingDirectory: String) -> String? {
        if let python = editorSettings.python { return python }
        let environment = ProcessInfo.processInfo.environment
        if environment["UMLAUT_PYTHON"]?.isEmpty == false || environment["VIRTUAL_ENV"]?.isEmpty == false { return nil }
        for candidate in [".venv/bin/python", "venv/bin/python"] {
            let path = (workingDirectory as NSString).appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The `umlaut` executable: the one the options name, else this process's own (when it is
    /// an `umlaut`: a server running inside a test runner must be told).
    var umlautExecutable: String? {
        if let explicit = options.umlautExecutable { return explicit }
        let candidates = [
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            Bundle.main.executablePath,
            CommandLine.arguments.first.flatMap {
                $0.contains("/") ? URL(fileURLWithPath: $0).standardizedFileURL.path : nil
            },
        ]
        return candidates.compactMap { $0 }.first {
            ($0 as NSString).lastPathComponent.hasPrefix("umlaut") && FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// How `umlaut run` starts the line that reports the exception a script died of.
    static let crashLinePrefix = "umlaut: crash: "

    static func epochs(_ count: Int) -> String { count == 1 ? "1 epoch" : "\(count) epochs" }
    static func findings(_ count: Int) -> String { count == 1 ? "1 runtime finding" : "\(count) runtime findings" }
}
