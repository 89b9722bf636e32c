import Foundation
import LintCore
import PythonProcess
import PythonSyntax
import Store

/// `umlaut run`: runs a training script under the instrumentation and hands the events it
/// sends to an `EventProcessor` (store, rules, inline findings, summary).
///
/// One thread does everything: it polls the event pipe (with a timeout, so it also notices the
/// child's exit) and processes each line as it completes. Back-pressure is natural: if storing is
/// slow the pipe fills and the child waits, but a training loop sends a few events per epoch.
package final class TrainingRunner {
    package let options: RunOptions
    private let write: (String) -> Void

    /// `write` receives each line umlaut prints (without newline); by default, stderr.
    package init(options: RunOptions, write: @escaping (String) -> Void = TrainingRunner.standardError) {
        self.options = options
        self.write = write
    }

    package static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Runs the script to its end.
    ///
    /// - Throws: `RunnerError` when the script or the interpreter is missing, or the child cannot
    ///   be started; everything after the start is reported, not thrown.
    package func run() throws -> RunOutcome {
        let cwd = FileManager.default.currentDirectoryPath
        let scriptPath = LexicalPath.absolute(options.script, from: cwd)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: scriptPath, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            throw RunnerError.scriptNotFound(options.script)
        }
        let python = try RunnerError.starting {
            try InterpreterResolver.resolve(explicit: options.python, environment: options.environment)
        }
        let instrumentation = InstrumentationPackage.locate(environment: options.environment)

        let analysis =
            options.analysis
            ?? FileManager.default.contents(atPath: scriptPath).map { ScriptAnalysis(analysing: SourceText(Array($0))) }
        let processor = EventProcessor(
            script: .init(path: scriptPath, analysis: analysis),
            session: SessionRecord(
                name: options.sessionName
                    ?? ((scriptPath as NSString).lastPathComponent as NSString).deletingPathExtension,
                script: scriptPath, arguments: options.arguments, python: python, workingDirectory: cwd,
                umlautPID: Int(getpid())),
            databasePath: options.databasePath, settings: options.settings, settingsPath: options.settingsPath,
            busyTimeout: options.busyTimeout, write: write)
        if instrumentation == nil {
            processor.startNotes.append(
                "the instrumentation package was not found beside umlaut; the script runs without runtime checks")
            processor.expectsEvents = false
        }
        processor.start()

        // The child, with the event pipe on fd 3.
        let (readFD, writeFD) = try RunnerError.starting { try EventPipe.make() }
        var environment = options.environment
        if let instrumentation {
            environment = BundledPythonPackage.environment(environment, withFirstOnPythonPath: instrumentation)
            environment["UMLAUT_EVENTS"] = "fd:3"
            environment["UMLAUT_SCRIPT"] = scriptPath
        }
        SignalForwarding.install()
        let child: ChildProcess
        do {
            child = try RunnerError.starting {
                try ChildProcess.spawn(
                    executable: python, arguments: [options.script] + options.arguments,
                    environment: environment, eventFD: writeFD)
            }
        } catch {
            SignalForwarding.uninstall()
            close(readFD)
            close(writeFD)
            _ = processor.recorder.finish(status: .failed, exitCode: 2, note: "\(error)")
            throw error
        }
        SignalForwarding.forward(to: child.pid)
        close(writeFD)

        let termination = pump(readFD, child: child, into: processor)
        close(readFD)
        // The child is gone (its pid may be reused): stop forwarding, but keep catching the
        // signals until the session is closed, so a late Ctrl-C cannot leave it `running`.
        SignalForwarding.forward(to: 0)
        defer { SignalForwarding.uninstall() }
        return processor.finish(termination: termination)
    }

    /// Reads events until the channel closes and the child has exited (or, after the child
    /// exited, until `drainTimeout` passes: a subprocess may hold the channel open).
    private func pump(_ fd: Int32, child: ChildProcess, into processor: EventProcessor) -> Termination {
        var splitter = LineSplitter()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var endOfStream = false
        var exitedAt: Date?
        while true {
            if !endOfStream {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 200) > 0 {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        for line in splitter.feed(buffer[0..<count]) { processor.handle(line) }
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        endOfStream = true
                        if let last = splitter.finish() { processor.handle(last) }
                    }
                }
            }
            if child.poll(block: false) != nil, exitedAt == nil { exitedAt = Date() }
            if endOfStream, let termination = child.poll(block: true) { return termination }
            if let exitedAt, let termination = child.termination,
                Date().timeIntervalSince(exitedAt) > options.drainTimeout
            {
                if let last = splitter.finish() { processor.handle(last) }
                return termination
            }
        }
    }
}
