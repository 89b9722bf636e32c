import Foundation

/// `.umlaut/ui.json`: how the editor finds a running `umlaut ui` (url, token, pid, port).
/// Written 0600 (it holds the token) when the server is up, removed when it stops.
package struct UIStateFile: Codable, Equatable, Sendable {
    package var url: String
    package var token: String
    package var pid: Int32
    package var port: Int

    package init(url: String, token: String, pid: Int32, port: Int) {
        self.url = url
        self.token = token
        self.pid = pid
        self.port = port
    }

    /// `.umlaut/ui.json` in a workspace directory.
    package static func path(inWorkspace workspace: String) -> String {
        ((workspace as NSString).appendingPathComponent(".umlaut") as NSString).appendingPathComponent("ui.json")
    }

    /// Writes the file with mode 0600 from the start (created with it, never widened), through
    /// a temporary file and a rename so a reader sees the whole file or none.
    package func write(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // As the session store does: a new `.umlaut/` stays out of version control.
            if (directory as NSString).lastPathComponent == ".umlaut" {
                _ = FileManager.default.createFile(
                    atPath: (directory as NSString).appendingPathComponent(".gitignore"), contents: Data("*\n".utf8))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        let written = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        fchmod(descriptor, 0o600)
        close(descriptor)
        guard written == data.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Removes the file if it is still this process's (another `umlaut ui` may have replaced it).
    package static func remove(at path: String, ifOwnedBy pid: Int32) {
        guard let data = FileManager.default.contents(atPath: path),
            let state = try? JSONDecoder().decode(UIStateFile.self, from: data), state.pid == pid
        else { return }
        unlink(path)
    }
}
