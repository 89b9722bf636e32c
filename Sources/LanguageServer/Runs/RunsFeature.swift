import Foundation
import LSPTypes
import LintCore
import PythonSyntax
import Store

/// The runs feature's state: the runtime findings read from the session databases, and the
/// runs started from the editor.
///
/// A value owned by the server actor (`runs`). What it does is in this folder: the polling and
/// publishing in `LanguageServer+RunFindings`, the commands in `LanguageServer+RunCommand`
/// (routed by `commandHandlers`), the code actions on runtime diagnostics in
/// `LanguageServer+RunCodeActions`. The rest of the server reaches the feature through a few
/// narrow entry points: `runDiagnostics(for:snapshot:)` and `runHover(at:in:snapshot:)` where
/// static and runtime findings merge, `findings(inFile:)` and `generation` for workspace
/// diagnostics and result ids, `documentClosed(_:)`, and starting and stopping the watch of the
/// sessions. A run's progress and its stopping at shutdown go through `Jobs`.
struct RunsFeature {
    static let runCommand = "umlaut.run"
    static let stopRunCommand = "umlaut.stopRun"
    static let clearRunFindingsCommand = "umlaut.clearRunFindings"

    // MARK: Runtime findings

    /// The databases being read, handed to `SessionWatch.queue` for each poll.
    var sessionWatch = SessionWatch()
    var sessionWatchTask: Task<Void, Never>?
    var isPolling = false
    /// The latest sessions of each script and their runtime findings, by database path.
    var findingsByDatabase: [String: [SessionFindings]] = [:]
    /// The same findings by root-cause file (paths with symbolic links resolved).
    private(set) var findingsByFile: [String: [RunFinding]] = [:]
    /// Where each finding's root cause is in each open document (see `RunAnchor`).
    var anchors: [DocumentURI: [String: RunAnchor]] = [:]
    /// Per database, the newest session that `umlaut.clearRunFindings` hid.
    var clearedThrough: [String: Int64] = [:]
    /// Bumped whenever the runtime findings change: part of pulled result ids.
    private(set) var generation = 0
    /// The problem of each unreadable database, since when, and whether it was logged.
    var sessionProblems: [String: (message: String, since: ContinuousClock.Instant, reported: Bool)] = [:]

    // MARK: Runs started from the editor

    /// Runs started from the editor (`umlaut.run`), by number.
    var editorRuns: [Int: EditorRun] = [:]
    var lastRunID = 0

    // MARK: Entry points

    /// Whether any runtime finding is kept (most of the time none is: answered without a look
    /// at any path).
    var hasFindings: Bool { !findingsByFile.isEmpty }

    /// The runtime findings whose root cause is in the file at `path`.
    func findings(inFile path: String) -> [RunFinding] {
        findingsByFile.isEmpty ? [] : findingsByFile[Self.canonicalPath(path)] ?? []
    }

    /// The runtime diagnostics of a file on disk that no open document shows (workspace
    /// diagnostics), after its static ones: no anchors are kept, and related places in other
    /// files count columns as characters. Uses none of the state: runs off the actor.
    static func diagnostics(
        _ findings: [RunFinding], source: SourceText, settings: Settings, relativePath: String?,
        suppressions: Suppressions?, encoding: PositionEncodingKind,
        documentation: [RuleCode: String]
    ) -> [LSPTypes.Diagnostic] {
        guard !findings.isEmpty else { return [] }
        var anchors: [String: RunAnchor] = [:]
        return RunDiagnosticBuilder(
            source: source, encoding: encoding, documentation: documentation, settings: settings,
            relativePath: relativePath, suppressions: suppressions, openTexts: [:]
        ).diagnostics(findings, anchors: &anchors)
    }

    /// Forgets what the feature kept about a document that closed.
    mutating func documentClosed(_ uri: DocumentURI) {
        anchors[uri] = nil
    }

    // MARK: Keeping the findings

    /// Rebuilds the findings by file after the databases' findings or the cleared sessions
    /// changed; returns the files whose findings differ (bumping `generation` when some do).
    mutating func rebuildFindingsByFile() -> Set<String> {
        let before = findingsByFile
        var byFile: [String: [RunFinding]] = [:]
        for (database, sessions) in findingsByDatabase {
            let cleared = clearedThrough[database] ?? 0
            for entry in sessions where (entry.session.id ?? 0) > cleared {
                for record in entry.findings + [entry.crash.flatMap(RunFinding.record)].compactMap({ $0 }) {
                    guard let path = record.path else { continue }
                    byFile[Self.canonicalPath(path), default: []].append(
                        RunFinding(record: record, session: entry.session, databasePath: database))
                }
            }
        }
        for key in byFile.keys { byFile[key]?.sort { ($0.record.line ?? 0, $0.id) < ($1.record.line ?? 0, $1.id) } }
        findingsByFile = byFile
        func signature(_ findings: [RunFinding]?) -> [String] {
            (findings ?? []).map { "\($0.id)@\($0.record.revision)" }
        }
        let changed = Set(before.keys).union(byFile.keys).filter { signature(before[$0]) != signature(byFile[$0]) }
        guard !changed.isEmpty else { return [] }
        generation += 1
        let live = Set(byFile.values.joined().map(\.id))
        for uri in anchors.keys { anchors[uri] = anchors[uri]?.filter { live.contains($0.key) } }
        return changed
    }

    /// Hides every runtime finding kept now, until a new run of its script; returns how many
    /// (the caller rebuilds).
    mutating func hideAll() -> Int {
        var hidden = 0
        for (database, sessions) in findingsByDatabase {
            let newest = sessions.compactMap(\.session.id).max() ?? 0
            hidden += sessions.filter { ($0.session.id ?? 0) > (clearedThrough[database] ?? 0) }.map(\.findings.count)
                .reduce(0, +)
            clearedThrough[database] = max(clearedThrough[database] ?? 0, newest)
        }
        return hidden
    }

    /// A path with symbolic links resolved, so that a finding matches its document whichever
    /// way the file was named.
    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
