import Foundation

/// What the explore page (project search's table and map, `/explore`) is made of, passed in by
/// the `umlaut` executable like `DashboardSource` (WebShell imports neither Dashboard nor
/// ProjectSearch). The shell owns the transport (token, Host/Origin and path checks, headers,
/// JSON-only POSTs); the source owns the content.
package protocol ProjectExplorerSource: Sendable {
    /// The page's HTML document (no inline script or style; its assets come from `/assets/`).
    func explorePage() -> Data
    /// The answer to one of the page's requests. May take a while (a map): the shell calls it
    /// off the event loop.
    func answer(_ request: ExploreRequest) async -> ExploreAnswer
}

/// The explore page's requests, as the shell has parsed them.
package enum ExploreRequest: Sendable, Equatable {
    /// `GET /api/explore/table`: every indexed file with its attributes.
    case table
    /// `GET /api/explore/search?q=&where=`: the files a full-text query and a `--where`
    /// expression select.
    case search(text: String?, filter: String?)
    /// `POST /api/explore/map` with a JSON body (`{ids?, neighbors?, minimumDistance?}`).
    case map(Data)
    /// `GET /api/explore/source?id=N`: a file's text.
    case source(fileId: Int64)
    /// `GET /api/explore/notes`: label columns and saved searches.
    case notes
    /// `POST /api/explore/notes` with a JSON change.
    case updateNotes(Data)
}

/// A JSON answer with its HTTP status.
package struct ExploreAnswer: Sendable, Equatable {
    package var status: Int
    package var json: Data

    package init(status: Int = 200, json: Data) {
        self.status = status
        self.json = json
    }

    /// `{"error": message}` with `status`.
    package static func error(_ status: Int, _ message: String) -> ExploreAnswer {
        ExploreAnswer(
            status: status, json: (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data("{}".utf8))
    }
}
