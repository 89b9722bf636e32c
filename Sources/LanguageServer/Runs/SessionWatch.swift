import Foundation
import Store

/// The session databases the server watches for runtime findings, and how it reads them.
///
/// A value owned by the server actor but only ever used on `SessionWatch.queue`: the actor hands
/// a copy to `poll` there and keeps the copy it gets back, so no SQLite call (which may wait for
/// a lock `umlaut run` holds) ever runs on the actor. One poll runs at a time.
///
/// Each poll resolves the database of every directory it is given as `umlaut run` resolves its
/// own (`.umlaut/sessions.sqlite` in the nearest directory upwards that has a `.umlaut/`),
/// opens the files that exist for reading, and reads `revision()`; only a database whose
/// revision moved is read again. A database that does not exist costs a few `stat` calls.
struct SessionWatch: Sendable {
    /// One database file being read.
    struct Watched: Sendable {
        var database: SessionDatabase
        /// The file it was opened on: a database deleted and made again is opened again.
        var identity: FileIdentity
        var revision: Int64
    }

    /// How a run started by the server is going, from the session it records.
    struct RunStatus: Sendable, Equatable {
        var session: SessionRecord
        /// Epochs completed (the highest epoch stored, plus one).
        var epochs: Int
        /// The training loss of the last stored epoch, if it reported one.
        var loss: Double?
        /// Runtime findings recorded so far.
        var findings: Int
    }

    /// What one poll found.
    struct Update: Sendable {
        /// For every database that changed, appeared or went away (an empty list): the runtime
        /// findings of the latest session of each script.
        var findings: [String: [SessionFindings]] = [:]
        /// The runs (by process id) whose database changed.
        var runs: [Int32: RunStatus] = [:]
        /// Databases that exist but could not be read, with why.
        var problems: [String: String] = [:]
    }

    private(set) var watched: [String: Watched] = [:]

    /// The serial queue every read runs on.
    static let queue = DispatchQueue(label: "umlaut.lsp.sessions")

    /// Runs `work` on `queue` and returns its result to the caller's context.
    static func onQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    /// The database a directory's runs are recorded in.
    static func databasePath(forDirectory directory: String) -> String {
        SessionDatabase.defaultPath(startingAt: directory)
    }

    /// Reads what changed in the databases of `directories` and in `databases`, and the status
    /// of `runs` (process id → database path) whose database changed.
    mutating func poll(directories: Set<String>, databases: Set<String>, runs: [Int32: String]) -> Update {
        var update = Update()
        let paths = databases.union(directories.map(Self.databasePath(forDirectory:)))
        for gone in Set(watched.keys).subtracting(paths) {
            watched[gone] = nil
            update.findings[gone] = []
        }
        var changed = Set<String>()
        for path in paths.sorted() {
            guard let identity = FileIdentity(path: path) else {
                if watched.removeValue(forKey: path) != nil { update.findings[path] = [] }
                continue
            }
            if let current = watched[path], current.identity != identity { watched[path] = nil }
            do {
                var entry: Watched
                if let current = watched[path] {
                    entry = current
                } else {
                    entry = Watched(
                        database: try SessionDatabase.openForReading(path: path, busyTimeout: 1), identity: identity,
                        revision: -1)
                }
                let revision = try entry.database.revision()
                if revision != entry.revision {
                    // A copy of a file an earlier version wrote: the file changed, copy it again
                    // (or read it directly, once a run of this version has migrated it).
                    if entry.database.isSnapshot, entry.revision >= 0 {
                        entry.database = try SessionDatabase.openForReading(path: path, busyTimeout: 1)
                    }
                    update.findings[path] = try entry.database.latestRuntimeFindings()
                    entry.revision = revision
                    changed.insert(path)
                }
                watched[path] = entry
            } catch {
                watched[path] = nil
                update.problems[path] = "\(error)"
            }
        }
        for (pid, path) in runs where changed.contains(path) {
            guard let database = watched[path]?.database, let status = try? Self.status(ofRun: pid, in: database) else {
                continue
            }
            update.runs[pid] = status
        }
        return update
    }

    /// The session the `umlaut run` with process id `pid` records, and how far it got.
    static func status(ofRun pid: Int32, in database: SessionDatabase) throws -> RunStatus? {
        guard let session = try database.latestSession(recordedBy: Int(pid)), let id = session.id else { return nil }
        let epochs = try database.epochs(sessionId: id)
        let last = epochs.max { ($0.epoch, $0.receivedAt) < ($1.epoch, $1.receivedAt) }
        let findings = try database.findings(sessionId: id).filter { $0.stage == .runtime }.count
        return RunStatus(
            session: session, epochs: last.map { $0.epoch + 1 } ?? 0, loss: last?.metrics["loss"], findings: findings)
    }
}

/// A file's device and inode: tells a file from another one made at the same path.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path`, or nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
