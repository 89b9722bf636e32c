import Foundation
import GRDB

/// The project index of project search: the projects and files indexed, the features the
/// analysis found in each file, and file embeddings. Its own SQLite file and its own migration
/// history, apart from the session database; the one type that owns its connection.
///
/// A file index is a `DatabasePool` in WAL mode: the indexer writes one file's rows per
/// transaction while searches read in parallel, and a reader in another process (the language
/// server) sees each committed file. `revision()` is a counter such a reader polls cheaply.
///
/// Thread-safety: `ProjectIndexDatabase` is `Sendable`; GRDB serialises writes and isolates reads.
package final class ProjectIndexDatabase: Sendable {
    /// The connection. Exposed for tests and for readers that need a query of their own.
    package let writer: any DatabaseWriter
    /// The file, or `:memory:`.
    package let path: String
    /// Whether the index was opened for reading only.
    package let isReadOnly: Bool

    private init(writer: any DatabaseWriter, path: String, isReadOnly: Bool) {
        self.writer = writer
        self.path = path
        self.isReadOnly = isReadOnly
    }

    /// Opens (creating if needed) an index file and migrates it. A database file that holds
    /// something else is refused and left untouched.
    ///
    /// - Throws: `ProjectIndexError` (`.readOnly`, `.locked`, `.notAProjectIndex`, `.newerSchema`, ...).
    package static func open(path: String, busyTimeout: TimeInterval = 5) throws -> ProjectIndexDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ProjectIndexError.readOnly(path: path)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "umlaut.projectIndex"
        // WAL with NORMAL: a commit survives the death of the indexer; re-indexing restores
        // whatever a power loss takes.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try migrate(pool, path: path)
            return ProjectIndexDatabase(writer: pool, path: path, isReadOnly: false)
        } catch let error as ProjectIndexError {
            throw error
        } catch {
            throw ProjectIndexError.translating(error, path: path)
        }
    }

    /// Opens an existing index file for reading only (searches, the language server).
    ///
    /// - Throws: `ProjectIndexError.cannotOpen` when there is no file, `.notAProjectIndex` when
    ///   it holds something else.
    package static func openForReading(path: String, busyTimeout: TimeInterval = 5) throws -> ProjectIndexDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ProjectIndexError.cannotOpen(path: path, reason: "no such file (nothing has been indexed there yet)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "umlaut.projectIndex.reader"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                guard try holdsThisSchema(db) else { throw ProjectIndexError.notAProjectIndex(path: path) }
                if try migrator.hasBeenSuperseded(db) { throw ProjectIndexError.newerSchema(path: path) }
                guard try migrator.hasCompletedMigrations(db) else {
                    throw ProjectIndexError.cannotOpen(
                        path: path, reason: "its schema is older than this umlaut's; index again to update it")
                }
            }
            return ProjectIndexDatabase(writer: queue, path: path, isReadOnly: true)
        } catch let error as ProjectIndexError {
            throw error
        } catch {
            throw ProjectIndexError.translating(error, path: path)
        }
    }

    /// A fresh, migrated in-memory index (tests, throw-away searches).
    package static func inMemory() throws -> ProjectIndexDatabase {
        let queue = try DatabaseQueue()
        try migrate(queue, path: ":memory:")
        return ProjectIndexDatabase(writer: queue, path: ":memory:", isReadOnly: false)
    }

    private static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        try writer.read { db in
            guard try isEmpty(db) || holdsThisSchema(db) else { throw ProjectIndexError.notAProjectIndex(path: path) }
            if try migrator.hasBeenSuperseded(db) { throw ProjectIndexError.newerSchema(path: path) }
        }
        try migrator.migrate(writer)
    }

    /// Whether the database has no tables yet (a new file).
    private static func isEmpty(_ db: Database) throws -> Bool {
        try Int.fetchOne(
            db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") == 0
    }

    /// Whether this index history's first migration was applied to the database: another
    /// area's database (sessions) has a migration table too, but not this history.
    static func holdsThisSchema(_ db: Database) throws -> Bool {
        guard try db.tableExists("grdb_migrations") else { return false }
        return try migrator.appliedIdentifiers(db).contains(firstMigration)
    }

    /// Runs a write transaction, translating SQLite's errors into `ProjectIndexError`.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(updates)
        } catch let error as ProjectIndexError {
            throw error
        } catch {
            throw ProjectIndexError.translating(error, path: path)
        }
    }

    /// Runs a read, translating SQLite's errors into `ProjectIndexError`.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(value)
        } catch let error as ProjectIndexError {
            throw error
        } catch {
            throw ProjectIndexError.translating(error, path: path)
        }
    }

    /// Increments the index's revision inside a write and returns the new value.
    static func bumpRevision(_ db: Database) throws -> Int64 {
        try db.execute(sql: "UPDATE indexRevision SET value = value + 1 WHERE id = 1")
        return try Int64.fetchOne(db, sql: "SELECT value FROM indexRevision WHERE id = 1") ?? 0
    }
}
