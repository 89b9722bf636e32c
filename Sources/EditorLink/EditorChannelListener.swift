import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The language server's side of `EditorChannel`: listens on one Unix-domain socket, advertises
/// it in each workspace folder's `.umlaut/editors/`, reads one request line per connection and
/// answers the handler's reply.
///
/// Nothing here blocks its owner: connections are accepted by a dispatch source and each is read
/// on a dispatch queue with a timeout (a sender that connects and says nothing is dropped after
/// `readTimeout`); the handler is async and its reply is written with a send timeout. A line
/// that is not a request is answered with a refusal without reaching the handler.
package final class EditorChannelListener: @unchecked Sendable {
    package typealias Handler = @Sendable (EditorChannel.Request) async -> EditorChannel.Reply

    /// The socket's path.
    package let socketPath: String
    /// The advertisement files written, one per folder.
    package let advertisementPaths: [String]
    private let fd: Int32
    private let source: DispatchSourceRead
    private let handler: Handler
    private let lock = NSLock()
    private var stopped = false
    /// How long a connection may take to send its request line.
    static let readTimeout = 5.0

    /// Starts listening for a server whose process id is `pid` serving `folders` (absolute
    /// paths; the first that can hold the socket does). Throws when no socket could be made.
    package init(folders: [String], pid: Int32 = getpid(), handler: @escaping Handler) throws {
        guard !folders.isEmpty else { throw UnixSocket.Failure("no workspace folder", ENOENT) }
        var fd: Int32 = -1
        var socketPath = ""
        var problems: [String] = []
        var candidates = folders.compactMap { folder -> String? in
            let directory = EditorChannel.directory(workspace: folder)
            guard Self.makePrivateDirectory(directory) else { return nil }
            return (directory as NSString).appendingPathComponent("\(pid).sock")
        }
        if let directory = EditorChannel.privateSocketDirectory() {
            let name = "\(pid)-\(UInt32(truncatingIfNeeded: folders[0].hashValue)).sock"
            candidates.append((directory as NSString).appendingPathComponent(name))
        }
        for candidate in candidates {
            do {
                fd = try UnixSocket.listen(at: candidate)
                socketPath = candidate
                break
            } catch {
                problems.append(error.description)
            }
        }
        guard fd >= 0 else {
            throw UnixSocket.Failure(problems.last ?? "no place for the socket", ENAMETOOLONG)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        self.socketPath = socketPath
        self.handler = handler
        let advertisement = EditorChannel.Advertisement(socket: socketPath, pid: pid, folders: folders)
        let body = (try? JSONEncoder().encode(advertisement)) ?? Data()
        var written: [String] = []
        for folder in folders {
            let directory = EditorChannel.directory(workspace: folder)
            let path = (directory as NSString).appendingPathComponent("\(pid).json")
            let temporary = path + ".tmp"
            let created = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard created >= 0 else { continue }
            let complete = body.withUnsafeBytes { write(created, $0.baseAddress, $0.count) == $0.count }
            close(created)
            if complete, rename(temporary, path) == 0 { written.append(path) } else { unlink(temporary) }
        }
        advertisementPaths = written
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "umlaut.editor-channel"))
        source.setEventHandler { [weak self] in self?.acceptPending() }
        source.setCancelHandler { close(fd) }
        source.resume()
        // Clean the directories of servers that died without removing their files.
        for folder in folders { _ = EditorChannel.advertisements(workspace: folder) }
    }

    deinit { stop() }

    /// Stops listening and removes the socket and the advertisements. Idempotent.
    package func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        source.cancel()
        for path in advertisementPaths { unlink(path) }
        unlink(socketPath)
    }

    private func acceptPending() {
        while true {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { return }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            let flags = fcntl(connection, F_GETFL)
            _ = fcntl(connection, F_SETFL, flags & ~O_NONBLOCK)
            UnixSocket.setTimeouts(connection, seconds: Self.readTimeout)
            let handler = handler
            DispatchQueue.global().async {
                guard let line = UnixSocket.readLine(connection, limit: EditorChannel.requestLimit) else {
                    Self.answer(.refused("no request line"), on: connection)
                    return
                }
                guard let request = try? JSONDecoder().decode(EditorChannel.Request.self, from: line) else {
                    Self.answer(
                        .refused(
                            "not a request: one JSON line {\"uri\": ..., \"range\": {\"start\": ..., \"end\": ...}}"),
                        on: connection)
                    return
                }
                Task {
                    let reply = await handler(request)
                    Self.answer(reply, on: connection)
                }
            }
        }
    }

    private static func answer(_ reply: EditorChannel.Reply, on connection: Int32) {
        if let body = try? JSONEncoder().encode(reply) {
            _ = UnixSocket.writeAll(connection, body + Data("\n".utf8))
        }
        close(connection)
    }

    /// Creates `directory` (and `.umlaut` above it) if needed; the last level 0700.
    static func makePrivateDirectory(_ directory: String) -> Bool {
        let parent = (directory as NSString).deletingLastPathComponent
        mkdir(parent, 0o755)
        mkdir(directory, 0o700)
        var status = stat()
        guard lstat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == getuid() else {
            return false
        }
        if status.st_mode & 0o077 != 0 { chmod(directory, 0o700) }
        return true
    }
}
