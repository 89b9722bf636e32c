import Foundation
import TestSupport
import Testing

@testable import EditorLink

/// The channel's two ends over real Unix sockets: a request reaches the listener's handler as
/// sent and its reply comes back; malformed lines never reach the handler; advertisements are
/// private, removed at stop, and those of dead servers are cleaned; a workspace path too long
/// for `sun_path` puts the socket in the user's private directory. Sending blocks, so it runs off
/// the test pool.
@Suite struct EditorChannelTests {
    /// Records the requests the handler saw.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [EditorChannel.Request] = []
        var requests: [EditorChannel.Request] { lock.withLock { seen } }
        func record(_ request: EditorChannel.Request) { lock.withLock { seen.append(request) } }
    }

    /// How long a sender waits here for the handler. The handler runs as a task on Swift
    /// Testing's cooperative pool, which other suites' synchronous work can hold for tens of
    /// seconds on a 2-core machine; the editor's own 5 s default is for a live server.
    static let patience = 120.0

    static let range = EditorChannel.Range(
        start: .init(line: 4, character: 2), end: .init(line: 4, character: 17))

    @Test func aRequestReachesTheHandlerAndItsReplyComesBack() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let recorder = Recorder()
        let listener = try EditorChannelListener(folders: [workspace.path]) { request in
            recorder.record(request)
            return .done
        }
        defer { listener.stop() }
        let advertisement = try #require(listener.advertisementPaths.first)
        #expect(advertisement == EditorChannel.directory(workspace: workspace.path) + "/\(getpid()).json")
        let attributes = try FileManager.default.attributesOfItem(atPath: advertisement)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(
            atPath: EditorChannel.directory(workspace: workspace.path))
        #expect((directoryAttributes[.posixPermissions] as? Int) == 0o700)
        #expect(EditorChannel.advertisements(workspace: workspace.path).map(\.socket) == [listener.socketPath])

        let uri = "file://\(workspace.path)/train.py"
        let outcome = try await offTheTestPool {
            EditorChannel.open(uri: uri, range: Self.range, workspace: workspace.path, timeout: Self.patience)
        }
        #expect(outcome == .opened)
        #expect(recorder.requests == [EditorChannel.Request(uri: uri, range: Self.range)])

        listener.stop()
        #expect(!FileManager.default.fileExists(atPath: advertisement))
        #expect(!FileManager.default.fileExists(atPath: listener.socketPath))
        let after = try await offTheTestPool {
            EditorChannel.open(uri: uri, range: Self.range, workspace: workspace.path, timeout: Self.patience)
        }
        #expect(after == .noEditor)
    }

    @Test func aRefusalIsPassedOnToTheSender() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let listener = try EditorChannelListener(folders: [workspace.path]) { _ in .refused("outside the workspace") }
        defer { listener.stop() }
        let outcome = try await offTheTestPool {
            EditorChannel.open(
                uri: "file:///etc/passwd", range: Self.range, workspace: workspace.path, timeout: Self.patience)
        }
        #expect(outcome == .refused("outside the workspace"))
    }

    @Test func linesThatAreNotRequestsAreRefusedWithoutReachingTheHandler() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let recorder = Recorder()
        let listener = try EditorChannelListener(folders: [workspace.path]) { request in
            recorder.record(request)
            return .done
        }
        defer { listener.stop() }
        let socket = listener.socketPath
        let lines = [
            "not json", "{\"uri\": \"file:///x.py\"}", "{\"uri\": 3, \"range\": {}}",
            "[1, 2, 3]", "{\"uri\": \"file:///x.py\", \"range\": {\"start\": {\"line\": \"one\"}}}",
        ]
        let replies = try await offTheTestPool {
            lines.map { EditorChannel.send(line: Data($0.utf8), toSocket: socket) }
        }
        for (line, reply) in zip(lines, replies) {
            guard case .success(let answer) = reply else {
                Issue.record("\(line): no reply")
                continue
            }
            #expect(!answer.ok, "\(line)")
            #expect(answer.error?.hasPrefix("not a request") == true, "\(line)")
        }
        #expect(recorder.requests.isEmpty)
        // A line longer than the limit is refused too, and the listener goes on serving.
        let long = Data(repeating: UInt8(ascii: "a"), count: EditorChannel.requestLimit + 10)
        let afterLong = try await offTheTestPool {
            (
                EditorChannel.send(line: long, toSocket: socket),
                EditorChannel.send(
                    EditorChannel.Request(uri: "file:///x.py", range: Self.range), toSocket: socket,
                    timeout: Self.patience)
            )
        }
        if case .success(let answer) = afterLong.0 { #expect(!answer.ok) }
        #expect((try? afterLong.1.get()) == .done)
        #expect(recorder.requests.count == 1)
    }

    @Test func theAdvertisementsOfDeadServersAreRemoved() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        // A process id that was used and is now free.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let directory = EditorChannel.directory(workspace: workspace.path)
        let deadSocket = directory + "/\(dead).sock"
        let stale = try workspace.write(
            ".umlaut/editors/\(dead).json",
            String(
                decoding: try JSONEncoder().encode(
                    EditorChannel.Advertisement(socket: deadSocket, pid: dead, folders: [workspace.path])),
                as: UTF8.self))
        try workspace.write(".umlaut/editors/\(dead).sock", "")
        #expect(EditorChannel.advertisements(workspace: workspace.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(!FileManager.default.fileExists(atPath: deadSocket))
        let outcome = try await offTheTestPool {
            EditorChannel.open(
                uri: "file:///x.py", range: Self.range, workspace: workspace.path, timeout: Self.patience)
        }
        #expect(outcome == .noEditor)

    }

    @Test func severalEditorsAreAskedNewestFirstUntilOneShowsThePlace() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let olderSeen = Recorder()
        let newerSeen = Recorder()
        // Two live servers: this process's parent stands for the older one.
        let older = try EditorChannelListener(folders: [workspace.path], pid: getppid()) { request in
            olderSeen.record(request)
            return .done
        }
        defer { older.stop() }
        try await Task.sleep(for: .milliseconds(20))
        let newer = try EditorChannelListener(folders: [workspace.path], pid: getpid()) { request in
            newerSeen.record(request)
            return .refused("this editor has no such file")
        }
        defer { newer.stop() }
        #expect(EditorChannel.advertisements(workspace: workspace.path).map(\.pid) == [getpid(), getppid()])
        let outcome = try await offTheTestPool {
            EditorChannel.open(
                uri: "file:///x.py", range: Self.range, workspace: workspace.path, timeout: Self.patience)
        }
        #expect(outcome == .opened)
        #expect(newerSeen.requests.count == 1)
        #expect(olderSeen.requests.count == 1)
    }

    @Test func aWorkspaceTooDeepForSunPathGetsItsSocketInThePrivateDirectory() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let deep = workspace.path + "/" + String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60)
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        let recorder = Recorder()
        let listener = try EditorChannelListener(folders: [deep]) { request in
            recorder.record(request)
            return .done
        }
        defer { listener.stop() }
        #expect(!listener.socketPath.hasPrefix(deep))
        #expect(listener.socketPath.utf8.count <= UnixSocket.maximumPathBytes)
        let directory = (listener.socketPath as NSString).deletingLastPathComponent
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        // The advertisement is still in the workspace, and names the socket.
        #expect(EditorChannel.advertisements(workspace: deep).map(\.socket) == [listener.socketPath])
        let outcome = try await offTheTestPool {
            EditorChannel.open(uri: "file://\(deep)/a.py", range: Self.range, workspace: deep, timeout: Self.patience)
        }
        #expect(outcome == .opened)
        #expect(recorder.requests.count == 1)
    }
}
