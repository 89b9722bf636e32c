import Foundation
import GRDB
import Testing

@testable import Store

/// The project index on real files: its own migrations on a fresh file, apart from session
/// databases, readers in other connections, and locked or foreign files.
@Suite struct ProjectIndexDatabaseFileTests {
    static func tables(_ writer: any DatabaseWriter) throws -> [String] {
        try writer.read {
            try String.fetchAll(
                $0,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
    }

    static func migrations(_ writer: any DatabaseWriter) throws -> [String] {
        try writer.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    }

    static let allMigrations = [
        ProjectIndexDatabase.firstMigration, ProjectIndexDatabase.secondMigration, ProjectIndexDatabase.thirdMigration,
    ]

    /// An index written before v2 keeps its rows and gains v2's columns and tables on opening.
    @Test func aVersionOneIndexIsMigratedWithItsRows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("old/index.sqlite")
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: path)
            try ProjectIndexDatabase.migrator.migrate(queue, upTo: ProjectIndexDatabase.firstMigration)
            try queue.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO project (root, name, source, indexedAt, revision) VALUES ('/p', 'p', 'directory', '2026-01-01', 1)"
                )
                try db.execute(
                    sql: """
                        INSERT INTO file (projectId, path, kind, contentHash, size, modifiedAt, revision)
                        VALUES (1, 'a.py', 'py', 'h', 3, '2026-01-01', 1)
                        """)
            }
        }
        let index = try ProjectIndexDatabase.open(path: path)
        #expect(try Self.migrations(index.writer) == Self.allMigrations)
        let project = try #require(try index.project(root: "/p"))
        #expect(project.title == nil)
        #expect(project.fileCount == 0)
        let projectId = try #require(project.id)
        let file = try #require(try index.files(projectId: projectId).first)
        #expect(file.path == "a.py")
        #expect(file.lineCount == 0)
        #expect(try index.search(text: "\"p\"", filter: nil, limit: 5).isEmpty)
    }

    @Test func theMigrationsApplyOnAFreshFileWhichUsesWALAndSurvivesReopening() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("new/index.sqlite")
        do {
            let index = try ProjectIndexDatabase.open(path: path)
            #expect(
                try Self.tables(index.writer) == [
                    "embedding", "embeddingModel", "file", "fileFeature", "fileMention", "fileTerms", "grdb_migrations",
                    "indexRevision", "project",
                    "projectAttribute", "searchText", "searchText_config", "searchText_content", "searchText_data",
                    "searchText_docsize", "searchText_idx",
                ])
            #expect(try Self.migrations(index.writer) == Self.allMigrations)
            #expect(try index.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
            try index.replaceFile(
                IndexedFileRecord(
                    projectId: project, path: "a.py", kind: .py, contentHash: "h", size: 1, modifiedAt: Date()),
                features: [FileFeature(.framework, "keras")])
        }
        let reopened = try ProjectIndexDatabase.open(path: path)
        #expect(
            try reopened.files(matching: FileFilter([.has(.framework, .equals("keras"))])).map(\.file.path) == ["a.py"])
        let reader = try ProjectIndexDatabase.openForReading(path: path)
        #expect(reader.isReadOnly)
        #expect(try reader.projects().map(\.root) == ["/p"])
    }

    @Test func theIndexAndTheSessionsKeepTheirOwnFilesAndHistories() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sessionsPath = directory.file(".umlaut/sessions.sqlite")
        let indexPath = directory.file(".umlaut/index.sqlite")
        let sessions = try SessionDatabase.open(path: sessionsPath)
        _ = try sessions.startSession(SessionRecord(name: "run", script: "/a.py", python: "p", workingDirectory: "/"))
        let sessionTables = try Self.tables(sessions.writer)
        let sessionMigrations = try Self.migrations(sessions.writer)
        let sessionRevision = try sessions.revision()

        let index = try ProjectIndexDatabase.open(path: indexPath)
        try index.upsertProject(root: "/p", name: "p", source: .directory)

        #expect(try Self.tables(sessions.writer) == sessionTables)
        #expect(try Self.migrations(sessions.writer) == sessionMigrations)
        #expect(try sessions.revision() == sessionRevision)
        #expect(!sessionMigrations.contains(ProjectIndexDatabase.firstMigration))
        #expect(try Self.migrations(index.writer) == Self.allMigrations)
        #expect(
            Set(try Self.tables(index.writer)).isDisjoint(with: Set(sessionTables).subtracting(["grdb_migrations"])))
    }

    @Test func aSessionDatabaseIsNotTakenForAnIndexNorTheOtherWayRound() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sessionsPath = directory.file("sessions.sqlite")
        let indexPath = directory.file("index.sqlite")
        do {
            let sessions = try SessionDatabase.open(path: sessionsPath)
            _ = try sessions.startSession(
                SessionRecord(name: "run", script: "/a.py", python: "p", workingDirectory: "/"))
            _ = try ProjectIndexDatabase.open(path: indexPath).upsertProject(root: "/p", name: "p", source: .directory)
        }
        #expect(throws: ProjectIndexError.notAProjectIndex(path: sessionsPath)) {
            try ProjectIndexDatabase.open(path: sessionsPath)
        }
        #expect(throws: ProjectIndexError.notAProjectIndex(path: sessionsPath)) {
            try ProjectIndexDatabase.openForReading(path: sessionsPath)
        }
        #expect(throws: SessionStoreError.self) { try SessionDatabase.open(path: indexPath) }

        let sessions = try SessionDatabase.openForReading(path: sessionsPath)
        #expect(try sessions.sessions().map(\.name) == ["run"])
        #expect(try !Self.tables(sessions.writer).contains("project"))
        let index = try ProjectIndexDatabase.openForReading(path: indexPath)
        #expect(try index.projects().map(\.root) == ["/p"])
        #expect(try !Self.tables(index.writer).contains("session"))
    }

    @Test func anotherProgramsDatabaseOrAnyOtherFileIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let foreign = directory.file("app.sqlite")
        try DatabaseQueue(path: foreign).write {
            try $0.execute(sql: "CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('mine')")
        }
        #expect(throws: ProjectIndexError.notAProjectIndex(path: foreign)) {
            try ProjectIndexDatabase.open(path: foreign)
        }
        #expect(try Self.tables(DatabaseQueue(path: foreign)) == ["note"])

        let notes = directory.file("notes.sqlite")
        let text = String(repeating: "these are my notes, not a database\n", count: 200)
        try text.write(toFile: notes, atomically: true, encoding: .utf8)
        #expect(throws: ProjectIndexError.notADatabase(path: notes)) { try ProjectIndexDatabase.open(path: notes) }
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == text)

        #expect(throws: ProjectIndexError.self) {
            try ProjectIndexDatabase.openForReading(path: directory.file("none.sqlite"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("none.sqlite")))
    }

    @Test func anIndexFromANewerUmlautIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("index.sqlite")
        do {
            let index = try ProjectIndexDatabase.open(path: path)
            try index.writer.write {
                try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: from the future')")
            }
        }
        #expect(throws: ProjectIndexError.newerSchema(path: path)) { try ProjectIndexDatabase.open(path: path) }
        #expect(throws: ProjectIndexError.newerSchema(path: path)) {
            try ProjectIndexDatabase.openForReading(path: path)
        }
    }

    @Test func aReaderInAnotherConnectionSeesEachFileThroughTheRevision() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("index.sqlite")
        let writer = try ProjectIndexDatabase.open(path: path)
        let reader = try ProjectIndexDatabase.openForReading(path: path)
        let seen = try reader.revision()
        let project = try #require(try writer.upsertProject(root: "/p", name: "p", source: .directory).id)
        try writer.replaceFile(
            IndexedFileRecord(
                projectId: project, path: "a.py", kind: .py, contentHash: "h", size: 1, modifiedAt: Date()),
            features: [FileFeature(.loss, "BCELoss", line: 2)])
        #expect(try reader.revision() > seen)
        #expect(try reader.files(changedAfter: seen).map(\.path) == ["a.py"])
        #expect(throws: (any Error).self) { try reader.upsertProject(root: "/q", name: "q", source: .directory) }
    }

    @Test func aLockedIndexFailsAfterTheBusyTimeoutWithAClearErrorAndNoDamage() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("index.sqlite")
        let index = try ProjectIndexDatabase.open(path: path, busyTimeout: 0.2)
        let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
        let file = IndexedFileRecord(
            projectId: project, path: "a.py", kind: .py, contentHash: "h", size: 1, modifiedAt: Date())
        // Another indexer's long write transaction, simulated with a second connection.
        let other = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0),
            done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE; UPDATE indexRevision SET value = value + 100")
                locked.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
            done.signal()
        }
        locked.wait()
        #expect(throws: ProjectIndexError.locked(path: path)) {
            try index.replaceFile(file, features: [FileFeature(.framework, "keras")])
        }
        #expect(
            ProjectIndexError.locked(path: path).description == "the project index \(path) is locked by another process"
        )
        release.signal()
        done.wait()
        try index.replaceFile(file, features: [FileFeature(.framework, "keras")])
        #expect(try index.files(projectId: project).count == 1)
        #expect(try index.writer.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }
}
