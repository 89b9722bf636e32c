import Foundation
import Store
import TestSupport
import Testing
import WebShell

/// The real server on an ephemeral port, spoken to over a raw socket.
@Suite(.serialized) struct WebShellServerTests {
    @Test func withoutTheTokenNothingIsServed() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        for target in ["/", "/runs", "/api/sessions", "/assets/app.js", "/vendor/chart.js"] {
            let reply = try await running.get(target, cookie: false)
            #expect(reply.status == 401, "\(target)")
            #expect(!reply.body.contains("console.log"))
        }
        let wrong = try await running.get("/?token=" + String(repeating: "0", count: 64), cookie: false)
        #expect(wrong.status == 403)
        let wrongCookie = try await running.get(
            "/api/sessions", cookie: false,
            headers: ["Cookie": "umlaut_ui_\(running.port)=\(String(repeating: "0", count: 64))"])
        #expect(wrongCookie.status == 401)
    }

    @Test func theTokenInTheURLSetsACookieAndRedirectsToTheCleanURL() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        let reply = try await running.get("/compare?a=1&token=\(running.server.token)&b=2", cookie: false)
        #expect(reply.status == 303)
        #expect(reply.header("Location") == "/compare?a=1&b=2")
        let cookie = try #require(reply.header("Set-Cookie"))
        #expect(cookie.hasPrefix("umlaut_ui_\(running.port)=\(running.server.token);"))
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Strict"))

        let page = try await running.get("/")
        #expect(page.status == 200)
        #expect(page.body.contains("<title>runs</title>"))
        #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(page.header("Content-Security-Policy")?.contains("unsafe-inline") == false)
        #expect(page.header("X-Content-Type-Options") == "nosniff")
        #expect(page.header("Referrer-Policy") == "no-referrer")
    }

    @Test func aForeignHostIsRefusedEvenWithTheToken() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        for host in ["evil.example:\(running.port)", "evil.example", "127.0.0.1:\(running.port + 1)", "127.0.0.1"] {
            let reply = try await running.get("/api/sessions", host: host)
            #expect(reply.status == 421, "\(host)")
        }
        #expect(try await running.get("/api/sessions", host: "localhost:\(running.port)").status == 200)
    }

    @Test func aForeignOriginIsRefused() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        for origin in ["http://evil.example", "null", "http://127.0.0.1:\(running.port + 1)"] {
            #expect(try await running.get("/api/sessions", headers: ["Origin": origin]).status == 403, "\(origin)")
        }
        #expect(
            try await running.get("/api/sessions", headers: ["Origin": "http://127.0.0.1:\(running.port)"]).status
                == 200)
    }

    @Test func noPathReachesOutsideTheApp() async throws {
        let running = try await RunningServer.start(chartLibraryPath: "/etc/hostname")
        defer { running.stop() }
        for target in [
            "/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/assets/%2fetc%2fpasswd", "//etc/passwd", "/assets//etc/passwd", "/etc/passwd",
            "/vendor/../../etc/passwd", "/vendor/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/assets/..%2f..%2fetc%2fpasswd",
            "/runs/%2e%2e", "/api/sessions/..%2f..%2fetc",
        ] {
            let reply = try await running.get(target)
            #expect(reply.status == 404, "\(target)")
            #expect(!reply.body.contains("root:"), "\(target)")
        }
        let absolute = try await running.get("http://127.0.0.1:\(running.port)/etc/passwd")
        // Absolute-form: NIO takes the path from it, which is then refused like any other.
        #expect(absolute.status == 400 || absolute.status == 404)
        #expect(!absolute.body.contains("root:"))
        #expect(try await running.get("/assets/app.js").status == 200)
    }

    @Test func missingCorruptAndUnknownSessionsAreErrorsNotCrashes() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        // No database yet: an empty runs list; a session page: not found.
        let empty = try await running.get("/api/sessions")
        #expect(empty.status == 200)
        #expect(empty.body.contains("\"runs\":[]"))
        #expect(try await running.get("/runs/1").status == 404)

        let (_, id) = try running.recordSession(name: "<script>alert(1)</script>")
        #expect(try await running.get("/api/sessions/\(id)").status == 200)
        let unknown = try await running.get("/api/sessions/999")
        #expect(unknown.status == 404)
        #expect(unknown.header("Content-Type") == "application/json")
        let page = try await running.get("/runs/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        #expect(page.status == 404)
        let byName = try await running.get("/runs/nosuch%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
        #expect(byName.status == 404)
        #expect(!byName.body.contains("<img"))
        #expect(byName.body.contains("&lt;img"))
        #expect(try await running.get("/api/compare?a=\(id)").status == 400)
        #expect(try await running.get("/api/compare?a=\(id)&b=999").status == 404)
        #expect(try await running.get("/api/compare?a=\(id)&b=\(id)").status == 200)

        // A damaged file: JSON errors and error pages, and the server goes on.
        try FileManager.default.removeItem(atPath: running.databasePath + "-wal")
        try? FileManager.default.removeItem(atPath: running.databasePath + "-shm")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: running.databasePath))
        let broken = try await running.get("/api/sessions/\(id)")
        #expect(broken.status == 503)
        #expect(broken.body.contains("error"))
        #expect(try await running.get("/runs/\(id)").status == 503)
        #expect(try await running.get("/api/sessions").status == 503)
        #expect(try await running.get("/").status == 200)
    }

    @Test func theChartLibraryIsServedOrItsAbsenceExplained() async throws {
        let missing = try await RunningServer.start(chartLibraryPath: nil)
        let reply = try await missing.get("/vendor/chart.js")
        missing.stop()
        #expect(reply.status == 503)
        #expect(reply.body.contains("libjs-chart.js"))
        if let installed = ChartLibrary.installedPath() {
            let running = try await RunningServer.start(chartLibraryPath: installed)
            defer { running.stop() }
            let chart = try await running.get("/vendor/chart.js")
            #expect(chart.status == 200)
            #expect(chart.header("Content-Type")?.hasPrefix("text/javascript") == true)
        }
    }

    @Test func openForwardsSameOriginJSONOnly() async throws {
        let opener = RecordingOpener()
        let running = try await RunningServer.start(opener: opener)
        defer { running.stop() }
        let body =
            #"{"uri": "file:///w/train.py", "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 5}}}"#
        #expect(try await running.post("/api/open", body: body, headers: ["Content-Type": "text/plain"]).status == 415)
        #expect(
            try await running.post(
                "/api/open", body: body, headers: ["Content-Type": "application/json", "Origin": "http://evil.example"]
            ).status == 403)
        #expect(
            try await running.post(
                "/api/open", body: #"{"uri": "http://evil"}"#, headers: ["Content-Type": "application/json"]
            )
            .status == 400)
        #expect(opener.received.isEmpty)
        let reply = try await running.post(
            "/api/open", body: body,
            headers: ["Content-Type": "application/json", "Origin": "http://127.0.0.1:\(running.port)"])
        #expect(reply.status == 200)
        #expect(opener.received.map(\.0) == ["file:///w/train.py"])
        let range = try #require(opener.received.first?.1)
        #expect(String(decoding: range, as: UTF8.self).contains("\"line\":3"))
        #expect(try await running.get("/api/open").status == 405)
    }

    @Test func itListensOnLoopbackOnly() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        let hexPort = String(format: "%04X", running.port)
        var listening: [String] = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // local_address is field 1, state field 3 (0A: LISTEN).
                if fields.count > 3, fields[1].hasSuffix(":" + hexPort), fields[3] == "0A" {
                    listening.append(String(fields[1]))
                }
            }
        }
        #expect(listening == ["0100007F:\(hexPort)"])
    }

    @Test func liveEventsFollowAnotherWriterUntilTheRunEnds() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        let (database, id) = try running.recordSession(name: "live", epochs: 1)
        let client = try RawHTTP(port: running.port)
        client.send(
            "GET /api/sessions/\(id)/events HTTP/1.1\r\nHost: 127.0.0.1:\(running.port)\r\nCookie: \(running.cookie)\r\n\r\n"
        )
        let first = try await offTheTestPool { client.read { $0.contains("\"epochs\":1") } }
        #expect(first)
        #expect(client.received.contains("text/event-stream"))
        #expect(client.received.contains("event: session"))

        try database.saveEpoch(EpochRecord(sessionId: id, model: "m1", epoch: 1, metrics: ["loss": 0.4]))
        let second = try await offTheTestPool { client.read { $0.contains("\"epochs\":2") } }
        #expect(second)
        let heartbeat = try await offTheTestPool { client.read { $0.contains(": ping") } }
        #expect(heartbeat)

        try database.finishSession(id: id, status: .completed, exitCode: 0, note: nil)
        let ended = try await offTheTestPool { client.read { $0.contains("event: end") && $0.hasSuffix("0\r\n\r\n") } }
        #expect(ended)
        #expect(client.received.contains("\"status\":\"completed\""))
    }
}
