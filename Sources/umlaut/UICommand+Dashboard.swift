import Dashboard
import Foundation
import Store
import WebShell

/// The Dashboard module's pages and JSON, served by the web shell. Neither module imports the
/// other; this is the one place they meet.
struct DashboardContent: DashboardSource {
    let dashboard = Dashboard()

    func sessionsJSON(_ database: SessionDatabase) throws -> Data { try dashboard.sessionsJSON(database) }

    func sessionJSON(id: Int64, _ database: SessionDatabase) throws -> Data? {
        try dashboard.sessionJSON(id: id, database)
    }

    func comparisonJSON(a: Int64, b: Int64, _ database: SessionDatabase) throws -> Data? {
        try dashboard.comparisonJSON(a: a, b: b, database)
    }

    func page(_ page: DashboardPage) -> Data {
        switch page {
        case .runs: dashboard.page(.runs)
        case .run(let id): dashboard.page(.run(id: id))
        case .compare(let a, let b): dashboard.page(.compare(a: a, b: b))
        }
    }

    func asset(_ relativePath: String) -> Data? { dashboard.asset(relativePath) }
}
