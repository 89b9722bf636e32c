import Foundation
import Store
import TestSupport
import WebShell

/// What the tests serve: the session's name and epoch count as JSON, a page that names itself.
struct EchoSource: DashboardSource {
    func sessionsJSON(_ database: SessionDatabase) throws -> Data {
        let names = try database.sessions().map(\.name)
        return try JSONSerialization.data(withJSONObject: ["runs": names])
    }

    func sessionJSON(id: Int64, _ database: SessionDatabase) throws -> Data? {
        guard let session = try database.session(id: id) else { return nil }
        let epochs = try database.epochs(sessionId: id).count
        return try JSONSerialization.data(
            withJSONObject: ["name": session.name, "status": session.status.rawValue, "epochs": epochs],
            options: .sortedKeys)
    }

    func comparisonJSON(a: Int64, b: Int64, _ database: SessionDatabase) throws -> Data? {
        guard try database.session(id: a) != nil, try database.session(id: b) != nil else { return nil }
        return Data("{\"a\":\(a),\"b\":\(b)}".utf8)
    }

    func page(_ page: DashboardPage) -> Data {
        switch page {
        case .runs: Data("<!doctype html><title>runs</title>".utf8)
        case .run(let id): Data("<!doctype html><title>run \(id)</title>".utf8)
        case .compare(let a, let b): Data("<!doctype html><title>compare \(a ?? 0) \(b ?? 0)</title>".utf8)
        }
    }

    func asset(_ relativePath: String) -> Data? {
        relativePath == "app.js" ? Data("console.log('app')".utf8) : nil
    }
}

/// Records what `POST /api/open` forwarded.
final class RecordingOpener: EditorOpener, @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(String, Data?)] = []

    func open(uri: String, range: Data?) async -> EditorOpenOutcome {
        lock.withLock { calls.append((uri, range)) }
        return .opened
    }

    var received: [(String, Data?)] { lock.withLock { calls } }
}

/// A real server on an ephemeral port over a workspace in a temporary directory.
final class RunningServer: Sendable {
    let server: WebShellServer
    let port: Int
    let directory: String
    let task: Task<Void, any Error>

    var databasePath: String { (directory as NSString).appendingPathComponent(".umlaut/sessions.sqlite") }
    var cookie: String { "umlaut_ui_\(port)=\(server.token)" }

    static func start(
        opener: any EditorOpener = NoEditorOpener(), chartLibraryPath: String? = nil
    ) async throws
        -> RunningServer
    {
        let directory = NSTemporaryDirectory() + "webshell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/.umlaut", withIntermediateDirectories: true)
        let server = WebShellServer(
            databasePath: directory + "/.umlaut/sessions.sqlite", source: EchoSource(), opener: opener,
            chartLibraryPath: chartLibraryPath, pollInterval: .milliseconds(50), heartbeatInterval: .milliseconds(500))
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run(port: 0) { port in continuation.yield(port) }
        }
        var port = 0
        for await bound in stream {
            port = bound
            break
        }
        return RunningServer(server: server, port: port, directory: directory, task: task)
    }

    private init(server: WebShellServer, port: Int, directory: String, task: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.directory = directory
        self.task = task
    }

    func stop() {
        server.stopStreams()
        task.cancel()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A request with the cookie (unless `cookie: false`) and this server's Host.
    func get(
        _ target: String, cookie: Bool = true, host: String? = nil, headers: [String: String] = [:]
    )
        async throws -> RawHTTP.Reply
    {
        var headers = headers
        if cookie { headers["Cookie"] = self.cookie }
        let port = self.port
        let sent = headers
        return try await offTheTestPool { try RawHTTP.request(port: port, target: target, host: host, headers: sent) }
    }

    func post(_ target: String, body: String, headers: [String: String]) async throws -> RawHTTP.Reply {
        var headers = headers
        headers["Cookie"] = cookie
        let port = self.port
        let sent = headers
        return try await offTheTestPool {
            try RawHTTP.request(port: port, method: "POST", target: target, headers: sent, body: body)
        }
    }

    /// A recorded session (and its database, for writing more).
    func recordSession(name: String = "train", epochs: Int = 0) throws -> (SessionDatabase, Int64) {
        let database = try SessionDatabase.open(path: databasePath)
        let session = try database.startSession(
            SessionRecord(name: name, script: directory + "/train.py", python: "python3", workingDirectory: directory))
        let id = session.id!
        for epoch in 0..<epochs {
            try database.saveEpoch(
                EpochRecord(sessionId: id, model: "m1", epoch: epoch, metrics: ["loss": 1.0 / Double(epoch + 1)]))
        }
        return (database, id)
    }
}
