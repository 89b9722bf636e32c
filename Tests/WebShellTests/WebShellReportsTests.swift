import Foundation
import Testing
import WebShell

/// The comparison-report routes of a shell that serves no reports (a `WebShellServer` made
/// without a `reports` source): they exist, answer 404 behind the token, and only to reads.
/// With a source they are exercised end to end in Tests/EndToEnd/ui/test_reports.py.
@Suite struct WebShellReportsTests {
    @Test func withoutAReportsSourceTheRoutesAre404AndStillNeedTheToken() async throws {
        let running = try await RunningServer.start()
        defer { running.stop() }
        for target in ["/reports", "/reports/anything", "/api/reports", "/api/reports/anything"] {
            #expect(try await running.get(target, cookie: false).status == 401, "\(target)")
            let reply = try await running.get(target)
            #expect(reply.status == 404, "\(target)")
            #expect(reply.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        }
        #expect(try await running.get("/api/reports").header("Content-Type") == "application/json")
        #expect(try await running.get("/reports").header("Content-Type")?.hasPrefix("text/html") == true)
        let post = try await running.post("/reports", body: "{}", headers: ["Content-Type": "application/json"])
        #expect(post.status == 405)
    }
}
