import Foundation
import LSPTypes
import LintCore

/// A root folder of the workspace: where `workspace/diagnostic` looks for files, and where runs
/// started from the editor work (their working directory and session database).
struct WorkspaceFolderState {
    let uri: DocumentURI
    /// The folder's local path, without a trailing slash.
    let path: String

    init?(uri: DocumentURI) {
        guard let path = uri.filePath else { return nil }
        self.uri = uri
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The path of a file relative to this folder, or nil if the file is outside it.
    func relativePath(of filePath: String) -> String? {
        if path == "/" { return String(filePath.dropFirst()) }
        guard filePath.hasPrefix(path + "/") else { return nil }
        return String(filePath.dropFirst(path.count + 1))
    }
}
