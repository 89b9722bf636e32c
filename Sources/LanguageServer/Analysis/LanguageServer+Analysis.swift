import LintCore
import LSPTypes
import PythonSyntax

/// A pushed analysis waiting to run.
struct ScheduledAnalysis {
    let id: Int
    let task: Task<Void, Never>
}

/// Analysis and pushed diagnostics.
///
/// Each document's analysis runs on the actor with the document's current tree and is cached
/// until the next edit or configuration change. When the client does not pull, an edit
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

    /// The unit's analysis at its current version, computed now if not cached.
    func analysis(of unit: any AnalysisUnit) -> AnalysisSnapshot {
        if let cached = unit.analysis, cached.version == unit.version, cached.settingsGeneration == settingsGeneration {
            return cached
        }
        let (settings, relativePath) = settings(for: unit.uri)
        let linter = Linter(rules: options.rules, settings: settings)
        let result = linter.lint(unit.tree, path: relativePath, lines: unit.lineLabels)
        let converter = DiagnosticConverter(tree: unit.tree, map: unit.sourceMap, encoding: encoding, documentation: documentation)
        let (diagnostics, origins) = converter.convert(result)
        let snapshot = AnalysisSnapshot(
            uri: unit.uri, version: unit.version, source: unit.source, map: unit.sourceMap, result: result,
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
            self.publishDiagnostics(for: uri, scheduled: id)
        }
        scheduled[uri] = ScheduledAnalysis(id: id, task: task)
    }

    /// Analyses a unit and publishes the diagnostics of each of its documents, with their
    /// versions and the runtime findings of the last runs (`Runs/`); documents it published for
    /// before and no longer has get an empty list.
    func publishDiagnostics(for uri: DocumentURI, scheduled id: Int? = nil) {
        if let id, scheduled[uri]?.id == id { scheduled[uri] = nil }
        guard phase == .running, let unit = unit(for: uri), unit.uri == uri else { return }
        let snapshot = analysis(of: unit)
        let versions = Dictionary(snapshot.map.documents.map { ($0.uri, $0.version) }, uniquingKeysWith: { first, _ in first })
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
        let documents = published.removeValue(forKey: uri) ?? []
        guard !pullDiagnostics else { return }
        for document in documents.sorted() {
            send(PublishDiagnosticsNotification(uri: document, version: nil, diagnostics: []))
        }
    }
}
