import Foundation
import GRDB

/// Why the session store could not do something, in words a user can act on.
package enum SessionStoreError: Error, Equatable, CustomStringConvertible {
    /// The file or its directory cannot be written (permissions, read-only file system).
    case readOnly(path: String)
    /// Another process held a lock on the database for longer than the busy timeout.
    case locked(path: String)
    /// The file is not an SQLite database, or is damaged.
    case notADatabase(path: String)
    /// The database was written by a newer umlaut whose schema this one does not know.
    case newerSchema(path: String)
    /// The database could not be opened for another reason.
    case cannotOpen(path: String, reason: String)
    /// No session has the name.
    case noSuchSession(String)

    package var description: String {
        switch self {
        case .readOnly(let path): "the session database \(path) is read-only"
        case .locked(let path): "the session database \(path) is locked by another process"
        case .notADatabase(let path): "\(path) is not a session database (not SQLite, or damaged)"
        case .newerSchema(let path): "the session database \(path) was written by a newer umlaut"
        case .cannotOpen(let path, let reason): "cannot open the session database \(path): \(reason)"
        case .noSuchSession(let name): "no session named '\(name)' (`umlaut sessions` lists them)"
        }
    }

    /// Translates SQLite's errors into store errors; other errors pass through.
    static func translating(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_READONLY: return SessionStoreError.readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return SessionStoreError.locked(path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return SessionStoreError.notADatabase(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            let writable = FileManager.default.isWritableFile(atPath: (path as NSString).deletingLastPathComponent)
            return writable
                ? SessionStoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
                : SessionStoreError.readOnly(path: path)
        default: return SessionStoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }
}
