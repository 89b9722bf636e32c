import Foundation
import GRDB
import Testing

@testable import Store

/// Databases written by the previous build (schema through v3): findings stored the old way, with
/// a place's role as a prefix of its message, the epoch label at the start of a runtime message,
/// and a fix's applicability inside its JSON. They open, read and migrate to typed values.
@Suite struct SessionMigrationTests {
    static let lastOldMigration = "v3: finding summary"

    /// A database built through v3 and filled as the previous build wrote it (raw SQL: today's
    /// records write the new shape). Returns its path.
    static func oldDatabase(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file(".umlaut/sessions.sqlite")
        try FileManager.default.createDirectory(atPath: directory.file(".umlaut"), withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try SessionDatabase.migrator.migrate(queue, upTo: lastOldMigration)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO session (id, name, script, arguments, python, workingDirectory, startedAt, status)
                    VALUES (1, 'train', '/w/train.py', '[]', 'python3', '/w', '2026-12-01 10:00:00.000', 'completed');
                    INSERT INTO finding (sessionId, key, stage, code, name, severity, summary, message, path, line, column,
                                         endLine, endColumn, help, fix, related, epochs, revision)
                    VALUES (1, 'UM506:o1', 'runtime', 'UM506', 'runtime-learning-rate', 'error', 'The learning rate in effect, 5, is above 0.01',
                            'Epoch 4: the learning rate in effect is 5 (Adam); it is above 0.01 for an adaptive optimizer',
                            '/w/train.py', 6, 30, 6, 47, 'Use a learning rate around 1e-3', NULL,
                            '[{"column":30,"endColumn":47,"endLine":6,"line":6,"message":"root cause: the learning rate of `Adam` is set here","path":"/w/train.py"},{"column":1,"endColumn":26,"endLine":8,"line":8,"message":"the symptom: training runs here with this rate","path":"/w/train.py"}]',
                            '[1,2,3]', 1);
                    INSERT INTO finding (sessionId, key, stage, code, name, severity, message, path, line, related, epochs, revision)
                    VALUES (1, 'UM506:o2', 'runtime', 'UM506', 'runtime-learning-rate', 'warning',
                            'When training starts: the learning rate in effect is -1000 (Adam); it is not positive', '/w/train.py', 7, '[]', '[0]', 2);
                    INSERT INTO finding (sessionId, key, stage, code, name, severity, message, path, line, related, epochs, revision)
                    VALUES (1, 'UM505:m1', 'runtime', 'UM505', 'overfitting', 'warning',
                            'Epochs 3–7: validation loss rose from 0.5 to 0.9 while training loss fell from 0.4 to 0.1 (smoothed, 5 epochs in a row)',
                            '/w/train.py', 9, '[]', '[6,7]', 3);
                    INSERT INTO finding (sessionId, key, stage, code, name, severity, message, path, line, related, epochs, revision)
                    VALUES (1, 'UM510:m1', 'runtime', 'UM510', 'train-validation-overlap', 'warning',
                            '64 of 64 validation samples (100%) are identical to training samples', '/w/train.py', 10, '[]', '[0]', 4);
                    INSERT INTO finding (sessionId, key, stage, code, name, severity, message, path, line, column, endLine, endColumn,
                                         fix, related, epochs, revision)
                    VALUES (1, 'static:UM301:6:30', 'static', 'UM301', 'learning-rate-range', 'warning',
                            'Epoch-free static message: the learning rate 5.0 is above 0.01', '/w/train.py', 6, 30, 6, 47,
                            '{"applicability":"unsafe","edits":[{"column":44,"content":"1e-3","endColumn":47,"endLine":6,"line":6}],"title":"Use 1e-3"}',
                            '[{"column":5,"endColumn":10,"endLine":2,"line":2,"message":"root cause: not a role in a static finding","path":"/w/train.py"}]',
                            '[]', 5);
                    INSERT INTO crash (sessionId, exceptionType, message, path, line, cause, frames, revision)
                    VALUES (1, 'ValueError', 'shapes differ', '/w/train.py', 12,
                            '{"column":1,"endColumn":9,"endLine":11,"line":11,"message":"likely cause: the loss expects one-hot labels","path":"/w/train.py"}',
                            '[]', 6);
                    UPDATE storeRevision SET value = 6 WHERE id = 1;
                    """)
        }
        return path
    }

    /// What every reader sees of the old rows, whichever way the database was opened.
    static func expectUpgraded(_ database: SessionDatabase) throws {
        let findings = Dictionary(uniqueKeysWithValues: try database.findings(sessionId: 1).map { ($0.key, $0) })
        let rate = try #require(findings["UM506:o1"])
        #expect(rate.severity == .error)
        #expect(rate.message == "the learning rate in effect is 5 (Adam); it is above 0.01 for an adaptive optimizer")
        #expect(rate.related.map(\.role) == [.rootCause, .symptom])
        #expect(
            rate.related.map(\.message) == [
                "the learning rate of `Adam` is set here", "training runs here with this rate",
            ])
        #expect(
            rate.related.map(\.labelledMessage) == [
                "root cause: the learning rate of `Adam` is set here",
                "the symptom: training runs here with this rate",
            ])
        #expect(rate.related[1].line == 8 && rate.related[1].endColumn == 26)
        #expect(rate.epochs == [1, 2, 3])
        #expect(findings["UM506:o2"]?.message == "the learning rate in effect is -1000 (Adam); it is not positive")
        #expect(findings["UM506:o2"]?.severity == .warning)
        #expect(findings["UM505:m1"]?.message.hasPrefix("validation loss rose from 0.5") == true)
        // No label to strip.
        #expect(findings["UM510:m1"]?.message == "64 of 64 validation samples (100%) are identical to training samples")
        // Static findings keep their text; their places are context.
        let check = try #require(findings["static:UM301:6:30"])
        #expect(check.message == "Epoch-free static message: the learning rate 5.0 is above 0.01")
        #expect(check.related.map(\.role) == [.context])
        #expect(check.related.first?.message == "root cause: not a role in a static finding")
        #expect(check.fix?.applicability == .unsafe)
        #expect(check.fix?.title == "Use 1e-3")
        #expect(check.fix?.edits.first?.content == "1e-3")
        let crash = try #require(try database.crash(sessionId: 1))
        #expect(crash.cause?.role == .rootCause)
        #expect(crash.cause?.message == "likely cause: the loss expects one-hot labels")
    }

    @Test func anOldDatabaseIsReadThroughAnUpToDateCopyAndTheFileIsLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.oldDatabase(in: directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try SessionDatabase.openForReading(path: path)
        #expect(reader.isSnapshot)
        try Self.expectUpgraded(reader)
        #expect(try reader.latestRuntimeFindings().first?.findings.count == 4)
        #expect(try reader.revision() == 6)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let applied = try DatabaseQueue(path: path).read { try SessionDatabase.migrator.appliedIdentifiers($0) }
        #expect(!applied.contains { $0.hasPrefix("v4") })
    }

    @Test func openingAnOldDatabaseForWritingMigratesTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.oldDatabase(in: directory)
        let database = try SessionDatabase.open(path: path)
        try Self.expectUpgraded(database)
        let stored = try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT fix, fixApplicability FROM finding WHERE key = 'static:UM301:6:30'")
        }
        #expect(stored?["fixApplicability"] == "unsafe")
        #expect((stored?["fix"] as String?)?.contains("applicability") == false)
        // A reader of the migrated file reads it directly.
        let reader = try SessionDatabase.openForReading(path: path)
        #expect(!reader.isSnapshot)
        try Self.expectUpgraded(reader)
    }

    @Test func aSnapshotFollowsTheFilesRevision() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.oldDatabase(in: directory)
        let reader = try SessionDatabase.openForReading(path: path)
        #expect(try reader.revision() == 6)
        // A run of this version migrates the file and writes to it.
        let writer = try SessionDatabase.open(path: path)
        try writer.saveFinding(
            FindingRecord(
                sessionId: 1, key: "UM502:m1", stage: .runtime, code: "UM502", name: "nan-loss",
                severity: .error, message: "the loss became NaN", path: "/w/train.py", line: 5, epochs: [4]))
        #expect(try reader.revision() == 7)
        let reopened = try SessionDatabase.openForReading(path: path)
        #expect(!reopened.isSnapshot)
        #expect(try reopened.findings(sessionId: 1).contains { $0.key == "UM502:m1" })
    }

    /// `umlaut run` creating the file while a reader (the language server) opens it: the reader
    /// waits for the migrations instead of reading a copy frozen half-made, in which it would
    /// never see the run's findings (RunCommandTests' reader in another process failed so).
    @Test func aFileBeingMigratedByAWriterIsWaitedForNotCopied() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file(".umlaut/sessions.sqlite")
        try FileManager.default.createDirectory(atPath: directory.file(".umlaut"), withIntermediateDirectories: true)
        let identifiers = SessionDatabase.migrator.migrations
        #expect(identifiers.count >= 3)
        let queue = try DatabaseQueue(path: path)
        try SessionDatabase.migrator.migrate(queue, upTo: identifiers[0])
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // The writer's next migrations, with pauses shorter than the reader's patience.
            for identifier in identifiers.dropFirst() {
                usleep(80_000)
                try? SessionDatabase.migrator.migrate(queue, upTo: identifier)
            }
            finished.signal()
        }
        let reader = try SessionDatabase.openForReading(path: path)
        finished.wait()
        #expect(!reader.isSnapshot)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO session (id, name, script, arguments, python, workingDirectory, startedAt, status)
                    VALUES (1, 'train', '/w/train.py', '[]', 'python3', '/w', '2026-12-01 10:00:00.000', 'running')
                    """)
        }
        #expect(try reader.sessions().map(\.name) == ["train"])
    }

    @Test func theSchemaRefusesValuesOutsideTheEnums() throws {
        let database = try SessionDatabase.inMemory()
        let id = try #require(
            try database.startSession(SessionRecord(name: "a", script: "/a.py", python: "p", workingDirectory: "/")).id)
        try database.saveFinding(
            FindingRecord(
                sessionId: id, key: "k", stage: .static, code: "UM301", name: "n", severity: .hint,
                message: "m", fix: .init(title: "t", applicability: .displayOnly, edits: []),
                related: [
                    .init(role: .symptom, path: "/a.py", line: 1, column: 1, endLine: 1, endColumn: 2, message: "s")
                ]))
        let read = try #require(try database.findings(sessionId: id).first)
        #expect(read.severity == .hint)
        #expect(read.fix?.applicability == .displayOnly)
        #expect(read.related.first?.role == .symptom)
        #expect(throws: DatabaseError.self) {
            try database.writer.write { try $0.execute(sql: "UPDATE finding SET fixApplicability = 'sometimes'") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { try $0.execute(sql: "UPDATE finding SET severity = 'fatal'") }
        }
    }
}
