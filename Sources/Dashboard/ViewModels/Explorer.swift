import Foundation
import Store

/// The explore page (issue 12) without a server: its document, its table and map as JSON from
/// the project index, and the user's notes (label columns, saved searches). The web shell serves
/// these under `/explore` and `/api/explore/...`; the `umlaut` executable adds full-text and
/// `--where` search and the source of a file (ProjectSearch's), which this module does not import.
package final class Explorer: Sendable {
    /// The project index (`.umlaut/projects.sqlite`).
    package let indexPath: String
    package let notes: ExploreNotesFile
    package let projector: ExploreProjector

    package init(indexPath: String, notesPath: String, projector: ExploreProjector = ExploreProjector()) {
        self.indexPath = indexPath
        notes = ExploreNotesFile(path: notesPath)
        self.projector = projector
    }

    /// The page's document: no inline script or style; its script reads `?q=` and `?where=`
    /// from the address itself.
    package func page() -> Data { Dashboard().asset("explore.html") ?? Data() }

    /// Opens the index for reading; `ProjectIndexError`s say why it cannot be.
    package func openIndex() throws -> ProjectIndexDatabase {
        try ProjectIndexDatabase.openForReading(path: indexPath, busyTimeout: 1)
    }

    /// `GET /api/explore/table`.
    package func tableJSON() throws -> Data {
        try Dashboard.encode(ExploreTable(try openIndex()))
    }

    /// `POST /api/explore/map`.
    package func mapJSON(_ request: ExploreMapRequest) throws -> Data {
        try Dashboard.encode(try projector.map(request, database: try openIndex()))
    }

    /// `GET /api/explore/notes`.
    package func notesJSON() throws -> Data { try Dashboard.encode(notes.load()) }

    /// `POST /api/explore/notes`: the notes after the change, or why it was refused.
    package func updateNotes(_ change: ExploreNotes.Change) throws -> Result<Data, ExploreNoteError> {
        switch try notes.update(change) {
        case .success(let updated): .success(try Dashboard.encode(updated))
        case .failure(let error): .failure(error)
        }
    }
}
