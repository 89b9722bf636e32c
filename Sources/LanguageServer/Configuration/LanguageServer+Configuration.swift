import Foundation
import LSPTypes
import LintCore

/// Configuration: workspace folders, their `pyproject.toml`, and the editor's settings.
extension LanguageServer {
    /// The folder a file belongs to (the innermost that holds it) and its path relative to it.
    func folder(of uri: DocumentURI) -> (folder: WorkspaceFolderState?, relativePath: String?) {
        guard let path = uri.filePath else { return (nil, nil) }
        var best: (WorkspaceFolderState, String)?
        for folder in folders {
            if let relative = folder.relativePath(of: path), best.map({ folder.path.count > $0.0.path.count }) ?? true {
                best = (folder, relative)
            }
        }
        return (best?.0, best?.1)
    }

    /// The settings for a document: its `[tool.umlaut]` (the nearest `pyproject.toml`) with the
    /// editor's settings laid over, and its path relative to the configuration's directory (for
    /// per-file ignores). Documents that are not local files get the defaults.
    func settings(for uri: DocumentURI) -> (settings: Settings, relativePath: String?) {
        guard let path = uri.filePath else { return (editorSettings.applied(to: Settings()), nil) }
        let (resolved, problems) = projectConfiguration.resolve(filePath: path)
        if !problems.isEmpty { report(problems) }
        return (editorSettings.applied(to: resolved.settings), resolved.relativePath)
    }

    /// Tells the user about a configuration file that could not be read (`window/showMessage`,
    /// once per reading of the file) and logs every warning, with one message naming the file.
    func report(_ problems: ProjectConfiguration.Problems) {
        for error in problems.errors {
            log(.error, "\(error); using the default settings for the files it configures")
            if phase == .running {
                send(
                    ShowMessageNotification(
                        type: .error, message: "Umlaut: \(error). Using the default settings until it is fixed."))
            }
        }
        for warning in problems.warnings { log(.warning, "\(warning)") }
        let files = Array(Set(problems.warnings.map(\.file))).sorted()
        for file in files where phase == .running {
            let count = problems.warnings.filter { $0.file == file }.count
            let first = problems.warnings.first { $0.file == file }!.message
            let more = count > 1 ? " (and \(count - 1) more problem\(count > 2 ? "s" : ""); see the log)" : ""
            send(ShowMessageNotification(type: .warning, message: "Umlaut: \(file): \(first)\(more)"))
        }
    }

    /// After a `pyproject.toml` was created, changed or deleted: reads the configuration again
    /// and, when what applies to an open document changed, re-publishes.
    func projectFilesChanged() {
        let before = allUnits.map { settings(for: $0.uri) }
        projectConfiguration.reset()
        let after = allUnits.map { settings(for: $0.uri) }
        let changed = zip(before, after).contains { $0.settings != $1.settings || $0.relativePath != $1.relativePath }
        if changed { configurationChanged() }
    }

    /// Adopts new editor settings; returns whether anything changed.
    @discardableResult
    func adoptEditorSettings(_ value: LSPAny?) -> Bool {
        let settings = EditorSettings(value, knownCodes: projectConfiguration.knownCodes)
        for warning in settings.warnings { log(.warning, "editor settings: \(warning)") }
        if let level = settings.logLevel { logLevel = level } else { logLevel = options.logLevel }
        guard settings != editorSettings else { return false }
        editorSettings = settings
        projectConfiguration.editorLayer = settings.schema
        return true
    }

    /// After any configuration change: every analysis is stale. Pushed diagnostics are
    /// recomputed at once; a client that pulls is asked to pull again.
    func configurationChanged() {
        settingsGeneration += 1
        for unit in allUnits { unit.analysis = nil }
        if pullDiagnostics {
            if client.workspace?.diagnostics?.refreshSupport == true {
                Task { _ = await self.sendRequest(DiagnosticRefreshRequest()) }
            }
        } else {
            for unit in allUnits { scheduleDiagnostics(for: unit.uri, immediately: true) }
        }
    }

    /// Asks a client that supports `workspace/configuration` for the `umlaut` section.
    func pullEditorSettings() {
        guard client.workspace?.configuration == true else { return }
        Task {
            let items = [WorkspaceConfigurationRequest.Item(section: "umlaut")]
            guard case .success(let values)? = await self.sendRequest(WorkspaceConfigurationRequest(items: items))
            else {
                self.log(.info, "the client did not answer workspace/configuration")
                return
            }
            guard let value = values.first, value != .null else { return }
            if self.adoptEditorSettings(value) { self.configurationChanged() }
        }
    }

    /// The delay for analyses that follow other pending ones.
    var debounceMilliseconds: Int { editorSettings.debounceMilliseconds ?? options.debounceMilliseconds }
}
