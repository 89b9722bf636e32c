import Foundation
import GRDB
import Testing

@testable import Store

/// The store on real files: WAL, reopening, read-only and locked databases.
@Suite struct SessionDatabaseFileTests {
    @Test func aFileDatabaseUsesWALAndSurvivesReopening() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".umlaut/sessions.sqlite")
        do {
            let database = try SessionDatabase.open(path: path)
            let mode = try database.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            let synchronous = try database.writer.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
            #expect(synchronous == 1, "NORMAL")
            let session = try database.startSession(
                SessionRecord(name: "a", script: "/a.py", python: "p", workingDirectory: "/"))
            try database.saveEpoch(
                EpochRecord(sessionId: try #require(session.id), model: "m1", epoch: 0, metrics: ["loss": 1]))
        }
        #expect(try String(contentsOfFile: directory.file(".umlaut/.gitignore"), encoding: .utf8) == "*\n")
        let reopened = try SessionDatabase.open(path: path)
        #expect(try reopened.sessions().map(\.name) == ["a"])
        let reader = try SessionDatabase.openForReading(path: path)
        #expect(reader.isReadOnly)
        #expect(try reader.epochs(sessionId: 1).count == 1)
    }

    @Test func aReaderInAnotherConnectionSeesNewFindingsThroughTheRevision() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("s.sqlite")
        let writer = try SessionDatabase.open(path: path)
        let reader = try SessionDatabase.openForReading(path: path)
        let seen = try reader.revision()
        let id = try #require(
            try writer.startSession(SessionRecord(name: "a", script: "/a.py", python: "p", workingDirectory: "/")).id)
        try writer.saveFinding(
            FindingRecord(
                sessionId: id, key: "UM502", stage: .runtime, code: "UM502", name: "nan-loss",
                severity: .error, message: "NaN", path: "/a.py", line: 4, column: 1, epochs: [1]))
        #expect(try reader.revision() > seen)
        #expect(try reader.findings(inFile: "/a.py", changedAfter: seen).map(\.code) == ["UM502"])
    }

    @Test func aMissingFileIsAClearErrorForReaders() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: SessionStoreError.self) {
            try SessionDatabase.openForReading(path: directory.file("none.sqlite"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("none.sqlite")))
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("notes.sqlite")
        let text = String(repeating: "these are my notes, not a database\n", count: 200)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SessionStoreError.notADatabase(path: path)) { try SessionDatabase.open(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test(.enabled(if: ReadOnly.isSupported)) func aReadOnlyDatabaseCanBeReadButNotWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("s.sqlite")
        do {
            let database = try SessionDatabase.open(path: path)
            _ = try database.startSession(
                SessionRecord(name: "kept", script: "/a.py", python: "p", workingDirectory: "/"))
            _ = try database.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        }
        ReadOnly.make([path, directory.path])
        #expect(throws: SessionStoreError.readOnly(path: path)) { try SessionDatabase.open(path: path) }
        let reader = try SessionDatabase.openForReading(path: path)
        #expect(try reader.sessions().map(\.name) == ["kept"])
    }

    @Test func aLockedDatabaseFailsAfterTheBusyTimeoutWithoutDamage() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("s.sqlite")
        let database = try SessionDatabase.open(path: path, busyTimeout: 0.2)
        let id = try #require(
            try database.startSession(SessionRecord(name: "a", script: "/a.py", python: "p", workingDirectory: "/")).id)
        // Another process's long write transaction, simulated with a second connection.
        let other = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0),
            done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE; UPDATE storeRevision SET value = value + 100")
                locked.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
            done.signal()
        }
        locked.wait()
        #expect(throws: SessionStoreError.locked(path: path)) {
            try database.saveEpoch(EpochRecord(sessionId: id, model: "m1", epoch: 0, metrics: ["loss": 1]))
        }
        release.signal()
        done.wait()
        try database.saveEpoch(EpochRecord(sessionId: id, model: "m1", epoch: 0, metrics: ["loss": 1]))
        #expect(try database.epochs(sessionId: id).count == 1)
        let check = try database.writer.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
    }

    @Test func twoWritersAtOnceBothKeepEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("s.sqlite")
        let first = try SessionDatabase.open(path: path)
        let second = try SessionDatabase.open(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for database in [first, second] {
                group.addTask {
                    let id = try #require(
                        try database.startSession(
                            SessionRecord(name: "run", script: "/a.py", python: "p", workingDirectory: "/")
                        ).id)
                    for epoch in 0..<50 {
                        try database.appendEvent(
                            EventRecord(sessionId: id, sequence: epoch, kind: "epoch", payload: "{}"))
                        try database.saveEpoch(
                            EpochRecord(sessionId: id, model: "m1", epoch: epoch, metrics: ["loss": Double(epoch)]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let sessions = try first.sessions()
        #expect(Set(sessions.map(\.name)) == ["run", "run-2"])
        for session in sessions {
            #expect(try first.epochs(sessionId: try #require(session.id)).count == 50)
        }
    }
}
