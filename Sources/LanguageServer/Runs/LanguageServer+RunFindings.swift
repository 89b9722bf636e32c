import Foundation
import LintCore
import LSPTypes
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
        guard sessionWatchTask == nil else { return }
        let interval = max(options.sessionPollMilliseconds, 10)
        sessionWatchTask = Task {
            while !Task.isCancelled {
                await self.pollSessions()
                try? await Task.sleep(for: .milliseconds(interval))
            }
        }
    }

    /// Stops polling.
    func stopWatchingSessions() {
        sessionWatchTask?.cancel()
        sessionWatchTask = nil
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
        guard phase == .running, !isPollingSessions else { return }
        let directories = watchedDirectories
        let runDatabases = Dictionary(editorRuns.values.map { ($0.process.pid, $0.databasePath) }, uniquingKeysWith: { first, _ in first })
        guard !directories.isEmpty || !runDatabases.isEmpty || !sessionWatch.watched.isEmpty else { return }
        isPollingSessions = true
        defer { isPollingSessions = false }
        let watch = sessionWatch
        let databases = Set(runDatabases.values)
        let (polled, update) = await SessionWatch.onQueue {
            var watch = watch
            let update = watch.poll(directories: directories, databases: databases, runs: runDatabases)
            return (watch, update)
        }
        sessionWatch = polled
        apply(update)
    }

    /// Takes in what a poll found: logs unreadable databases once, reports the progress of the
    /// editor's runs, and re-publishes the documents whose runtime findings changed.
    func apply(_ update: SessionWatch.Update) {
        // A database being created has no schema for a moment: only a problem that lasts is one.
        let now = ContinuousClock.now
        for (path, problem) in update.problems.sorted(by: { $0.key < $1.key }) {
            guard var known = sessionProblems[path], known.message == problem else {
                sessionProblems[path] = (problem, now, false)
                log(.debug, "cannot read the training sessions in \(path) (yet): \(problem)")
                continue
            }
            if !known.reported, now - known.since >= .seconds(3) {
                known.reported = true
                sessionProblems[path] = known
                log(.warning, "cannot read the training sessions in \(path): \(problem)")
            }
        }
        for path in sessionProblems.keys where update.problems[path] == nil && update.findings[path] != nil { sessionProblems[path] = nil }
        for (pid, status) in update.runs { runProgressed(pid: pid, status) }
        guard !update.findings.isEmpty else { return }
        for (path, sessions) in update.findings {
            runFindingsByDatabase[path] = sessions.isEmpty ? nil : sessions
            // A database made again starts its session ids over: forget what was cleared.
            let newest = sessions.compactMap(\.session.id).max() ?? 0
            if let cleared = runsClearedThrough[path], sessions.isEmpty || newest < cleared { runsClearedThrough[path] = nil }
        }
        runFindingsChanged()
    }

    /// Rebuilds the findings by file after the databases' findings or the cleared sessions
    /// changed, and re-publishes the open documents whose findings differ.
    func runFindingsChanged() {
        let before = runFindingsByFile
        var byFile: [String: [RunFinding]] = [:]
        for (database, sessions) in runFindingsByDatabase {
            let cleared = runsClearedThrough[database] ?? 0
            for entry in sessions where (entry.session.id ?? 0) > cleared {
                for record in entry.findings + [entry.crash.flatMap(RunFinding.record)].compactMap({ $0 }) {
                    guard let path = record.path else { continue }
                    byFile[Self.canonicalPath(path), default: []].append(RunFinding(record: record, session: entry.session, databasePath: database))
                }
            }
        }
        for key in byFile.keys { byFile[key]?.sort { ($0.record.line ?? 0, $0.id) < ($1.record.line ?? 0, $1.id) } }
        runFindingsByFile = byFile
        func signature(_ findings: [RunFinding]?) -> [String] { (findings ?? []).map { "\($0.id)@\($0.record.revision)" } }
        let changed = Set(before.keys).union(byFile.keys).filter { signature(before[$0]) != signature(byFile[$0]) }
        guard !changed.isEmpty else { return }
        runGeneration += 1
        let live = Set(byFile.values.joined().map(\.id))
        for uri in runAnchors.keys { runAnchors[uri] = runAnchors[uri]?.filter { live.contains($0.key) } }
        if pullDiagnostics {
            if client.workspace?.diagnostics?.refreshSupport == true {
                Task { _ = await self.sendRequest(DiagnosticRefreshRequest()) }
            }
            return
        }
        for document in documents.values.sorted(by: { $0.uri < $1.uri }) {
            guard let path = document.uri.filePath, changed.contains(Self.canonicalPath(path)) else { continue }
            scheduleDiagnostics(for: document.uri, immediately: true)
        }
    }

    /// The runtime diagnostics of an open document at the version `snapshot` analysed: empty
    /// for notebooks, other documents and files no run pointed at.
    func runDiagnostics(for uri: DocumentURI, snapshot: AnalysisSnapshot) -> [LSPTypes.Diagnostic] {
        runDiagnosticsWithFindings(for: uri, snapshot: snapshot).map(\.diagnostic)
    }

    /// The runtime diagnostics of an open document with the findings they show.
    func runDiagnosticsWithFindings(for uri: DocumentURI, snapshot: AnalysisSnapshot) -> [(finding: RunFinding, diagnostic: LSPTypes.Diagnostic)] {
        guard !runFindingsByFile.isEmpty, documents[uri] != nil, let path = uri.filePath,
              let findings = runFindingsByFile[Self.canonicalPath(path)], !findings.isEmpty else { return [] }
        var openTexts: [String: SourceText] = [:]
        for document in documents.values {
            if let documentPath = document.uri.filePath { openTexts[documentPath] = document.source }
        }
        let builder = RunDiagnosticBuilder(
            source: snapshot.source, encoding: encoding, documentation: documentation, settings: snapshot.settings,
            relativePath: snapshot.relativePath, suppressions: snapshot.result.suppressions, openTexts: openTexts)
        var anchors = runAnchors[uri] ?? [:]
        let diagnostics = builder.build(findings, anchors: &anchors)
        runAnchors[uri] = anchors
        return diagnostics
    }

    /// `umlaut.clearRunFindings`: hides every runtime finding shown now, until a new run of
    /// its script.
    func clearRunFindings() -> Int {
        var hidden = 0
        for (database, sessions) in runFindingsByDatabase {
            let newest = sessions.compactMap(\.session.id).max() ?? 0
            hidden += sessions.filter { ($0.session.id ?? 0) > (runsClearedThrough[database] ?? 0) }.map(\.findings.count).reduce(0, +)
            runsClearedThrough[database] = max(runsClearedThrough[database] ?? 0, newest)
        }
        runFindingsChanged()
        return hidden
    }

    /// A path with symbolic links resolved, so that a finding matches its document whichever
    /// way the file was named.
    nonisolated static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
