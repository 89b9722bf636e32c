import Foundation
import LintCore
import LSPTypes

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

    /// The settings for a file: its folder's project settings with the editor's laid over.
    func settings(for uri: DocumentURI) -> (settings: Settings, relativePath: String?) {
        let (folder, relativePath) = folder(of: uri)
        return (editorSettings.applied(to: folder?.projectSettings ?? Settings()), relativePath)
    }

    /// Reads the `pyproject.toml` of a folder.
    func loadProjectSettings(_ folder: inout WorkspaceFolderState) {
        guard let result = options.loadProjectSettings(folder.pyprojectPath) else {
            folder.projectSettings = Settings()
            return
        }
        folder.projectSettings = result.settings
        for warning in result.warnings { log(.warning, "\(folder.pyprojectPath): \(warning)") }
    }

    /// Adopts new editor settings; returns whether anything changed.
    @discardableResult
    func adoptEditorSettings(_ value: LSPAny?) -> Bool {
        let settings = EditorSettings(value)
        for warning in settings.warnings { log(.warning, "editor settings: \(warning)") }
        if let level = settings.logLevel { logLevel = level } else { logLevel = options.logLevel }
        guard settings != editorSettings else { return false }
        editorSettings = settings
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
            guard case .success(let values)? = await self.sendRequest(WorkspaceConfigurationRequest(items: items)) else {
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
