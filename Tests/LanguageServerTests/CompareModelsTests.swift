import Foundation
import LSPTypes
import LanguageServer
import TestSupport
import Testing

/// `umlaut.compareModels` in process: arguments laid over `[tool.umlaut.compare]`, the job's
/// progress stage by stage from the real helper (tiny PyTorch models of
/// `TestSupport.CompareFixture`), the report written into the workspace and opened at the
/// dashboard's `/reports/<id>` (a stand-in dashboard that answers the locator's probe), the
/// cache reused for another k, and cancellation. Serialized: each comparison runs Python.
@Suite(.serialized) struct CompareModelsTests {
    static var capabilities: ClientCapabilities {
        var capabilities = ClientCapabilities.push
        capabilities.window = .init(workDoneProgress: true, showDocument: .init(support: true))
        return capabilities
    }

    /// A workspace whose pyproject.toml names the fixture's models and data (small knobs).
    static func workspace(extra: String = "") throws -> TemporaryDirectory {
        let fixture = try CompareFixture.directory.get()
        let python = try #require(CompareFixture.python)
        let workspace = try TemporaryDirectory()
        try workspace.write(
            "pyproject.toml",
            """
            [tool.umlaut.compare]
            model-a = "\(fixture)/trained.pt"
            model-b = "\(fixture)/untrained.pt"
            data = "\(fixture)/data.npz"
            class = "stripes"
            samples = 8
            steps = 8
            top-segments = 3
            python = "\(python)"
            \(extra)
            """)
        return workspace
    }

    static func compare(_ client: TestClient, _ options: [String: LSPAny]) async throws -> [String: LSPAny] {
        let answer = try await client.send(
            ExecuteCommandRequest(command: "umlaut.compareModels", arguments: [.object(options)]))
        return try #require(answer?.objectValue)
    }

    /// Every progress notification of `token` up to its end.
    static func progress(of token: String, in client: TestClient) async throws -> [WorkDoneProgress] {
        var values: [WorkDoneProgress] = []
        while values.last?.kind != .end {
            values.append(
                try await client.nextNotification(ProgressNotification.self, timeout: .seconds(600)) {
                    $0.token == .string(token)
                }.value)
        }
        return values
    }

    @Test func aComparisonReportsItsStagesWritesTheReportOpensItAndReusesTheCache() async throws {
        // The helper runs PyTorch for tens of seconds: one such test at a time (HeavyWorkGate).
        try await HeavyWorkGate.shared.run {
            let workspace = try Self.workspace()
            defer { workspace.remove() }
            let dashboard = try StandInDashboard()
            defer { dashboard.stop() }
            try workspace.write(
                ".umlaut/ui.json",
                #"{"url": "http://127.0.0.1:\#(dashboard.port)", "token": "tok", "pid": \#(getpid())}"#)
            let (client, _) = try await TestClient.start(Self.capabilities, folders: [workspace.path])

            let answer = try await Self.compare(client, ["clusters": .int(2)])
            let id = try #require(answer["id"]?.stringValue)
            let report = try #require(answer["report"]?.stringValue)
            #expect(report == workspace.path + "/.umlaut/comparisons/\(id).json")
            #expect(answer["job"] == .string("umlaut-compare-1"))
            let values = try await Self.progress(of: "umlaut-compare-1", in: client)
            #expect(values.first?.kind == .begin && values.first?.cancellable == true)
            let messages = values.compactMap(\.message)
            for stage in [
                "load", "attributions (model A)", "attributions (model B)", "shapley (model A)", "embeddings",
            ] {
                #expect(messages.contains { $0.hasPrefix(stage + ":") }, "no \(stage) in \(messages)")
            }
            let percentages = values.compactMap(\.percentage)
            #expect(!percentages.isEmpty && percentages == percentages.sorted() && percentages.last! <= 100)
            #expect(values.last?.message == "report \(id): 2 clusters")
            let written = try #require(FileManager.default.contents(atPath: report))
            let json = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
            #expect((json["clusters"] as? [Any])?.count == 2)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/.umlaut/comparisons").sorted()
                    == ["\(id).json", "cache"])

            // The report opens in the browser, at the dashboard's page for it.
            let deadline = ContinuousClock.now + .seconds(30)
            while await client.shownDocuments.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let shown = try #require(await client.shownDocuments.first)
            #expect(shown.uri.stringValue == "http://127.0.0.1:\(dashboard.port)/reports/\(id)?token=tok")
            #expect(shown.external == true)

            // Another k and ordering: the cached attributions, no Python stage.
            let again = try await Self.compare(client, ["clusters": .int(3), "order": .string("importance")])
            let secondID = try #require(again["id"]?.stringValue)
            #expect(secondID != id)
            let second = try await Self.progress(of: "umlaut-compare-2", in: client)
            #expect(
                !second.compactMap(\.message).contains { $0.hasPrefix("attributions") || $0.hasPrefix("embeddings") })
            #expect(second.last?.message == "report \(secondID): 3 clusters (cached attributions)")
        }
    }

    @Test func cancellingTheProgressStopsTheHelperAndWritesNothing() async throws {
        // The helper runs PyTorch for tens of seconds: one such test at a time (HeavyWorkGate).
        try await HeavyWorkGate.shared.run {
            let workspace = try Self.workspace()
            defer { workspace.remove() }
            let (client, _) = try await TestClient.start(Self.capabilities, folders: [workspace.path])
            let answer = try await Self.compare(client, [:])
            let report = try #require(answer["report"]?.stringValue)
            // Cancel once the helper has reported a stage (it is running then).
            _ = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(120)) {
                $0.value.kind == .report && $0.value.message?.hasPrefix("load") == true
            }
            await client.notify(WorkDoneProgressCancelNotification(token: .string("umlaut-compare-1")))
            let end = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(60)) {
                $0.value.kind == .end
            }
            #expect(end.value.message == "cancelled; nothing written")
            #expect(!FileManager.default.fileExists(atPath: report))
            #expect(!FileManager.default.fileExists(atPath: workspace.path + "/.umlaut/comparisons"))
        }
    }

    @Test func theClientsMistakesAreRefusedAndTheTablesAreChecked() async throws {
        let workspace = try Self.workspace(extra: "modelB = \"x.pt\"\n")
        defer { workspace.remove() }
        let (client, _) = try await TestClient.start(Self.capabilities, folders: [workspace.path])
        // The project's table has a misspelt key: told like any other configuration problem.
        await #expect(throws: ResponseError.self) {
            try await client.send(
                ExecuteCommandRequest(
                    command: "umlaut.compareModels", arguments: [.object(["data": .string("/nowhere/data.npz")])]))
        }
        let warning = try await client.nextNotification(ShowMessageNotification.self) {
            $0.message.contains("tool.umlaut.compare.modelB")
        }
        #expect(warning.message.contains("did you mean `model-b`?"))
        for (options, words) in [
            (["Clusters": LSPAny.int(3)], "did you mean `clusters`?"),
            (["clusters": .string("many")], "`umlaut.compareModels: clusters` must be an integer"),
            (["order": .string("random")], "order must be imbalance, importance, centroid-distance"),
            (["segments": .string("hexagons")], "segments must be grid, slic, not 'hexagons'"),
            (["data": .string("missing.npz")], "does not exist"),
            (["preprocess-a": .string("zscore")], "unknown preprocessing 'zscore'"),
        ] {
            let error = try #require(
                await #expect(throws: ResponseError.self) {
                    try await client.send(
                        ExecuteCommandRequest(command: "umlaut.compareModels", arguments: [.object(options)]))
                })
            #expect(error.code == .invalidParams)
            #expect(error.message.contains(words), "\(error.message)")
        }
    }

    @Test func withoutTheTableTheArgumentsMustNameEverything() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let (client, _) = try await TestClient.start(Self.capabilities, folders: [workspace.path])
        let error = try #require(
            await #expect(throws: ResponseError.self) {
                try await client.send(
                    ExecuteCommandRequest(
                        command: "umlaut.compareModels", arguments: [.object(["model-a": .string("a.pt")])]))
            })
        #expect(error.code == .invalidParams)
        #expect(error.message.contains("needs model-b, data, class"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/.umlaut/comparisons"))
    }
}

/// Answers every HTTP request with 200 (what `DashboardLocator` probes before trusting
/// `ui.json`), on a loopback port of its own.
final class StandInDashboard: @unchecked Sendable {
    let port: UInt16
    private let socketFD: Int32

    init() throws {
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = socketFD
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound, listen(fd, 8) == 0 else {
            close(fd)
            throw CocoaError(.fileWriteUnknown)
        }
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread {
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(connection, &buffer, buffer.count)
                let answer = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]".utf8)
                _ = write(connection, answer, answer.count)
                close(connection)
            }
        }
        thread.start()
    }

    func stop() {
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }
}
