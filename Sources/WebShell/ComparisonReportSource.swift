import Foundation

/// The model-comparison reports the shell serves at `/reports` and `/reports/<id>` (their data
/// at `/api/reports` and `/api/reports/<id>`), made by the Dashboard module and passed in by the
/// `umlaut` executable, like `DashboardSource`. The source knows the workspace's comparisons
/// directory and checks every id itself as well; the shell has refused `..`, encoded and empty
/// segments before asking.
package protocol ComparisonReportSource: Sendable {
    /// The body of `GET /api/reports`: every report found, newest first.
    func reportsJSON() throws -> Data
    /// The body of `GET /api/reports/<id>`: the report's JSON; nil when there is no such report.
    func reportJSON(id: String) -> Data?
    /// Whether a report with this id exists (the page's 404 otherwise).
    func hasReport(id: String) -> Bool
    /// The HTML document of the list (`id` nil) or of one report. Its script fetches its data
    /// from `/api/reports...` and its assets from `/assets/`.
    func reportPage(id: String?) -> Data
}
