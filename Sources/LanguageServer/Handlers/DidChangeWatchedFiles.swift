import Foundation
import LSPTypes

extension LanguageServer {
    /// `workspace/didChangeWatchedFiles`: when any `pyproject.toml` was created, changed or
    /// deleted, the configuration is read again (it is found per document, from its directory
    /// upwards, so any of them may matter).
    func didChangeWatchedFiles(_ notification: DidChangeWatchedFilesNotification) {
        let projectFiles = notification.changes.compactMap(\.uri.filePath).filter {
            ($0 as NSString).lastPathComponent == "pyproject.toml"
        }
        guard !projectFiles.isEmpty else { return }
        log(.info, "re-reading the configuration: \(projectFiles.joined(separator: ", ")) changed")
        projectFilesChanged()
    }
}
