import Foundation
import HTTPTypes
import Hummingbird

/// The comparison-report routes: `/reports`, `/reports/<id>`, `/api/reports`,
/// `/api/reports/<id>`. Read-only; without a `reports` source they are 404.
extension WebShellServer {
    func reportsRoute(_ request: Request, segments: [String]) -> Response {
        guard request.method == .get || request.method == .head else { return methodNotAllowed() }
        guard let reports else {
            return page(.notFound, title: "Not found", message: "This shell serves no comparison reports.")
        }
        switch segments.count {
        case 1: return html(reports.reportPage(id: nil))
        case 2 where reports.hasReport(id: segments[1]):
            return html(reports.reportPage(id: segments[1]))
        default:
            return page(.notFound, title: "No such report", message: "There is no comparison report by that name.")
        }
    }

    func reportsAPI(_ request: Request, segments: [String]) -> Response {
        guard request.method == .get || request.method == .head else { return methodNotAllowed() }
        guard let reports else { return jsonError(.notFound, "no such endpoint") }
        switch segments.count {
        case 1:
            do { return json(try reports.reportsJSON()) } catch { return jsonError(.serviceUnavailable, "\(error)") }
        case 2:
            guard let body = reports.reportJSON(id: segments[1]) else {
                return jsonError(.notFound, "no report '\(segments[1])'")
            }
            return json(body)
        default:
            return jsonError(.notFound, "no such endpoint")
        }
    }
}
