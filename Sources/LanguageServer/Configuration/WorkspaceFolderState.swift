import Foundation
import LintCore
import LSPTypes

/// A root folder of the workspace and the settings of its `pyproject.toml`.
struct WorkspaceFolderState {
    let uri: DocumentURI
    /// The folder's local path, without a trailing slash.
    let path: String
    var projectSettings = Settings()

    init?(uri: DocumentURI) {
        guard let path = uri.filePath else { return nil }
        self.uri = uri
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    var pyprojectPath: String { (path as NSString).appendingPathComponent("pyproject.toml") }

    /// The path of a file relative to this folder, or nil if the file is outside it.
    func relativePath(of filePath: String) -> String? {
        if path == "/" { return String(filePath.dropFirst()) }
        guard filePath.hasPrefix(path + "/") else { return nil }
        return String(filePath.dropFirst(path.count + 1))
    }
}
