import Foundation
import Store

/// What the web shell serves, made by the Dashboard module (the `umlaut` executable passes its
/// implementation in, so WebShell never imports Dashboard and Dashboard never imports a server).
///
/// The shell owns the transport — routes, the token, Host/Origin checks, headers, errors, live
/// updates; the source owns the content: JSON view models and the page documents and assets.
package protocol DashboardSource: Sendable {
    /// The body of `GET /api/sessions`: the runs list, newest first.
    func sessionsJSON(_ database: SessionDatabase) throws -> Data
    /// The body of `GET /api/sessions/<id>` and of each live `session` event; nil when there is
    /// no such session.
    func sessionJSON(id: Int64, _ database: SessionDatabase) throws -> Data?
    /// The body of `GET /api/compare?a=&b=`; nil when either session is missing.
    func comparisonJSON(a: Int64, b: Int64, _ database: SessionDatabase) throws -> Data?
    /// The HTML document of a page. Its script fetches its data from `/api/...`.
    func page(_ page: DashboardPage) -> Data
    /// A file of the page assets by its relative path ("run.js", "css/app.css"); nil when there
    /// is none. The shell has refused `..`, absolute and encoded paths before asking.
    func asset(_ relativePath: String) -> Data?
}

/// The pages of the dashboard.
package enum DashboardPage: Sendable, Equatable {
    /// The runs list.
    case runs
    /// One session's page.
    case run(id: Int64)
    /// Two sessions side by side (either may still be unchosen).
    case compare(a: Int64?, b: Int64?)
}

/// Where `POST /api/open {uri, range}` goes: the editor link (the language server's local
/// channel, the EditorLink module). The shell checks the request (same origin, JSON, size); the
/// opener delivers it. Called off the event loop; may block for a few seconds.
package protocol EditorOpener: Sendable {
    /// Asks the editor to show a place. `uri` is a `file:` URI; `range` the request's LSP range
    /// as JSON (0-based lines, UTF-16 characters), nil when the page sent none.
    func open(uri: String, range: Data?) async -> EditorOpenOutcome
}

/// What came of asking the editor to show a place.
package enum EditorOpenOutcome: Sendable, Equatable {
    /// The editor was told.
    case opened
    /// No editor advertises a channel for this workspace.
    case noEditor
    /// The editor's side said no, with a reason.
    case refused(String)
}

/// The opener when nothing is linked: always `.noEditor`.
package struct NoEditorOpener: EditorOpener {
    package init() {}
    package func open(uri: String, range: Data?) async -> EditorOpenOutcome { .noEditor }
}
