import Foundation
import GRDB

/// The training-session store: one SQLite database, by default `.umlaut/sessions.sqlite` in the
/// workspace. The one type that owns the database connection.
///
/// A file database is a `DatabasePool` in WAL mode: one writer at a time, readers in parallel,
/// and a reader in another process (the language server) sees each committed transaction. Every
/// write is its own short transaction, so a killed `umlaut run` leaves everything it had stored
/// intact. Concurrent writers (two runs at once) wait for each other up to `busyTimeout`.
///
/// Thread-safety: `SessionDatabase` is `Sendable`; GRDB serialises writes and isolates reads.
package final class SessionDatabase: Sendable {
    /// The connection. Exposed for tests and for readers that need a query of their own.
    package let writer: any DatabaseWriter
    /// The file, or `:memory:`.
    package let path: String
    /// Whether the database was opened for reading only.
    package let isReadOnly: Bool
    /// For a file written by an earlier version and opened for reading: the file itself, while
    /// `writer` is an up-to-date copy of it in memory (see `openForReading`).
    private let olderFile: (any DatabaseReader)?

    /// Whether this is an in-memory copy, brought up to date, of a file an earlier version wrote:
    /// `revision()` still follows the file, and a reader opens it again when that changes.
    package var isSnapshot: Bool { olderFile != nil }

    private init(writer: any DatabaseWriter, path: String, isReadOnly: Bool, olderFile: (any DatabaseReader)? = nil) {
        self.writer = writer
        self.path = path
        self.isReadOnly = isReadOnly
        self.olderFile = olderFile
    }

    /// Opens (creating if needed) a database file for recording sessions and migrates it.
    ///
    /// - Throws: `SessionStoreError` (`.readOnly`, `.locked`, `.notADatabase`, `.newerSchema`, ...).
    package static func open(path: String, busyTimeout: TimeInterval = 5) throws -> SessionDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw SessionStoreError.readOnly(path: path)
            }
            // Sessions are local: keep a new `.umlaut/` out of version control.
            if (directory as NSString).lastPathComponent == ".umlaut" {
                _ = FileManager.default.createFile(
                    atPath: (directory as NSString).appendingPathComponent(".gitignore"), contents: Data("*\n".utf8))
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "umlaut.sessions"
        // In WAL mode, NORMAL syncs at checkpoints instead of at every commit: a commit survives
        // the death of the process (SIGKILL included), only a power loss can take the last ones.
        // One event per transaction with FULL would cost a disk flush per event.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try migrate(pool, path: path)
            return SessionDatabase(writer: pool, path: path, isReadOnly: false)
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError.translating(error, path: path)
        }
    }

    /// Opens an existing database file for reading only (`sessions`, `show`, `diff`, the language
    /// server). Works on read-only files; never changes the file. A file an earlier version wrote
    /// (some migrations not applied) is read through a copy in memory that is migrated, so
    /// readers see one schema; the next `open` for writing migrates the file itself.
    ///
    /// - Throws: `SessionStoreError.cannotOpen` when there is no file.
    package static func openForReading(path: String, busyTimeout: TimeInterval = 5) throws -> SessionDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SessionStoreError.cannotOpen(
                path: path, reason: "no such file (no session has been recorded there yet)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "umlaut.sessions.reader"
        do {
            var queue: DatabaseQueue
            do {
                queue = try DatabaseQueue(path: path, configuration: configuration)
                _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            } catch {
                // A WAL database in a directory this user cannot write: SQLite cannot create the
                // shared-memory file. Read the file as immutable instead (what it holds after the
                // last writer closed, which checkpoints).
                queue = try DatabaseQueue(path: Self.immutableURI(path), configuration: configuration)
            }
            let schema = { () throws -> (applied: Set<String>, isCurrent: Bool) in
                try queue.read { db in
                    if try migrator.hasBeenSuperseded(db) { throw SessionStoreError.newerSchema(path: path) }
                    let applied = try migrator.appliedIdentifiers(db)
                    guard !applied.isEmpty else {
                        throw SessionStoreError.cannotOpen(path: path, reason: "it holds no sessions schema")
                    }
                    return (applied, try migrator.hasCompletedMigrations(db))
                }
            }
            var (applied, isCurrent) = try schema()
            // Some migrations missing is either a file an earlier version wrote, or one a writer of
            // this version (`umlaut run` starting) is migrating right now, one migration after
            // another. A copy of the second would be frozen half-made: the reader (the language
            // server) would never see the run's findings. So wait while the migrations progress;
            // a file that has not changed for 200 ms is an earlier version's.
            let deadline = Date().addingTimeInterval(busyTimeout)
            var lastProgress = Date()
            while !isCurrent, Date() < deadline, Date().timeIntervalSince(lastProgress) < 0.2 {
                usleep(20_000)
                let now = try schema()
                if now.applied != applied { lastProgress = Date() }
                (applied, isCurrent) = now
            }
            if isCurrent { return SessionDatabase(writer: queue, path: path, isReadOnly: true) }
            let copy = try DatabaseQueue()
            try queue.backup(to: copy)
            try migrator.migrate(copy)
            return SessionDatabase(writer: copy, path: path, isReadOnly: true, olderFile: queue)
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError.translating(error, path: path)
        }
    }

    /// `file:` URI that opens a database file without locking or writing anything beside it.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// A fresh, migrated in-memory database (tests).
    package static func inMemory() throws -> SessionDatabase {
        let queue = try DatabaseQueue()
        try migrate(queue, path: ":memory:")
        return SessionDatabase(writer: queue, path: ":memory:", isReadOnly: false)
    }

    private static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
            throw SessionStoreError.newerSchema(path: path)
        }
        let isCurrent = try writer.read { try migrator.hasCompletedMigrations($0) }
        try migrator.migrate(writer)
        // A pool's reader that read before the migration may keep the old columns of a table in
        // its prepared statements (`SELECT *` read without `fixApplicability`): start afresh.
        if !isCurrent, let pool = writer as? DatabasePool { pool.invalidateReadOnlyConnections() }
    }

    /// Runs a write transaction, translating SQLite's errors into `SessionStoreError`.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(updates)
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError.translating(error, path: path)
        }
    }

    /// Runs a read, translating SQLite's errors into `SessionStoreError`. `ofFile`: read the
    /// file even when this is a snapshot of it.
    func read<T>(ofFile: Bool = false, _ value: (Database) throws -> T) throws -> T {
        do {
            if ofFile, let olderFile { return try olderFile.read(value) }
            return try writer.read(value)
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError.translating(error, path: path)
        }
    }

    /// Increments the store's revision inside a write and returns the new value.
    static func bumpRevision(_ db: Database) throws -> Int64 {
        try db.execute(sql: "UPDATE storeRevision SET value = value + 1 WHERE id = 1")
        return try Int64.fetchOne(db, sql: "SELECT value FROM storeRevision WHERE id = 1") ?? 0
    }
}

extension SessionDatabase {
    /// The workspace database for a directory: `.umlaut/sessions.sqlite` in the nearest
    /// ancestor that already has a `.umlaut` directory, else in `directory` itself.
    package static func defaultPath(startingAt directory: String) -> String {
        var current = (directory as NSString).standardizingPath
        while true {
            var isDirectory: ObjCBool = false
            let candidate = (current as NSString).appendingPathComponent(".umlaut")
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return (candidate as NSString).appendingPathComponent("sessions.sqlite")
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        return ((directory as NSString).appendingPathComponent(".umlaut") as NSString).appendingPathComponent(
            "sessions.sqlite")
    }
}
