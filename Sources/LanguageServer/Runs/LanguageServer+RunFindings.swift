import Foundation
import LSPTypes
import LintCore
import PythonSyntax
import Store

/// Runtime findings in the editor.
///
/// While the server runs, a task polls the session databases every `sessionPollMilliseconds`
/// (`SessionWatch`, off the actor): the database of each open document's directory and of each
/// workspace folder, found as `umlaut run` finds its own, and those of runs started from the
/// editor. A database whose revision moved is read again: the runtime findings of the latest
/// session of each script (a new run of a script replaces its old findings, even when it finds
/// nothing). They are published with the static diagnostics of the open documents they point
/// at (source `umlaut-run`): pushed again at once, or, for a client that pulls, announced with
/// `workspace/diagnostic/refresh`. Runs started from a terminal and from the editor show alike.
/// A script that crashed shows its exception at the innermost line of the user's code (see
/// `RunFinding.record(_:)`), replaced by the next run like the findings.
extension LanguageServer {
    /// The `source` of runtime diagnostics.
    static let runDiagnosticSource = "umlaut-run"

    /// Starts polling the session databases (once).
    func startWatchingSessions() {
        guard runs.sessionWatchTask == nil else { return }
        let interval = max(options.sessionPollMilliseconds, 10)
        runs.sessionWatchTask = Task {
            while !Task.isCancelled {
                await self.pollSessions()
                try? await Task.sleep(for: .milliseconds(interval))
            }
        }
    }

    /// Stops polling.
    func stopWatchingSessions() {
        runs.sessionWatchTask?.cancel()
        runs.sessionWatchTask = nil
    }

    /// The directories whose session databases are watched: those of open local Python files
    /// and the workspace folders.
    var watchedDirectories: Set<String> {
        var directories = Set(folders.map(\.path))
        for document in documents.values {
            if let path = document.uri.filePath { directories.insert((path as NSString).deletingLastPathComponent) }
        }
        return directories
    }

    /// One poll: reads what changed off the actor, then applies it here.
    func pollSessions() async {
        guard phase == .running, !runs.isPolling else { return }
        let directories = watchedDirectories
        let runDatabases = Dictionary(
            runs.editorRuns.values.map { ($0.process.pid, $0.databasePath) }, uniquingKeysWith: { first, _ in first })
        guard !directories.isEmpty || !runDatabases.isEmpty || !runs.sessionWatch.watched.isEmpty else { return }
        runs.isPolling = true
        defer { runs.isPolling = false }
        let watch = runs.sessionWatch
        let databases = Set(runDatabases.values)
        let (polled, update) = await SessionWatch.onQueue {
            var watch = watch
            let update = watch.poll(directories: directories, databases: databases, runs: runDatabases)
            return (watch, update)
        }
        runs.sessionWatch = polled
        apply(update)
    }

    /// Takes in what a poll found: logs unreadable databases once, reports the progress of the
    /// editor's runs, and re-publishes the documents whose runtime findings changed.
    func apply(_ update: SessionWatch.Update) {
        // A database being created has no schema for a moment: only a problem that lasts is one.
        let now = ContinuousClock.now
        for (path, problem) in update.problems.sorted(by: { $0.key < $1.key }) {
            guard var known = runs.sessionProblems[path], known.message == problem else {
                runs.sessionProblems[path] = (problem, now, false)
                log(.debug, "cannot read the training sessions in \(path) (yet): \(problem)")
                continue
            }
            if !known.reported, now - known.since >= .seconds(3) {
                known.reported = true
                runs.sessionProblems[path] = known
                log(.warning, "cannot read the training sessions in \(path): \(problem)")
            }
        }
        for path in runs.sessionProblems.keys where update.problems[path] == nil && update.findings[path] != nil {
            runs.sessionProblems[path] = nil
        }
        for (pid, status) in update.runs { runProgressed(pid: pid, status) }
        guard !update.findings.isEmpty else { return }
        for (path, sessions) in update.findings {
            runs.findingsByDatabase[path] = sessions.isEmpty ? nil : sessions
            // A database made again starts its session ids over: forget what was cleared.
            let newest = sessions.compactMap(\.session.id).max() ?? 0
            if let cleared = runs.clearedThrough[path], sessions.isEmpty || newest < cleared {
                runs.clearedThrough[path] = nil
            }
        }
        runFindingsChanged()
    }

    /// Rebuilds the findings by file after the databases' findings or the cleared sessions
    /// changed, and re-publishes the open documents whose findings differ.
    func runFindingsChanged() {
        let changed = runs.rebuildFindingsByFile()
        guard !changed.isEmpty else { return }
        if pullDiagnostics {
            if client.workspace?.diagnostics?.refreshSupport == true {
                Task { _ = await self.sendRequest(DiagnosticRefreshRequest()) }
            }
            return
        }
        for document in documents.values.sorted(by: { $0.uri < $1.uri }) {
            guard let path = document.uri.filePath, changed.contains(RunsFeature.canonicalPath(path)) else { continue }
            scheduleDiagnostics(for: document.uri, immediately: true)
        }
    }

    // MARK: Where static and runtime findings merge

    /// The runtime diagnostics of an open document at the version `snapshot` analysed: empty
    /// for notebooks, other documents and files no run pointed at. Published, pulled and
    /// reported for the workspace after the static diagnostics.
    func runDiagnostics(for uri: DocumentURI, snapshot: AnalysisSnapshot) -> [LSPTypes.Diagnostic] {
        runDiagnosticsWithFindings(for: uri, snapshot: snapshot).map(\.diagnostic)
    }

    /// The hover's sections on the runtime diagnostics at `position` (`RunHover`), shown before
    /// the static ones, and the first one's range.
    func runHover(
        at position: Position, in uri: DocumentURI, snapshot: AnalysisSnapshot
    ) -> (sections: [String], range: LSPRange?) {
        RunHover.markdown(
            at: position, in: runDiagnosticsWithFindings(for: uri, snapshot: snapshot), catalogue: catalogue,
            documentation: documentation)
    }

    /// The runtime diagnostics of an open document with the findings they show.
    func runDiagnosticsWithFindings(
        for uri: DocumentURI, snapshot: AnalysisSnapshot
    ) -> [(finding: RunFinding, diagnostic: LSPTypes.Diagnostic)] {
        guard runs.hasFindings, documents[uri] != nil, let path = uri.filePath else { return [] }
        let findings = runs.findings(inFile: path)
        guard !findings.isEmpty else { return [] }
        var openTexts: [String: SourceText] = [:]
        for document in documents.values {
            if let documentPath = document.uri.filePath { openTexts[documentPath] = document.source }
        }
        let builder = RunDiagnosticBuilder(
            source: snapshot.source, encoding: encoding, documentation: documentation, settings: snapshot.settings,
            relativePath: snapshot.relativePath, suppressions: snapshot.result.suppressions, openTexts: openTexts)
        var anchors = runs.anchors[uri] ?? [:]
        let diagnostics = builder.build(findings, anchors: &anchors)
        runs.anchors[uri] = anchors
        return diagnostics
    }

    /// `umlaut.clearRunFindings`: hides every runtime finding shown now, until a new run of
    /// its script.
    func clearRunFindings() -> Int {
        let hidden = runs.hideAll()
        runFindingsChanged()
        return hidden
    }
}
