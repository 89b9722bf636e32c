import Foundation
import LSPTypes
import LanguageServer
import Testing

@Suite struct PullDiagnosticsTests {
    @Test func documentReportsAreFullThenUnchangedThenFullAgainAfterAnEdit() async throws {
        let (client, _) = try await TestClient.start(.pull)
        let (code, _) = Fixtures.parse(Fixtures.keras)
        await client.open(code, uri: Fixtures.uri)
        let first = try await client.send(DocumentDiagnosticRequest(textDocument: .init(uri: Fixtures.uri)))
        #expect(first.kind == .full)
        #expect(first.items?.only?.code == "UM302")
        let resultID = try #require(first.resultId)
        let again = try await client.send(
            DocumentDiagnosticRequest(textDocument: .init(uri: Fixtures.uri), previousResultId: resultID))
        #expect(again.kind == .unchanged)
        #expect(again.items == nil)
        await client.change(
            Fixtures.uri, version: 2, [.init(range: try #require(first.items?.only?.range), text: "0.25")])
        let edited = try await client.send(
            DocumentDiagnosticRequest(textDocument: .init(uri: Fixtures.uri), previousResultId: resultID))
        #expect(edited.kind == .full)
        #expect(edited.items == [])
        #expect(edited.resultId != resultID)
    }

    @Test func workspaceReportsCoverOpenDocumentsAndFilesOnDisk() async throws {
        let folder = try TemporaryFolder()
        let (code, _) = Fixtures.parse(Fixtures.keras)
        try folder.write("a_train.py", code)
        try folder.write("pkg/b_clean.py", "x = 1\n")
        try folder.write(".hidden/c.py", code)
        try folder.write(".venv/lib/d.py", code)
        let (client, _) = try await TestClient.start(.pull, folders: [folder.path])
        let openURI = DocumentURI(filePath: folder.path + "/open.py")
        await client.open(code, uri: openURI, version: 4)
        let report = try await client.send(WorkspaceDiagnosticRequest())
        let byName = Dictionary(
            uniqueKeysWithValues: report.items.map { (($0.uri.filePath! as NSString).lastPathComponent, $0) })
        #expect(Set(byName.keys) == ["open.py", "a_train.py", "b_clean.py"])
        #expect(byName["open.py"]?.version == 4)
        #expect(byName["a_train.py"]?.version == nil)
        #expect(byName["a_train.py"]?.items?.only?.code == "UM302")
        #expect(byName["b_clean.py"]?.items == [])

        let previous = report.items.map {
            WorkspaceDiagnosticRequest.PreviousResultID(uri: $0.uri, value: $0.resultId!)
        }
        let second = try await client.send(WorkspaceDiagnosticRequest(previousResultIds: previous))
        #expect(second.items.allSatisfy { $0.kind == .unchanged })
        try folder.write("a_train.py", "y = 2\n")
        let third = try await client.send(WorkspaceDiagnosticRequest(previousResultIds: previous))
        let changed = third.items.filter { $0.kind == .full }
        #expect(changed.map { ($0.uri.filePath! as NSString).lastPathComponent } == ["a_train.py"])
        #expect(changed.first?.items == [])
    }

    @Test func aConfigurationChangeAsksThePullingClientToRefresh() async throws {
        let (client, _) = try await TestClient.start(.pull)
        await client.notify(
            DidChangeConfigurationNotification(
                settings: .object(["umlaut": .object(["ignore": .array([.string("UM302")])])])))
        let deadline = ContinuousClock.now + .seconds(60)
        while await !client.serverRequests.contains(DiagnosticRefreshRequest.method), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await client.serverRequests.contains(DiagnosticRefreshRequest.method))
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        #expect(try await client.send(DocumentDiagnosticRequest(textDocument: .init(uri: Fixtures.uri))).items == [])
    }
}

/// A folder under the system's temporary directory, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("umlaut-lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relativePath: String, _ text: String) throws {
        let file = (path as NSString).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }
}
