import Dashboard
import Foundation
import WebShell

/// The Dashboard module's comparison reports (`.umlaut/comparisons/` of the workspace), served by
/// the web shell at `/reports`.
struct ReportsContent: ComparisonReportSource {
    let reports: WorkspaceReports

    init(workspaceRoot: String) { reports = WorkspaceReports(workspaceRoot: workspaceRoot) }

    func reportsJSON() throws -> Data { try reports.listJSON() }

    func reportJSON(id: String) -> Data? { reports.reportJSON(id: id) }

    func hasReport(id: String) -> Bool { reports.path(of: id) != nil }

    func reportPage(id: String?) -> Data { reports.page(id: id) }
}
