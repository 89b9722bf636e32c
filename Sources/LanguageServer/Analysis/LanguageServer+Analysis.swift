import Foundation
import LSPTypes
import LintCore
import PythonSyntax
import TrainingModel

/// A pushed analysis waiting to run.
struct ScheduledAnalysis {
    let id: Int
    let task: Task<Void, Never>
}

/// An analysis running off the actor (`AnalysisExecutor`) for one version of a unit.
struct AnalysisJob {
    let id: Int
    let version: Int
    let settingsGeneration: Int
    let task: Task<Void, Never>
    let pending: PendingAnalysis
}

/// What an analysis needs from the actor's state, copied so that it can run elsewhere.
struct AnalysisInput: Sendable {
    let uri: DocumentURI
    let version: Int
    let settingsGeneration: Int
    let source: SourceText
    let map: SourceMap
    let lines: LineLabels
    let settings: Settings
    let relativePath: String?
    let rules: [any Rule]
    let encoding: PositionEncodingKind
    /// Read when the diagnostics are converted, off the actor: the pages may still be written.
    let documentation: RuleDocumentation
}

/// Analysis and pushed diagnostics.
///
/// Each document's analysis runs off the actor, on `AnalysisExecutor`'s threads, with a copy of
/// the document's current tree, and is cached until the next edit or configuration change: the
/// actor goes on answering (hover on other documents, `$/cancelRequest`, `shutdown`) while a
/// big file is analysed. Requests that need the analysis wait for it (and stop waiting when
/// cancelled). A unit has at most one analysis running: a newer version cancels the older
/// analysis, unless a request still waits for it, and starts once it has stopped, so memory
/// stays proportional to one analysis per document. A document larger than
/// `Linter.maximumSourceSize` is not analysed (nor parsed): the user is told once and it has
/// no diagnostics.
///
/// When the client does not pull, an edit
/// schedules a push: at once if nothing is pending for the document (so typing at human speed
/// sees its diagnostics within the analysis time), otherwise after `debounceMilliseconds` of
/// quiet. A newer edit cancels the pending push, so bursts of edits (a paste, a replace-all, a
/// fast typist while a big file is analysed) cost one analysis, of the last version.
extension LanguageServer {
    /// Every open document and notebook.
    var allUnits: [any AnalysisUnit] {
        Array(documents.values) as [any AnalysisUnit] + Array(notebooks.values) as [any AnalysisUnit]
    }

    /// The document or notebook a client URI belongs to (a notebook cell's URI gives its
    /// notebook).
    func unit(for uri: DocumentURI) -> (any AnalysisUnit)? {
        if let document = documents[uri] { return document }
        if let notebook = notebooks[uri] { return notebook }
        if let owner = notebookOfCell[uri] { return notebooks[owner] }
        return nil
    }

    /// The unit's analysis at its current version: the cached one, or the one running, or a new
    /// one; nil when the waiting task is cancelled, or the analysis is (the document changed or
    /// closed, the server shuts down).
    func analysis(of unit: any AnalysisUnit) async -> AnalysisSnapshot? {
        if let cached = unit.analysis, cached.version == unit.version, cached.settingsGeneration == settingsGeneration {
            return cached
        }
        if unit.source.bytes.count > options.maximumDocumentSize {
            return notAnalysed(unit)
        }
        tooLargeAnnounced.remove(unit.uri)
        return await analysisJob(for: unit).pending.wait()
    }

    /// The analysis of the unit's current version, started unless it runs already.
    private func analysisJob(for unit: any AnalysisUnit) -> AnalysisJob {
        if let job = analysisJobs[unit.uri], job.version == unit.version, job.settingsGeneration == settingsGeneration {
            return job
        }
        let document = unit as? OpenDocument
        let previous = analysisJobs[unit.uri]
        if let previous, previous.pending.waiterCount == 0 { previous.task.cancel() }
        let preceding = previous?.task
        let (settings, relativePath) = settings(for: unit.uri)
        let input = AnalysisInput(
            uri: unit.uri, version: unit.version, settingsGeneration: settingsGeneration, source: unit.source,
            map: unit.sourceMap, lines: unit.lineLabels, settings: settings, relativePath: relativePath,
            rules: options.rules, encoding: encoding, documentation: ruleDocumentation)
        // The copy shares nothing mutable with the actor's tree (tree-sitter's copies are
        // reference-counted and immutable), and only the analysis reads it.
        nonisolated(unsafe) let tree = unit.tree?.copy()
        // A text this document had a moment ago (undo, a character typed and deleted) has that
        // text's result: only its diagnostics are converted again, for the new version.
        let earlier = (unit as? OpenDocument)?.recentResults.result(
            for: unit.source, settings: settings, relativePath: relativePath)
        let groups = document?.groups
        analysisCounter += 1
        let id = analysisCounter
        let pending = PendingAnalysis()
        let task = Task.detached(executorPreference: AnalysisExecutor.shared) {
            // One analysis of a unit at a time: the older one stops at its next check.
            await preceding?.value
            // A text too large to be parsed on the actor is parsed here, from scratch.
            let parsed = Task.isCancelled ? nil : tree ?? Parser().parse(input.source)
            let snapshot = parsed.flatMap {
                Self.analyse(input, tree: $0, earlier: earlier, groups: groups)
            }
            await self.analysisFinished(snapshot, uri: input.uri, job: id)
            pending.resolve(snapshot)
            // After a document's first analysis (or one that left most groups to it) its groups
            // are analysed in a task of their own, while the user reads the diagnostics,
            // rather than on the next edit (`DocumentGroups`).
            if let parsed, earlier == nil, !Task.isCancelled { groups?.prepare(parsed) }
        }
        let job = AnalysisJob(
            id: id, version: unit.version, settingsGeneration: settingsGeneration, task: task, pending: pending)
        analysisJobs[unit.uri] = job
        return job
    }

    /// Lints a tree (unless `earlier` is the result of the same text) and converts the result;
    /// nil when the task was cancelled meanwhile. With `groups`, the model is analysed group by
    /// group when the script splits, reusing the groups an edit left alone, unless the groups
    /// are being prepared.
    nonisolated static func analyse(
        _ input: AnalysisInput, tree: SyntaxTree, earlier: LintResult? = nil,
        groups: DocumentGroups? = nil
    ) -> AnalysisSnapshot? {
        let result: LintResult
        if let earlier {
            result = earlier
        } else {
            // A document's first analysis is the full one; its groups are prepared after it.
            let model = groups?.analyze(tree) ?? ScriptAnalyzer.analyze(tree)
            if Task.isCancelled { return nil }
            result = Linter(rules: input.rules, settings: input.settings).lint(
                tree, model: model, path: input.relativePath, lines: input.lines)
        }
        if Task.isCancelled { return nil }
        let converter = DiagnosticConverter(
            tree: tree, map: input.map, encoding: input.encoding, documentation: input.documentation.links)
        let (diagnostics, origins) = converter.convert(result)
        if Task.isCancelled { return nil }
        return AnalysisSnapshot(
            uri: input.uri, version: input.version, source: input.source, map: input.map, result: result,
            settings: input.settings, settingsGeneration: input.settingsGeneration, relativePath: input.relativePath,
            diagnostics: diagnostics, origins: origins)
    }

    /// Keeps a finished analysis if its unit is still at that version, and forgets the job.
    private func analysisFinished(_ snapshot: AnalysisSnapshot?, uri: DocumentURI, job id: Int) {
        if analysisJobs[uri]?.id == id { analysisJobs[uri] = nil }
        guard let snapshot, let unit = unit(for: uri), unit.uri == uri, unit.version == snapshot.version,
            snapshot.settingsGeneration == settingsGeneration
        else { return }
        unit.analysis = snapshot
        if let document = unit as? OpenDocument, !snapshot.result.isSkipped {
            document.recentResults.remember(
                snapshot.result, of: snapshot.source, settings: snapshot.settings, relativePath: snapshot.relativePath)
        }
    }

    /// Cancels the analysis of a unit's older version that no request waits for (after an edit,
    /// when the unit closes, when the server shuts down: `waiting` false cancels it regardless).
    func cancelAnalysis(of uri: DocumentURI, evenIfAwaited: Bool = false) {
        guard let job = analysisJobs[uri] else { return }
        if evenIfAwaited || job.pending.waiterCount == 0 {
            job.task.cancel()
        }
    }

    /// The empty analysis of a unit over the size limit; the first time, the user is told.
    private func notAnalysed(_ unit: any AnalysisUnit) -> AnalysisSnapshot {
        let megabytes = String(format: "%.1f", Double(unit.source.bytes.count) / 1_000_000)
        // Named in MB whatever the limit (tests lower it).
        let limit =
            options.maximumDocumentSize >= 1_000_000
            ? "\(options.maximumDocumentSize / 1_000_000) MB" : "\(options.maximumDocumentSize / 1_000) KB"
        if tooLargeAnnounced.insert(unit.uri).inserted {
            let name = unit.uri.filePath.map { ($0 as NSString).lastPathComponent } ?? unit.uri.stringValue
            let message = "Umlaut does not analyse \(name): \(megabytes) MB is over its \(limit) limit."
            log(.info, message)
            send(ShowMessageNotification(type: .warning, message: message))
        }
        // Every document of the unit, with no diagnostics: publishing clears what was there.
        let diagnostics = Dictionary(
            unit.sourceMap.documents.map { ($0.uri, [LSPTypes.Diagnostic]()) }, uniquingKeysWith: { first, _ in first })
        let origins = diagnostics.mapValues { _ in [Int]() }
        let (settings, relativePath) = settings(for: unit.uri)
        let snapshot = AnalysisSnapshot(
            uri: unit.uri, version: unit.version, source: unit.source, map: unit.sourceMap, result: .skipped,
            settings: settings, settingsGeneration: settingsGeneration, relativePath: relativePath,
            diagnostics: diagnostics, origins: origins)
        unit.analysis = snapshot
        return snapshot
    }

    /// Schedules pushing a unit's diagnostics (nothing when the client pulls them).
    func scheduleDiagnostics(for uri: DocumentURI, immediately: Bool = false) {
        guard !pullDiagnostics, phase == .running else { return }
        let pending = scheduled[uri] != nil
        scheduled[uri]?.task.cancel()
        let delay = pending && !immediately ? debounceMilliseconds : 0
        analysisCounter += 1
        let id = analysisCounter
        let task = Task {
            if delay > 0 {
                try? await Task.sleep(for: .milliseconds(delay))
            } else {
                // Let the message loop take the edits already waiting in the input first: the
                // next one cancels this analysis instead of queueing behind it.
                await Task.yield()
            }
            guard !Task.isCancelled else { return }
            await self.publishDiagnostics(for: uri, scheduled: id)
        }
        scheduled[uri] = ScheduledAnalysis(id: id, task: task)
    }

    /// Analyses a unit and publishes the diagnostics of each of its documents, with their
    /// versions and the runtime findings of the last runs (`Runs/`); documents it published for
    /// before and no longer has get an empty list.
    func publishDiagnostics(for uri: DocumentURI, scheduled id: Int? = nil) async {
        // Pending until published: edits meanwhile are debounced.
        defer { if let id, scheduled[uri]?.id == id { scheduled[uri] = nil } }
        guard phase == .running, let unit = unit(for: uri), unit.uri == uri else { return }
        let snapshot = await analysis(of: unit)
        // Cancelled, or superseded while it ran: the newer version publishes.
        guard let snapshot, !Task.isCancelled, phase == .running, let current = self.unit(for: uri),
            current === unit, current.version == snapshot.version
        else { return }
        let versions = Dictionary(
            snapshot.map.documents.map { ($0.uri, $0.version) }, uniquingKeysWith: { first, _ in first })
        for (document, diagnostics) in snapshot.diagnostics.sorted(by: { $0.key < $1.key }) {
            let merged = diagnostics + runDiagnostics(for: document, snapshot: snapshot)
            send(PublishDiagnosticsNotification(uri: document, version: versions[document], diagnostics: merged))
        }
        let now = Set(snapshot.diagnostics.keys)
        for gone in (published[uri] ?? []).subtracting(now).sorted() {
            send(PublishDiagnosticsNotification(uri: gone, version: nil, diagnostics: []))
        }
        published[uri] = now
    }

    /// Clears the pushed diagnostics of a unit that was closed.
    func clearDiagnostics(of uri: DocumentURI) {
        scheduled.removeValue(forKey: uri)?.task.cancel()
        cancelAnalysis(of: uri, evenIfAwaited: true)
        tooLargeAnnounced.remove(uri)
        let documents = published.removeValue(forKey: uri) ?? []
        guard !pullDiagnostics else { return }
        for document in documents.sorted() {
            send(PublishDiagnosticsNotification(uri: document, version: nil, diagnostics: []))
        }
    }
}
