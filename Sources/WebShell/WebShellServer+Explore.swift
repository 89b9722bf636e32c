import Foundation
import HTTPTypes
import Hummingbird

/// The explore page's routes: `/explore` (the page; `?q=` and `?where=` are read by its script)
/// and `/api/explore/...` (its JSON). Requests reach this only after the shell's checks (Host,
/// Origin, token, path). POSTs must be JSON (a cross-site form cannot send it without a
/// preflight, which this server never grants) and at most 1 MiB.
extension WebShellServer {
    /// The answer when the request is the explore page's, else nil.
    func exploreRoute(_ request: Request, segments: [String], query: String?) async -> Response? {
        let isRead = request.method == .get || request.method == .head
        switch (segments.first, segments.count) {
        case ("explore", 1):
            guard isRead else { return methodNotAllowed() }
            guard let explorer else {
                return page(
                    .notFound, title: "Project search is not available",
                    message: "This dashboard was started without a project index.")
            }
            return html(explorer.explorePage())
        case ("api", 3) where segments[1] == "explore":
            guard let explorer else { return jsonError(.notFound, "no project index") }
            let exploreRequest: ExploreRequest
            switch (segments[2], isRead) {
            case ("table", true): exploreRequest = .table
            case ("notes", true): exploreRequest = .notes
            case ("search", true):
                exploreRequest = .search(
                    text: Self.queryValue("q", in: query), filter: Self.queryValue("where", in: query))
            case ("source", true):
                guard let id = Self.queryValue("id", in: query).flatMap({ Int64($0) }) else {
                    return jsonError(.badRequest, "source needs ?id=FILE")
                }
                exploreRequest = .source(fileId: id)
            case ("map", false), ("notes", false):
                guard request.method == .post else { return methodNotAllowed() }
                guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/json") else {
                    return jsonError(.unsupportedMediaType, "send JSON")
                }
                guard let buffer = try? await request.body.collect(upTo: 1 << 20) else {
                    return jsonError(.contentTooLarge, "request too large")
                }
                let body = Data(buffer.readableBytesView)
                exploreRequest = segments[2] == "map" ? .map(body) : .updateNotes(body)
            case ("table", false), ("search", false), ("source", false):
                return methodNotAllowed()
            default:
                return jsonError(.notFound, "no such endpoint")
            }
            let answer = await explorer.answer(exploreRequest)
            return body(HTTPResponse.Status(code: answer.status), answer.json, type: "application/json")
        default:
            return nil
        }
    }
}
