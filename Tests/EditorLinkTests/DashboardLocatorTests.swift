import Foundation
import TestSupport
import Testing

@testable import EditorLink

/// Finding the dashboard: `ui.json` is trusted only when its process lives and its address
/// answers; pages' addresses carry the token and the finding. (Starting a real `umlaut ui` and
/// opening its page is the end-to-end test's: Tests/EndToEnd/lsp/test_editor_link.py.)
@Suite struct DashboardLocatorTests {
    static func write(_ instance: DashboardLocator.Instance, in workspace: TemporaryDirectory) throws {
        try workspace.write(
            ".umlaut/ui.json", String(decoding: try JSONEncoder().encode(instance), as: UTF8.self))
    }

    @Test func aSessionPageCarriesTheTokenAndTheFinding() {
        let instance = DashboardLocator.Instance(url: "http://127.0.0.1:8123", token: "a-b_c", pid: 1)
        #expect(instance.sessionPage(session: 12, finding: 7) == "http://127.0.0.1:8123/runs/12?token=a-b_c#finding-7")
        #expect(instance.sessionPage(session: 3) == "http://127.0.0.1:8123/runs/3?token=a-b_c")
        // A name is escaped into one path segment.
        #expect(instance.sessionPage(session: "a/b c") == "http://127.0.0.1:8123/runs/a%2Fb%20c?token=a-b_c")
        // A token given only in the URL is kept.
        let inURL = DashboardLocator.Instance(url: "http://127.0.0.1:8123/?token=xyz", token: nil, pid: 1)
        #expect(inURL.sessionPage(session: 1) == "http://127.0.0.1:8123/runs/1?token=xyz")
        // Only loopback http addresses are probed.
        #expect(DashboardLocator.Instance(url: "http://example.invalid:80", token: nil, pid: 1).loopbackPort == nil)
        #expect(DashboardLocator.Instance(url: "https://127.0.0.1:443", token: nil, pid: 1).loopbackPort == nil)
    }

    @Test func aDeadOrSilentDashboardIsNotRunning() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        #expect(DashboardLocator.running(workspace: workspace.path) == nil)
        // A live process (this one) but nothing listens on the port: a port just freed.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        let port = UInt16(bigEndian: address.sin_port)
        close(fd)
        try Self.write(.init(url: "http://127.0.0.1:\(port)", token: "t", pid: getpid()), in: workspace)
        #expect(try await offTheTestPool { DashboardLocator.running(workspace: workspace.path) } == nil)
        // A dead process.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        try Self.write(
            .init(url: "http://127.0.0.1:\(port)", token: "t", pid: finished.processIdentifier), in: workspace)
        #expect(DashboardLocator.running(workspace: workspace.path) == nil)
        // Not JSON at all.
        try workspace.write(".umlaut/ui.json", "{")
        #expect(DashboardLocator.running(workspace: workspace.path) == nil)
    }
}
