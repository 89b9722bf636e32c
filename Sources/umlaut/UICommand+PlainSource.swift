import Foundation
import Store
import WebShell

/// The content `umlaut ui` serves until the Dashboard module provides its pages: the sessions
/// as JSON straight from the store, and a page that says the dashboard is not built yet.
struct PlainSessionsSource: DashboardSource {
    private struct Row: Encodable {
        var id: Int64
        var name: String
        var script: String
        var status: String
        var startedAt: Date
        var epochs: Int
    }

    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    func sessionsJSON(_ database: SessionDatabase) throws -> Data {
        let rows = try database.sessions().reversed().map { session in
            Row(
                id: session.id ?? 0, name: session.name, script: session.script, status: session.displayStatus,
                startedAt: session.startedAt, epochs: try database.epochs(sessionId: session.id ?? 0).count)
        }
        return try Self.encoder().encode(["runs": rows])
    }

    func sessionJSON(id: Int64, _ database: SessionDatabase) throws -> Data? {
        guard let session = try database.session(id: id) else { return nil }
        struct View: Encodable {
            var session: SessionRecord
            var epochs: [EpochRecord]
        }
        return try Self.encoder().encode(View(session: session, epochs: try database.epochs(sessionId: id)))
    }

    func comparisonJSON(a: Int64, b: Int64, _ database: SessionDatabase) throws -> Data? {
        guard let before = try sessionJSON(id: a, database), let after = try sessionJSON(id: b, database) else {
            return nil
        }
        return Data("{\"before\":".utf8) + before + Data(",\"after\":".utf8) + after + Data("}".utf8)
    }

    func page(_ page: DashboardPage) -> Data {
        Data(
            ErrorPage.html(
                title: "Dashboard pages not built yet",
                message: "This build of umlaut serves the sessions as JSON only: /api/sessions."
            ).utf8)
    }

    func asset(_ relativePath: String) -> Data? { nil }
}
