import Foundation
import GRDB

/// Why the project index could not do something, in words a user can act on.
package enum ProjectIndexError: Error, Equatable, CustomStringConvertible {
    /// The file or its directory cannot be written (permissions, read-only file system).
    case readOnly(path: String)
    /// Another process held a lock on the index for longer than the busy timeout.
    case locked(path: String)
    /// The file is not an SQLite database, or is damaged.
    case notADatabase(path: String)
    /// The file is an SQLite database that holds something else (a session database, another
    /// program's data); it is left as it is.
    case notAProjectIndex(path: String)
    /// The index was written by a newer umlaut whose schema this one does not know.
    case newerSchema(path: String)
    /// The index could not be opened for another reason.
    case cannotOpen(path: String, reason: String)
    /// A shard given to `umlaut index --merge` was refused before anything was written: it is
    /// missing, the target itself, not SQLite or damaged, not a project index, or made by an
    /// umlaut with another schema history.
    case cannotMerge(shard: String, reason: String)

    package var description: String {
        switch self {
        case .readOnly(let path): "the project index \(path) is read-only"
        case .locked(let path): "the project index \(path) is locked by another process"
        case .notADatabase(let path): "\(path) is not a project index (not SQLite, or damaged)"
        case .notAProjectIndex(let path): "\(path) holds another database, not a project index; pass another --db"
        case .newerSchema(let path): "the project index \(path) was written by a newer umlaut"
        case .cannotOpen(let path, let reason): "cannot open the project index \(path): \(reason)"
        case .cannotMerge(let shard, let reason): "cannot merge \(shard): \(reason)"
        }
    }

    /// Translates SQLite's errors into index errors; other errors pass through.
    static func translating(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_READONLY: return ProjectIndexError.readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return ProjectIndexError.locked(path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return ProjectIndexError.notADatabase(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            let writable = FileManager.default.isWritableFile(atPath: (path as NSString).deletingLastPathComponent)
            return writable
                ? ProjectIndexError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
                : ProjectIndexError.readOnly(path: path)
        default: return ProjectIndexError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }
}
