import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct SessionDatabaseTests {
    func makeSession(_ database: SessionDatabase, name: String = "train") throws -> SessionRecord {
        try database.startSession(
            SessionRecord(
                name: name, script: "/w/train.py", arguments: ["--epochs", "2"],
                python: "/usr/bin/python3", workingDirectory: "/w", umlautPID: Int(getpid())))
    }

    @Test func migrationsCreateEveryTable() throws {
        let database = try SessionDatabase.inMemory()
        let tables = try database.writer.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"
            )
        }
        #expect(tables == ["crash", "epoch", "event", "finding", "session", "sourceLocation", "storeRevision"])
        #expect(try database.revision() == 0)
    }

    @Test func sessionNamesAreMadeUnique() throws {
        let database = try SessionDatabase.inMemory()
        let first = try makeSession(database)
        let second = try makeSession(database)
        let third = try makeSession(database)
        #expect([first.name, second.name, third.name] == ["train", "train-2", "train-3"])
        #expect(try database.session(named: "last").name == "train-3")
        #expect(try database.session(named: "train-2").id == second.id)
        #expect(throws: SessionStoreError.noSuchSession("nope")) { try database.session(named: "nope") }
        #expect(try database.sessions().map(\.name) == ["train", "train-2", "train-3"])
    }

    @Test func epochsKeepNonFiniteMetricsAndReplaceRepeats() throws {
        let database = try SessionDatabase.inMemory()
        let id = try #require(try makeSession(database).id)
        try database.saveEpoch(
            EpochRecord(sessionId: id, model: "m1", epoch: 1, metrics: ["loss": .nan, "val_loss": .infinity]))
        try database.saveEpoch(
            EpochRecord(
                sessionId: id, model: "m1", epoch: 0, duration: 1.5, learningRate: 0.001, metrics: ["loss": 2.3]))
        try database.saveEpoch(
            EpochRecord(
                sessionId: id, model: "m1", epoch: 0, duration: 1.5, learningRate: 0.001, metrics: ["loss": 2.25]))
        let epochs = try database.epochs(sessionId: id)
        #expect(epochs.map(\.epoch) == [0, 1])
        #expect(epochs[0].metrics == ["loss": 2.25])
        #expect(epochs[1].metrics["loss"]?.isNaN == true)
        #expect(epochs[1].metrics["val_loss"] == .infinity)
    }

    @Test func findingsMergeEpochsByKeyAndBumpTheRevision() throws {
        let database = try SessionDatabase.inMemory()
        let id = try #require(try makeSession(database).id)
        let before = try database.revision()
        var finding = FindingRecord(
            sessionId: id, key: "UM501", stage: .runtime, code: "UM501", name: "input-out-of-range",
            severity: .warning, message: "inputs reach 255", path: "/w/train.py", line: 3, column: 1,
            endLine: 3, endColumn: 20,
            related: [.init(path: "/w/train.py", line: 9, column: 1, endLine: 9, endColumn: 4, message: "fit")],
            epochs: [0])
        let first = try database.saveFinding(finding)
        finding.epochs = [2]
        finding.message = "inputs reach 255 (epoch 2)"
        let second = try database.saveFinding(finding)
        #expect(second.id == first.id)
        #expect(second.revision > first.revision)
        #expect(first.revision > before)
        let stored = try database.findings(sessionId: id)
        #expect(stored.count == 1)
        #expect(stored[0].epochs == [0, 2])
        #expect(stored[0].message == "inputs reach 255 (epoch 2)")
        #expect(stored[0].related.first?.line == 9)
    }

    @Test func findingsInAFileComeFromTheLatestSessionAndCanBePolled() throws {
        let database = try SessionDatabase.inMemory()
        let old = try #require(try makeSession(database).id)
        try database.saveFinding(
            FindingRecord(
                sessionId: old, key: "UM302", stage: .static, code: "UM302", name: "high-dropout",
                severity: .warning, message: "old", path: "/w/train.py", line: 5, column: 1))
        let new = try #require(try makeSession(database).id)
        let start = try database.revision()
        #expect(try database.findings(inFile: "/w/train.py").map(\.message) == ["old"])
        try database.saveFinding(
            FindingRecord(
                sessionId: new, key: "UM504", stage: .runtime, code: "UM504", name: "suspicious-validation-accuracy",
                severity: .warning, message: "new", path: "/w/train.py", line: 9, column: 1, epochs: [3]))
        #expect(try database.revision() > start)
        #expect(try database.findings(inFile: "/w/train.py").map(\.message) == ["new"])
        #expect(try database.findings(inFile: "/w/train.py", changedAfter: try database.revision()).isEmpty)
        #expect(try database.findings(inFile: "/w/other.py").isEmpty)
    }

    @Test func eventsAreKeptInOrderEvenWhenMalformed() throws {
        let database = try SessionDatabase.inMemory()
        let id = try #require(try makeSession(database).id)
        try database.appendEvent(EventRecord(sessionId: id, sequence: 0, kind: "hello", payload: #"{"event":"hello"}"#))
        try database.appendEvents([
            EventRecord(sessionId: id, sequence: 1, kind: nil, payload: "\u{FFFD}garbage"),
            EventRecord(sessionId: id, sequence: 0, kind: "hello", payload: "duplicate is ignored"),
        ])
        let events = try database.events(sessionId: id)
        #expect(events.map(\.sequence) == [0, 1])
        #expect(events.map(\.kind) == ["hello", nil])
    }

    @Test func finishingAndDeletingASession() throws {
        let database = try SessionDatabase.inMemory()
        let id = try #require(try makeSession(database).id)
        try database.saveEpoch(EpochRecord(sessionId: id, model: "m1", epoch: 0, metrics: [:]))
        try database.saveSourceLocation(
            SourceLocationRecord(sessionId: id, role: .optimizer, subject: "Adam", path: "/w/train.py", line: 7))
        try database.saveSourceLocation(
            SourceLocationRecord(sessionId: id, role: .optimizer, subject: "Adam", path: "/w/train.py", line: 7))
        #expect(try database.sourceLocations(sessionId: id).count == 1)
        try database.finishSession(id: id, status: .failed, exitCode: 1, note: "ValueError: boom")
        let session = try #require(try database.session(id: id))
        #expect(session.status == .failed)
        #expect(session.exitCode == 1)
        #expect(session.endedAt != nil)
        #expect(!session.isAbandoned)
        try database.deleteSession(id: id)
        #expect(try database.epochs(sessionId: id).isEmpty)
        #expect(try database.sourceLocations(sessionId: id).isEmpty)
    }

    @Test func aRunningSessionOfADeadProcessIsAbandoned() throws {
        let session = SessionRecord(
            name: "x", script: "/x.py", python: "python3", workingDirectory: "/", umlautPID: Int(Int32.max - 7))
        #expect(session.isAbandoned)
        #expect(session.displayStatus == "lost")
        let live = SessionRecord(
            name: "y", script: "/x.py", python: "python3", workingDirectory: "/", umlautPID: Int(getpid()))
        #expect(!live.isAbandoned)
        #expect(live.displayStatus == "running")
    }

    @Test func theSchemaRejectsInvalidRows() throws {
        let database = try SessionDatabase.inMemory()
        let id = try #require(try makeSession(database).id)
        #expect(throws: (any Error).self) {
            try database.saveEpoch(EpochRecord(sessionId: id, model: "m1", epoch: -1, metrics: [:]))
        }
        #expect(throws: (any Error).self) {
            // The type cannot say it; the schema refuses it too.
            try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO finding (sessionId, key, stage, code, name, severity, message, related, epochs, revision)
                        VALUES (?, 'k', 'runtime', 'UM501', 'n', 'fatal', 'm', '[]', '[]', 0)
                        """, arguments: [id])
            }
        }
        #expect(throws: (any Error).self) {
            try database.appendEvent(EventRecord(sessionId: 999, sequence: 0, kind: nil, payload: "no such session"))
        }
    }
}
