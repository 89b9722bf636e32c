import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Store

/// `umlaut ui`'s server: the dashboard's pages, JSON and live updates on 127.0.0.1 only.
///
/// Every request passes, in order: the Host check (DNS rebinding), the Origin check (cross-site
/// requests), the token (`?token=` once, which sets an HttpOnly SameSite=Strict cookie and
/// redirects to the clean URL; the cookie afterwards), then the path check (no `..`, encoded or
/// not, no empty or absolute segments). Only then is it routed; routes match whole segments, so
/// no request names a file outside the page assets. Every response carries the security headers.
package final class WebShellServer: Sendable {
    package let databasePath: String
    package let source: any DashboardSource
    package let opener: any EditorOpener
    /// The comparison reports (`/reports`); nil when the shell serves none.
    package let reports: (any ComparisonReportSource)?
    /// The explore page's content (`/explore`, `/api/explore/...`); nil: no such page.
    package let explorer: (any ProjectExplorerSource)?
    package let chartLibraryPath: String?
    package let token: String
    /// How often the live streams look at the database's revision.
    package let pollInterval: Duration
    /// How often a live stream sends a comment to keep the connection and notice a gone client.
    package let heartbeatInterval: Duration
    private let state = Locked(State())

    private struct State {
        var policy: AccessPolicy?
        var stopping = false
    }

    package init(
        databasePath: String, source: any DashboardSource, opener: any EditorOpener = NoEditorOpener(),
        chartLibraryPath: String? = ChartLibrary.installedPath(), token: String = AccessPolicy.makeToken(),
        pollInterval: Duration = .milliseconds(250), heartbeatInterval: Duration = .seconds(10),
        reports: (any ComparisonReportSource)? = nil,
        explorer: (any ProjectExplorerSource)? = nil
    ) {
        self.reports = reports
        self.explorer = explorer
        self.databasePath = databasePath
        self.source = source
        self.opener = opener
        self.chartLibraryPath = chartLibraryPath
        self.token = token
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
    }

    /// The access policy, once the port is known.
    package var policy: AccessPolicy? { state.withLock { $0.policy } }

    /// Ends the live streams (they close within one poll interval); the server itself stops
    /// when the task running `run` is cancelled.
    package func stopStreams() { state.withLock { $0.stopping = true } }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Binds 127.0.0.1:`port` (0: a free port), calls `ready` with the bound port, and serves
    /// until the task is cancelled.
    package func run(port: Int, ready: @escaping @Sendable (Int) async -> Void) async throws {
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in
            await self.respond(to: request)
        }
        var logger = Logger(label: "umlaut.ui")
        logger.logLevel = .critical
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { [self] channel in
                let bound = channel.localAddress?.port ?? port
                self.state.withLock { $0.policy = AccessPolicy(token: self.token, port: bound) }
                await ready(bound)
            },
            logger: logger
        )
        try await application.runService(gracefulShutdownSignals: [])
    }

    // MARK: - Checks

    func respond(to request: Request) async -> Response {
        guard let policy else { return plain(.serviceUnavailable, "starting") }
        // Host: the HTTP/1 Host header arrives as the request's authority.
        let host = request.head.authority
        guard policy.acceptsHost(host) else {
            return plain(
                .misdirectedRequest, "this server answers only to 127.0.0.1:\(policy.port) and localhost:\(policy.port)"
            )
        }
        guard policy.acceptsOrigin(request.headers[.origin]) else {
            return plain(.forbidden, "requests from other sites are refused")
        }
        let target = request.uri.string
        guard target.hasPrefix("/") else { return plain(.badRequest, "bad request target") }
        let rawPath = request.uri.path
        let query = request.uri.query

        // The token: from the query once (then a cookie), or from the cookie. Programs (the
        // editor link) may instead send it as `Authorization: Bearer`, or in the query of an
        // /api/ request, which is then answered directly.
        let isAPI = rawPath.hasPrefix("/api/")
        if let presented = Self.queryValue("token", in: query) {
            guard policy.accepts(token: presented) else { return plain(.forbidden, "wrong token") }
            if isAPI, let segments = AccessPolicy.segments(ofPath: rawPath) {
                return await route(request, segments: segments, query: Self.removing("token", from: query))
            }
            guard request.method == .get || request.method == .head else {
                return plain(.forbidden, "the token goes in the URL only for pages")
            }
            let rest = Self.removing("token", from: query)
            let location =
                (AccessPolicy.segments(ofPath: rawPath) == nil ? "/" : rawPath) + (rest.map { "?" + $0 } ?? "")
            var response = Response(status: .seeOther)
            response.headers[.location] = location
            response.headers[.setCookie] = policy.setCookie
            return secured(response)
        }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? $0.dropFirst(7) : nil }
        guard let presented = bearer ?? policy.token(fromCookieHeader: Self.cookieHeader(request)),
            policy.accepts(token: presented)
        else {
            return page(
                .unauthorized, title: "Token required",
                message: "Open the address that `umlaut ui` printed (it carries this launch's token), "
                    + "or the one in .umlaut/ui.json.")
        }
        guard let segments = AccessPolicy.segments(ofPath: rawPath) else {
            return page(.notFound, title: "Not found", message: "There is no such page.")
        }
        return await route(request, segments: segments, query: query)
    }

    /// The value of a query parameter, percent-decoded.
    static func queryValue(_ name: String, in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == name {
                let value = parts.count > 1 ? String(parts[1]) : ""
                return value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
            }
        }
        return nil
    }

    /// The query without a parameter; nil when nothing is left.
    static func removing(_ name: String, from query: String?) -> String? {
        guard let query else { return nil }
        let kept = query.split(separator: "&").filter {
            $0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0] != name
        }
        return kept.isEmpty ? nil : kept.joined(separator: "&")
    }

    static func cookieHeader(_ request: Request) -> String? {
        let values = request.headers[values: .cookie]
        return values.isEmpty ? nil : values.joined(separator: "; ")
    }

    // MARK: - Routes

    func route(_ request: Request, segments: [String], query: String?) async -> Response {
        let isRead = request.method == .get || request.method == .head
        if let explored = await exploreRoute(request, segments: segments, query: query) { return explored }
        switch (segments.first, segments.count) {
        case (nil, _), ("runs", 1):
            guard isRead else { return methodNotAllowed() }
            return html(source.page(.runs))
        case ("runs", 2):
            guard isRead else { return methodNotAllowed() }
            return withDatabase(json: false) { database in
                guard let id = try Self.resolve(segments[1], in: database) else {
                    return self.page(.notFound, title: "No such run", message: "There is no session '\(segments[1])'.")
                }
                return self.html(self.source.page(.run(id: id)))
            }
        case ("compare", 1):
            guard isRead else { return methodNotAllowed() }
            let a = Self.queryValue("a", in: query), b = Self.queryValue("b", in: query)
            if a == nil && b == nil { return html(source.page(.compare(a: nil, b: nil))) }
            return withDatabase(json: false) { database in
                let idA = try a.flatMap { try Self.resolve($0, in: database) }
                let idB = try b.flatMap { try Self.resolve($0, in: database) }
                if (a != nil && idA == nil) || (b != nil && idB == nil) {
                    return self.page(
                        .notFound, title: "No such run", message: "One of the sessions to compare does not exist.")
                }
                return self.html(self.source.page(.compare(a: idA, b: idB)))
            }
        case ("reports", 1...):
            return reportsRoute(request, segments: segments)
        case ("api", _):
            return await api(request, segments: Array(segments.dropFirst()), query: query)
        case ("assets", 2...):
            guard isRead else { return methodNotAllowed() }
            let relative = segments.dropFirst().joined(separator: "/")
            if relative == "shell.css" { return asset(Data(Self.shellStyle.utf8), name: relative) }
            guard let data = source.asset(relative) else {
                return plain(.notFound, "no such asset")
            }
            return asset(data, name: relative)
        case ("vendor", 2) where segments[1] == "chart.js":
            guard isRead else { return methodNotAllowed() }
            guard let chartLibraryPath, let data = FileManager.default.contents(atPath: chartLibraryPath) else {
                return page(
                    .serviceUnavailable, title: "Chart.js is not installed",
                    message: "The plots need Debian's libjs-chart.js: sudo apt-get install libjs-chart.js")
            }
            return asset(data, name: "chart.js")
        default:
            return page(.notFound, title: "Not found", message: "There is no such page.")
        }
    }

    func api(_ request: Request, segments: [String], query: String?) async -> Response {
        let isRead = request.method == .get || request.method == .head
        switch (segments.first, segments.count) {
        case ("sessions", 1):
            guard isRead else { return methodNotAllowed() }
            do {
                let database = try openDatabase(orEmpty: true)
                return json(try source.sessionsJSON(database))
            } catch {
                return jsonError(.serviceUnavailable, "\(error)")
            }
        case ("sessions", 2):
            guard isRead else { return methodNotAllowed() }
            return withDatabase(json: true) { database in
                guard let id = try Self.resolve(segments[1], in: database),
                    let body = try self.source.sessionJSON(id: id, database)
                else { return self.jsonError(.notFound, "no session '\(segments[1])'") }
                return self.json(body)
            }
        case ("sessions", 3) where segments[2] == "events":
            guard isRead else { return methodNotAllowed() }
            return withDatabase(json: true) { database in
                guard let id = try Self.resolve(segments[1], in: database) else {
                    return self.jsonError(.notFound, "no session '\(segments[1])'")
                }
                return self.eventStream(sessionId: id)
            }
        case ("compare", 1):
            guard isRead else { return methodNotAllowed() }
            guard let a = Self.queryValue("a", in: query), let b = Self.queryValue("b", in: query) else {
                return jsonError(.badRequest, "compare needs two sessions: /api/compare?a=ID&b=ID")
            }
            return withDatabase(json: true) { database in
                guard let idA = try Self.resolve(a, in: database), let idB = try Self.resolve(b, in: database),
                    let body = try self.source.comparisonJSON(a: idA, b: idB, database)
                else { return self.jsonError(.notFound, "no such session to compare") }
                return self.json(body)
            }
        case ("reports", 1...):
            return reportsAPI(request, segments: segments)
        case ("open", 1):
            guard request.method == .post else { return methodNotAllowed() }
            return await openInEditor(request)
        default:
            return jsonError(.notFound, "no such endpoint")
        }
    }

    /// `POST /api/open {uri, range}`: JSON only (a cross-site form cannot send it without a
    /// preflight, which this server never grants), at most 64 KiB, a `file:` URI.
    func openInEditor(_ request: Request) async -> Response {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/json") else {
            return jsonError(.unsupportedMediaType, "send JSON")
        }
        guard let buffer = try? await request.body.collect(upTo: 64 * 1024) else {
            return jsonError(.contentTooLarge, "request too large")
        }
        let body = Data(buffer.readableBytesView)
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
            let uri = object["uri"] as? String, uri.hasPrefix("file://")
        else { return jsonError(.badRequest, "expected {\"uri\": \"file:///...\", \"range\": {...}}") }
        let range = object["range"].flatMap { try? JSONSerialization.data(withJSONObject: $0) }
        switch await opener.open(uri: uri, range: range) {
        case .opened: return json(Data(#"{"opened":true}"#.utf8))
        case .noEditor: return jsonError(.conflict, "no editor is linked to this workspace")
        case .refused(let reason): return jsonError(.badGateway, reason)
        }
    }

    // MARK: - Database

    /// Opens the database for reading; with `orEmpty`, a missing file reads as an empty store.
    func openDatabase(orEmpty: Bool = false) throws -> SessionDatabase {
        if orEmpty, !FileManager.default.fileExists(atPath: databasePath) { return try SessionDatabase.inMemory() }
        return try SessionDatabase.openForReading(path: databasePath, busyTimeout: 1)
    }

    /// Runs `body` with the database; a missing, locked or damaged database becomes an error
    /// page or JSON error, never a crash.
    func withDatabase(json: Bool, _ body: (SessionDatabase) throws -> Response) -> Response {
        do {
            return try body(try openDatabase())
        } catch let error as SessionStoreError {
            let status: HTTPResponse.Status
            switch error {
            case .cannotOpen, .noSuchSession: status = .notFound
            default: status = .serviceUnavailable
            }
            return json
                ? jsonError(status, error.description)
                : page(status, title: "Sessions unavailable", message: error.description)
        } catch {
            return json
                ? jsonError(.internalServerError, "\(error)")
                : page(.internalServerError, title: "Error", message: "\(error)")
        }
    }

    /// A session's id from the URL: a number is an id, anything else a session name (`last`
    /// included). nil when there is no such session.
    static func resolve(_ reference: String, in database: SessionDatabase) throws -> Int64? {
        if let id = Int64(reference) { return try database.session(id: id)?.id }
        do {
            return try database.session(named: reference).id
        } catch SessionStoreError.noSuchSession {
            return nil
        }
    }

    // MARK: - Responses

    static let securityHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]

    func secured(_ response: Response) -> Response {
        var response = response
        for (name, value) in Self.securityHeaders {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    func body(_ status: HTTPResponse.Status, _ data: Data, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentLength] = String(data.count)
        return secured(Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data))))
    }

    func html(_ data: Data) -> Response { body(.ok, data, type: "text/html; charset=utf-8") }

    func json(_ data: Data) -> Response { body(.ok, data, type: "application/json") }

    func jsonError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data("{}".utf8)
        return body(status, data, type: "application/json")
    }

    func plain(_ status: HTTPResponse.Status, _ message: String) -> Response {
        body(status, Data((message + "\n").utf8), type: "text/plain; charset=utf-8")
    }

    func page(_ status: HTTPResponse.Status, title: String, message: String) -> Response {
        body(status, Data(ErrorPage.html(title: title, message: message).utf8), type: "text/html; charset=utf-8")
    }

    func methodNotAllowed() -> Response { plain(.methodNotAllowed, "method not allowed") }

    func asset(_ data: Data, name: String) -> Response {
        let types = [
            "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
            "css": "text/css; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
            "json": "application/json", "html": "text/html; charset=utf-8", "woff2": "font/woff2",
            "ico": "image/x-icon", "txt": "text/plain; charset=utf-8",
        ]
        let ext = (name as NSString).pathExtension.lowercased()
        return body(.ok, data, type: types[ext] ?? "application/octet-stream")
    }

    /// The look of the shell's own error pages.
    static let shellStyle = """
        body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
        .umlaut-nav { padding: 0.6rem 1rem; background: #20232a; }
        .umlaut-nav a { color: #fff; text-decoration: none; font-weight: 600; }
        .umlaut-error { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
        .umlaut-error h1 { font-size: 1.4rem; }

        """
}

/// A value behind a lock (Foundation's NSLock; the package still builds for macOS 14, which
/// has no `Synchronization.Mutex`).
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
