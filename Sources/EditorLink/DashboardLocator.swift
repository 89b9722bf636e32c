import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The editor → page half of the editor link: finds the dashboard (`umlaut ui`) serving a
/// workspace, or starts one, and builds the address of a session's page.
///
/// A running `umlaut ui` writes `<workspace>/.umlaut/ui.json` (`Instance`: its URL, token and
/// process id). An instance counts as running when its process is alive and
/// `GET /api/sessions?token=...` answers 200 on the loopback address; otherwise a new
/// `umlaut ui --no-browser --workspace <root>` is started in its own session (so it outlives the
/// editor) with its output discarded, and `findOrStart` waits for its `ui.json`.
package enum DashboardLocator {
    /// What `umlaut ui` writes in `ui.json`.
    package struct Instance: Codable, Hashable, Sendable {
        /// `http://127.0.0.1:PORT` (possibly with a path or the token).
        package var url: String
        package var token: String?
        package var pid: Int32
        package init(url: String, token: String?, pid: Int32) {
            self.url = url
            self.token = token
            self.pid = pid
        }

        /// The port of `url`, when it is a loopback `http` URL.
        var loopbackPort: UInt16? {
            guard let components = URLComponents(string: url), components.scheme == "http",
                ["127.0.0.1", "localhost"].contains(components.host ?? ""), let port = components.port
            else { return nil }
            return UInt16(exactly: port)
        }

        /// The token: `token`, else the URL's `token` query item.
        var effectiveToken: String? {
            token ?? URLComponents(string: url)?.queryItems?.first { $0.name == "token" }?.value
        }

        /// The address of `path` (such as `/runs/12`, percent-encoded) with the token and an
        /// optional fragment.
        package func address(path: String, fragment: String? = nil) -> String {
            var components = URLComponents(string: url) ?? URLComponents()
            components.percentEncodedPath = path
            components.queryItems = effectiveToken.map { [URLQueryItem(name: "token", value: $0)] }
            components.fragment = fragment
            return components.string ?? url
        }

        /// A session's page (by id, or by name: the dashboard resolves it), at one finding when
        /// `finding` is given (`#finding-<id>`).
        package func sessionPage(session: String, finding: Int64? = nil) -> String {
            let escaped = session.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"]))
            return address(path: "/runs/\(escaped ?? session)", fragment: finding.map { "finding-\($0)" })
        }

        package func sessionPage(session: Int64, finding: Int64? = nil) -> String {
            sessionPage(session: String(session), finding: finding)
        }

        /// A model comparison report's page: `/reports/<id>` (the report
        /// `.umlaut/comparisons/<id>.json` of the workspace).
        package func reportPage(id: String) -> String {
            let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"]))
            return address(path: "/reports/\(escaped ?? id)")
        }
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        package init(_ description: String) { self.description = description }
    }

    /// `<workspace>/.umlaut/ui.json`.
    package static func infoPath(workspace: String) -> String {
        (workspace as NSString).appendingPathComponent(".umlaut/ui.json")
    }

    /// The instance `ui.json` describes, if its process is alive and it answers.
    package static func running(workspace: String, timeout: Double = 2) -> Instance? {
        guard let data = FileManager.default.contents(atPath: infoPath(workspace: workspace)),
            let instance = try? JSONDecoder().decode(Instance.self, from: data),
            UnixSocket.processIsAlive(instance.pid), answers(instance, timeout: timeout)
        else { return nil }
        return instance
    }

    /// Whether `GET /api/sessions?token=...` on the instance answers 200.
    package static func answers(_ instance: Instance, timeout: Double = 2) -> Bool {
        guard let port = instance.loopbackPort else { return false }
        guard let fd = try? UnixSocket.connect(loopbackPort: port, timeout: timeout) else { return false }
        defer { close(fd) }
        let target =
            URLComponents(string: instance.address(path: "/api/sessions")).map { components in
                components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
            } ?? "/api/sessions"
        let request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n"
        guard UnixSocket.writeAll(fd, Data(request.utf8)) else { return false }
        let head = UnixSocket.readAll(fd, limit: 64)
        guard let statusLine = String(decoding: head, as: UTF8.self).split(separator: "\r\n").first else {
            return false
        }
        let parts = statusLine.split(separator: " ")
        return parts.count >= 2 && parts[0].hasPrefix("HTTP/1.") && parts[1] == "200"
    }

    /// Starts `executable ui --no-browser --workspace workspace` in a new session, its standard
    /// streams on /dev/null; answers its process id. The child is reaped by a waiting thread.
    package static func start(executable: String, workspace: String) throws(Failure) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        #if canImport(Glibc)
        // POSIX_SPAWN_SETSID: glibc defines it only under _GNU_SOURCE, which Swift's Glibc
        // module does not import.
        posix_spawnattr_setflags(&attributes, Int16(0x80))
        #endif
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "ui", "--no-browser", "--workspace", workspace]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        guard status == 0 else {
            throw Failure("could not start \(executable) ui: \(String(cString: strerror(status)))")
        }
        let child = pid
        Thread.detachNewThread {
            var ended: Int32 = 0
            while waitpid(child, &ended, 0) < 0 && errno == EINTR {}
        }
        return pid
    }

    /// `findOrStart` for a command-line tool: the same, blocking the calling thread.
    package static func findOrStartWaiting(
        executable: String, workspace: String, timeout: Double = 20
    ) throws(Failure) -> (instance: Instance, started: Bool) {
        if let instance = running(workspace: workspace) { return (instance, false) }
        let pid = try start(executable: executable, workspace: workspace)
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            if let instance = running(workspace: workspace), instance.pid == pid { return (instance, true) }
            guard UnixSocket.processIsAlive(pid) else {
                throw Failure("`umlaut ui --workspace \(workspace)` exited before it served the dashboard")
            }
        }
        throw Failure("`umlaut ui` did not start within \(Int(timeout)) s")
    }

    /// The running instance for `workspace`, or one started with `executable` and waited for
    /// (up to `timeout` seconds, checking every 100 ms without blocking a thread).
    package static func findOrStart(
        executable: String?, workspace: String, timeout: Double = 20
    ) async throws(Failure) -> (instance: Instance, started: Bool) {
        if let instance = running(workspace: workspace) { return (instance, false) }
        guard let executable else { throw Failure("Umlaut cannot find its own executable to start `umlaut ui`") }
        let pid = try start(executable: executable, workspace: workspace)
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            if let instance = running(workspace: workspace), instance.pid == pid { return (instance, true) }
            guard UnixSocket.processIsAlive(pid) else {
                throw Failure("`umlaut ui --workspace \(workspace)` exited before it served the dashboard")
            }
        }
        throw Failure("`umlaut ui` did not start within \(Int(timeout)) s")
    }
}
