import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The page → editor half of the editor link: a local channel through which the dashboard (or
/// anything on the machine run by the same user) asks a running language server to show a
/// place in the editor.
///
/// Each language server started for a workspace listens on its own Unix-domain socket and
/// advertises it in `<workspace>/.umlaut/editors/<pid>.json` (`Advertisement`, mode 0600, in a
/// 0700 directory); several editors on one workspace advertise one file each, and whoever reads
/// the directory removes the files of dead processes. The socket lives beside its advertisement
/// when that path fits `sun_path` (107 bytes), else in `$XDG_RUNTIME_DIR/umlaut-<uid>/` or
/// `/tmp/umlaut-<uid>/` (0700, owned by the user). The protocol is one JSON line each way:
/// `Request` (`{"uri": ..., "range": {"start": {"line", "character"}, "end": ...}}`, lines from
/// 0, characters in UTF-16 code units as in LSP) and `Reply` (`{"ok": true}` or
/// `{"ok": false, "error": ...}`). `EditorChannelListener` is the server's side, `open` the
/// sender's.
package enum EditorChannel {
    package struct Position: Codable, Hashable, Sendable {
        package var line: Int
        package var character: Int
        package init(line: Int, character: Int) {
            self.line = line
            self.character = character
        }
    }

    package struct Range: Codable, Hashable, Sendable {
        package var start: Position
        package var end: Position
        package init(start: Position, end: Position) {
            self.start = start
            self.end = end
        }
    }

    /// Show this place in the editor.
    package struct Request: Codable, Hashable, Sendable {
        package var uri: String
        package var range: Range
        package init(uri: String, range: Range) {
            self.uri = uri
            self.range = range
        }
    }

    package struct Reply: Codable, Hashable, Sendable {
        package var ok: Bool
        package var error: String?
        package init(ok: Bool, error: String? = nil) {
            self.ok = ok
            self.error = error
        }
        package static let done = Reply(ok: true)
        package static func refused(_ error: String) -> Reply { Reply(ok: false, error: error) }
    }

    /// What one server writes in `<workspace>/.umlaut/editors/<pid>.json`.
    package struct Advertisement: Codable, Hashable, Sendable {
        package var socket: String
        package var pid: Int32
        /// The workspace folders the server serves.
        package var folders: [String]
        package init(socket: String, pid: Int32, folders: [String]) {
            self.socket = socket
            self.pid = pid
            self.folders = folders
        }
    }

    /// How a request through the channel ended.
    package enum Outcome: Equatable, Sendable {
        /// An editor showed the place.
        case opened
        /// No live editor listens for this workspace.
        case noEditor
        /// Every editor that listens refused (the reason of the last one) or did not answer.
        case refused(String)
    }

    /// The longest request line a listener reads.
    package static let requestLimit = 64 * 1024

    /// The directory of the advertisements of `workspace`.
    package static func directory(workspace: String) -> String {
        (workspace as NSString).appendingPathComponent(".umlaut/editors")
    }

    /// The advertisements of live servers for `workspace`, newest first; the files (and sockets)
    /// of dead servers are removed on the way.
    package static func advertisements(workspace: String) -> [Advertisement] {
        let directory = directory(workspace: workspace)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var live: [(Advertisement, Date)] = []
        for name in names where name.hasSuffix(".json") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path),
                let advertisement = try? JSONDecoder().decode(Advertisement.self, from: data)
            else { continue }
            guard UnixSocket.processIsAlive(advertisement.pid) else {
                unlink(path)
                if advertisement.socket.hasPrefix(directory + "/") || isPrivateSocket(advertisement.socket) {
                    unlink(advertisement.socket)
                }
                continue
            }
            let modified =
                (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            live.append((advertisement, modified))
        }
        return live.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// Asks the editors listening for `workspace` to show `range` of `uri`, newest first, until
    /// one does. Blocks up to `timeout` seconds per editor: call it off any event loop.
    package static func open(uri: String, range: Range, workspace: String, timeout: Double = 5) -> Outcome {
        let advertisements = advertisements(workspace: workspace)
        guard !advertisements.isEmpty else { return .noEditor }
        var lastProblem = "no editor answered"
        for advertisement in advertisements {
            switch send(Request(uri: uri, range: range), toSocket: advertisement.socket, timeout: timeout) {
            case .success(let reply) where reply.ok: return .opened
            case .success(let reply): lastProblem = reply.error ?? "the editor refused"
            case .failure(let problem): lastProblem = problem.description
            }
        }
        return .refused(lastProblem)
    }

    package struct SendFailure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Sends one request line to the socket at `path` and reads its one reply line.
    package static func send(
        _ request: Request, toSocket path: String, timeout: Double = 5
    ) -> Result<
        Reply, SendFailure
    > {
        guard let body = try? JSONEncoder().encode(request) else {
            return .failure(SendFailure(description: "the request could not be encoded"))
        }
        return send(line: body, toSocket: path, timeout: timeout)
    }

    /// Sends `line` (a newline is added) as it is: `send(_:toSocket:)`, and tests' malformed lines.
    package static func send(line: Data, toSocket path: String, timeout: Double = 5) -> Result<Reply, SendFailure> {
        let fd: Int32
        do {
            fd = try UnixSocket.connect(toPath: path, timeout: timeout)
        } catch {
            return .failure(SendFailure(description: error.description))
        }
        defer { close(fd) }
        guard UnixSocket.writeAll(fd, line + Data("\n".utf8)) else {
            return .failure(SendFailure(description: "the editor's channel stopped reading"))
        }
        guard let answer = UnixSocket.readLine(fd, limit: requestLimit) else {
            return .failure(SendFailure(description: "the editor did not answer in time"))
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: answer) else {
            return .failure(SendFailure(description: "the editor's answer is not a channel reply"))
        }
        return .success(reply)
    }

    // MARK: Where sockets go

    /// The user's private directory for sockets whose advertised path would be too long:
    /// `$XDG_RUNTIME_DIR/umlaut-<uid>` or `/tmp/umlaut-<uid>`, created 0700; nil when it exists
    /// but is not a directory owned by this user with no access for others.
    static func privateSocketDirectory() -> String? {
        let base = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let directory = (base as NSString).appendingPathComponent("umlaut-\(getuid())")
        mkdir(directory, 0o700)
        var status = stat()
        guard lstat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == getuid(),
            status.st_mode & 0o077 == 0
        else { return nil }
        return directory
    }

    static func isPrivateSocket(_ path: String) -> Bool {
        guard let directory = privateSocketDirectory() else { return false }
        return (path as NSString).deletingLastPathComponent == directory
    }
}
