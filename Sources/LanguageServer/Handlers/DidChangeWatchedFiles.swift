import Foundation
import LSPTypes

extension LanguageServer {
    /// `workspace/didChangeWatchedFiles`: re-reads the `pyproject.toml` of every workspace
    /// folder whose file was created, changed or deleted.
    func didChangeWatchedFiles(_ notification: DidChangeWatchedFilesNotification) {
        var changed = false
        for event in notification.changes {
            guard let path = event.uri.filePath, (path as NSString).lastPathComponent == "pyproject.toml" else { continue }
            for index in folders.indices where folders[index].pyprojectPath == path {
                let before = folders[index].projectSettings
                loadProjectSettings(&folders[index])
                log(.info, "re-read \(path)")
                if folders[index].projectSettings != before { changed = true }
            }
        }
        if changed { configurationChanged() }
    }
}
