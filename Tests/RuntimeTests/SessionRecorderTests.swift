import Foundation
import Testing

@testable import Runtime
@testable import Store

/// The recorder keeps everything it receives when the store fails, retries, and falls back to
/// a file; driven in-process with a store that fails on demand.
@Suite struct SessionRecorderTests {
    /// Opens an in-memory database, or fails while `failure` is set.
    final class FlakyStore {
        var failure: SessionStoreError?
        let database: SessionDatabase
        var attempts = 0

        init() throws { database = try SessionDatabase.inMemory() }

        func open() throws -> SessionDatabase {
            attempts += 1
            if let failure { throw failure }
            return database
        }
    }

    func recorder(
        _ store: FlakyStore, path: String = "/nonexistent/dir/s.sqlite", messages: @escaping (String) -> Void = { _ in }
    ) -> SessionRecorder {
        SessionRecorder(
            databasePath: path,
            session: SessionRecord(name: "run", script: "/t.py", python: "p", workingDirectory: "/"),
            retryInterval: 0, open: { try store.open() }, report: messages)
    }

    @Test func eventsReceivedWhileTheStoreIsLockedAreStoredWhenItFrees() throws {
        let store = try FlakyStore()
        store.failure = .locked(path: "s.sqlite")
        var messages: [String] = []
        let recorder = recorder(store) { messages.append($0) }
        recorder.start()
        for index in 0..<3 { recorder.recordEvent(kind: "epoch", payload: "{\"n\": \(index)}") }
        recorder.recordEpoch(EpochRecord(sessionId: 0, model: "m1", epoch: 0, metrics: ["loss": 1]))
        #expect(!recorder.isUpToDate)
        #expect(messages.count == 1, "the failure is said once: \(messages)")
        #expect(messages.first?.contains("locked") == true)
        store.failure = nil
        #expect(recorder.finish(status: .completed, exitCode: 0, note: nil) == nil)
        #expect(recorder.isUpToDate)
        let session = try store.database.session(named: "run")
        #expect(session.status == .completed)
        #expect(
            try store.database.events(sessionId: session.id!).map(\.payload) == [
                "{\"n\": 0}", "{\"n\": 1}", "{\"n\": 2}",
            ])
        #expect(try store.database.epochs(sessionId: session.id!).count == 1)
    }

    @Test func aStoreThatNeverOpensLeavesTheEventsInAFile() throws {
        let store = try FlakyStore()
        store.failure = .readOnly(path: "s.sqlite")
        let recorder = recorder(store)
        recorder.start()
        recorder.recordEvent(kind: "hello", payload: "{\"event\": \"hello\"}")
        recorder.recordEvent(kind: nil, payload: "garbage")
        let fallback = try #require(recorder.finish(status: .completed, exitCode: 0, note: nil))
        defer { try? FileManager.default.removeItem(atPath: fallback) }
        #expect(
            fallback.hasPrefix(NSTemporaryDirectory()),
            "the database's directory does not exist, so the file goes to the temporary directory")
        #expect(try String(contentsOfFile: fallback, encoding: .utf8) == "{\"event\": \"hello\"}\ngarbage\n")
        #expect(!recorder.isUpToDate)
    }

    @Test func aDamagedDatabaseIsNeverWrittenAfterItIsCalledDamaged() throws {
        let store = try FlakyStore()
        store.failure = .notADatabase(path: "s.sqlite")
        var messages: [String] = []
        // Its own session name: the fallback file is named after it, and tests run in parallel.
        let recorder = SessionRecorder(
            databasePath: "/nonexistent/dir/s.sqlite",
            session: SessionRecord(name: "damaged", script: "/t.py", python: "p", workingDirectory: "/"),
            retryInterval: 0, open: { try store.open() }, report: { messages.append($0) })
        recorder.start()
        recorder.recordEvent(kind: "hello", payload: "{\"event\": \"hello\"}")
        store.failure = nil  // were it retried, it would now open and be written
        recorder.recordEvent(kind: "epoch", payload: "{\"event\": \"epoch\"}")
        let fallback = try #require(recorder.finish(status: .completed, exitCode: 0, note: nil))
        defer { try? FileManager.default.removeItem(atPath: fallback) }
        #expect(store.attempts == 1, "opened again after it was called damaged: \(store.attempts)")
        #expect(
            messages.count == 1 && messages[0].contains("damaged") && messages[0].contains("stops writing"),
            "\(messages)")
        #expect(try store.database.sessions().isEmpty)
        #expect(
            try String(contentsOfFile: fallback, encoding: .utf8) == "{\"event\": \"hello\"}\n{\"event\": \"epoch\"}\n")
    }

    @Test func retriesAreSpacedOutWhileTheStoreIsDown() throws {
        let store = try FlakyStore()
        store.failure = .locked(path: "s.sqlite")
        let spaced = SessionRecorder(
            databasePath: "/x/s.sqlite",
            session: SessionRecord(name: "run", script: "/t.py", python: "p", workingDirectory: "/"),
            retryInterval: 3600, open: { try store.open() }, report: { _ in })
        spaced.start()
        for _ in 0..<20 { spaced.recordEvent(kind: "log", payload: "{}") }
        #expect(store.attempts == 1, "no retry within the interval: \(store.attempts)")
        store.failure = nil
        #expect(spaced.finish(status: .completed, exitCode: 0, note: nil) == nil)
        #expect(try store.database.events(sessionId: try store.database.session(named: "run").id!).count == 20)
    }
}
