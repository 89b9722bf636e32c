import Foundation

/// What the user adds on the explore page: label columns with their values and saved searches.
/// Kept in `.umlaut/explore.json` beside the project index, not in it: the index is the
/// indexer's (rebuilt, opened read-only by the page, with its own migration history), the labels
/// are the user's, keyed by project root and path so they survive re-indexing.
package struct ExploreNotes: Codable, Hashable, Sendable {
    package struct SavedSearch: Codable, Hashable, Sendable {
        package var name: String
        /// The page's filter steps as JSON text (the page's own format; the server only checks
        /// that it is JSON and small).
        package var state: String
    }

    package var view = "explore-notes"
    package var version = 1
    /// The label columns, in the order they were added.
    package var labelColumns: [String] = []
    /// Column → row key (project root, newline, path) → value.
    package var labels: [String: [String: String]] = [:]
    package var searches: [SavedSearch] = []

    package init() {}

    /// A change the page asks for (`POST /api/explore/notes`).
    package struct Change: Codable, Hashable, Sendable {
        /// `addColumn`, `removeColumn`, `setLabel`, `saveSearch`, `deleteSearch`.
        package var op: String
        package var column: String?
        package var key: String?
        package var value: String?
        package var name: String?
        package var state: String?
    }

    package static let maximumColumns = 32
    package static let maximumSearches = 200
    package static let maximumText = 500
    package static let maximumState = 256 * 1024

    /// Applies a change, or says why it is refused.
    package mutating func apply(_ change: Change) -> String? {
        func clean(
            _ text: String?, _ what: String, limit: Int = ExploreNotes.maximumText
        ) -> Result<String, ExploreNoteError> {
            guard let text else { return .failure(ExploreNoteError("\(what) is missing")) }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return .failure(ExploreNoteError("\(what) is empty")) }
            guard trimmed.count <= limit else { return .failure(ExploreNoteError("\(what) is too long")) }
            return .success(trimmed)
        }
        do {
            switch change.op {
            case "addColumn":
                let column = try clean(change.column, "the column's name", limit: 64).get()
                if labelColumns.contains(column) { return nil }
                guard labelColumns.count < Self.maximumColumns else {
                    return "at most \(Self.maximumColumns) label columns"
                }
                labelColumns.append(column)
            case "removeColumn":
                let column = try clean(change.column, "the column's name", limit: 64).get()
                labelColumns.removeAll { $0 == column }
                labels[column] = nil
            case "setLabel":
                let column = try clean(change.column, "the column's name", limit: 64).get()
                guard labelColumns.contains(column) else { return "no label column '\(column)'" }
                guard let key = change.key, !key.isEmpty, key.count <= 8192 else { return "the row's key is missing" }
                let value = (change.value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard value.count <= Self.maximumText else { return "the label is too long" }
                labels[column, default: [:]][key] = value.isEmpty ? nil : value
            case "saveSearch":
                let name = try clean(change.name, "the search's name", limit: 120).get()
                guard let state = change.state, state.utf8.count <= Self.maximumState,
                    (try? JSONSerialization.jsonObject(with: Data(state.utf8))) != nil
                else { return "the search's state is not JSON (or over 256 KiB)" }
                searches.removeAll { $0.name == name }
                guard searches.count < Self.maximumSearches else {
                    return "at most \(Self.maximumSearches) saved searches"
                }
                searches.append(SavedSearch(name: name, state: state))
            case "deleteSearch":
                let name = try clean(change.name, "the search's name", limit: 120).get()
                searches.removeAll { $0.name == name }
            default:
                return "unknown change '\(change.op)'"
            }
        } catch {
            // Only `clean(...).get()` throws, and only ExploreNoteError.
            return error.message
        }
        return nil
    }
}

package struct ExploreNoteError: Error, Hashable, Sendable {
    package var message: String
    init(_ message: String) { self.message = message }
}

/// `.umlaut/explore.json`: read whole, changed under a lock, written through a rename (0600).
package final class ExploreNotesFile: @unchecked Sendable {
    package let path: String
    private let lock = NSLock()

    package init(path: String) { self.path = path }

    /// The notes; empty when the file is missing or unreadable (a damaged file is not
    /// overwritten until the next change).
    package func load() -> ExploreNotes {
        lock.lock()
        defer { lock.unlock() }
        return read()
    }

    private func read() -> ExploreNotes {
        guard let data = FileManager.default.contents(atPath: path),
            let notes = try? JSONDecoder().decode(ExploreNotes.self, from: data)
        else { return ExploreNotes() }
        return notes
    }

    /// Applies `change` and saves; the notes after it, or why it was refused.
    package func update(_ change: ExploreNotes.Change) throws -> Result<ExploreNotes, ExploreNoteError> {
        lock.lock()
        defer { lock.unlock() }
        var notes = read()
        if let refusal = notes.apply(change) { return .failure(ExploreNoteError(refusal)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(notes)
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).tmp"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown)
        }
        return .success(notes)
    }
}
