import EditorLink
import Foundation
import LSPTypes
import TestSupport
import Testing

@testable import LanguageServer

/// The server's end of the editor link, with a real channel: a request sent as the dashboard
/// sends it makes the client receive `window/showDocument` with exactly that file and range
/// (converted to the negotiated encoding), and bad requests are refused without reaching the
/// client. `umlaut.showRun`'s refusals of bad arguments.
@Suite struct EditorLinkServerTests {
    static var showing: ClientCapabilities {
        var capabilities = ClientCapabilities.push
        capabilities.window = .init(workDoneProgress: false, showDocument: .init(support: true))
        return capabilities
    }

    static func open(
        _ uri: String, _ range: EditorChannel.Range, in workspace: String
    ) async throws
        -> EditorChannel.Outcome
    {
        // The timeout bounds a failure only: with every suite running at once on two cores the
        // server can take seconds to answer, which is not what these tests are about.
        try await offTheTestPool { EditorChannel.open(uri: uri, range: range, workspace: workspace, timeout: 60) }
    }

    /// A client that can show documents, once its server has opened the channel (`initialized`
    /// is a notification: the server handles it after `start` returns).
    static func start(folder: String, _ capabilities: ClientCapabilities = showing) async throws -> TestClient {
        let (client, _) = try await TestClient.start(capabilities, folders: [folder])
        let deadline = ContinuousClock.now + .seconds(60)
        while EditorChannel.advertisements(workspace: folder).isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(EditorChannel.advertisements(workspace: folder).map(\.pid) == [getpid()])
        return client
    }

    static func range(_ line: Int, _ start: Int, _ end: Int) -> EditorChannel.Range {
        .init(start: .init(line: line, character: start), end: .init(line: line, character: end))
    }

    @Test func aChannelRequestBecomesShowDocumentWithThatRange() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let script = try workspace.write("train.py", "import keras\n\nmodel = keras.Sequential()\nmodel.fit(x, y)\n")
        let client = try await Self.start(folder: workspace.path)
        let uri = DocumentURI(filePath: script)
        #expect(try await Self.open(uri.stringValue, Self.range(2, 0, 5), in: workspace.path) == .opened)
        let shown = await client.shownDocuments
        #expect(
            shown == [
                ShowDocumentRequest(
                    uri: uri, takeFocus: true,
                    selection: LSPRange(start: .init(line: 2, character: 0), end: .init(line: 2, character: 5)))
            ])
        // Shutting down closes the channel and removes its advertisement.
        _ = try await client.send(ShutdownRequest())
        #expect(EditorChannel.advertisements(workspace: workspace.path).isEmpty)
        #expect(try await Self.open(uri.stringValue, Self.range(2, 0, 5), in: workspace.path) == .noEditor)
    }

    @Test func charactersAreConvertedToTheNegotiatedEncoding() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        // "é" is one UTF-16 unit and two UTF-8 bytes; "𝑥" is two UTF-16 units and four bytes.
        let script = try workspace.write("train.py", "s = \"é𝑥\"; lr = 0.5\n")
        let client = try await Self.start(folder: workspace.path, Self.showing.with(encodings: [.utf8]))
        #expect(
            try await Self.open(DocumentURI(filePath: script).stringValue, Self.range(0, 10, 12), in: workspace.path)
                == .opened)
        let shown = try #require(await client.shownDocuments.first)
        #expect(shown.selection == LSPRange(start: .init(line: 0, character: 13), end: .init(line: 0, character: 15)))
    }

    @Test func requestsOutsideTheWorkspaceOrWithBadRangesAreRefused() async throws {
        let workspace = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        defer {
            workspace.remove()
            elsewhere.remove()
        }
        let script = try workspace.write("train.py", "a = 1\nb = 2\n")
        let outside = try elsewhere.write("secret.py", "c = 3\n")
        try FileManager.default.createSymbolicLink(atPath: workspace.path + "/link.py", withDestinationPath: outside)
        try FileManager.default.createDirectory(atPath: workspace.path + "/data", withIntermediateDirectories: true)
        let client = try await Self.start(folder: workspace.path)
        let inside = DocumentURI(filePath: script).stringValue
        let cases: [(String, EditorChannel.Range, String)] = [
            (DocumentURI(filePath: outside).stringValue, Self.range(0, 0, 1), "outside the workspace"),
            (
                DocumentURI(filePath: workspace.path + "/link.py").stringValue, Self.range(0, 0, 1),
                "outside the workspace"
            ),
            (
                DocumentURI(filePath: workspace.path + "/../x.py").stringValue, Self.range(0, 0, 1),
                "outside the workspace"
            ),
            ("https://example.invalid/train.py", Self.range(0, 0, 1), "not a file URI"),
            (
                DocumentURI(filePath: workspace.path + "/missing.py").stringValue, Self.range(0, 0, 1),
                "not a readable file"
            ),
            (DocumentURI(filePath: workspace.path + "/data").stringValue, Self.range(0, 0, 1), "not a readable file"),
            (inside, Self.range(1, 4, 2), "not a range"),
            (inside, Self.range(-1, 0, 1), "not a range"),
            (inside, Self.range(40, 0, 1), "past the end"),
        ]
        for (uri, range, reason) in cases {
            let outcome = try await Self.open(uri, range, in: workspace.path)
            guard case .refused(let message) = outcome else {
                Issue.record("\(uri) \(range): \(outcome)")
                continue
            }
            #expect(message.contains(reason), "\(uri): \(message)")
        }
        #expect(await client.shownDocuments.isEmpty)
    }

    @Test func aClientThatCannotShowDocumentsGetsNoChannel() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let (client, _) = try await TestClient.start(.push, folders: [workspace.path])
        _ = try await client.send(ExecuteCommandRequest(command: "umlaut.stopRun"))
        #expect(!FileManager.default.fileExists(atPath: EditorChannel.directory(workspace: workspace.path)))
    }

    @Test func showRunRefusesBadArguments() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let client = try await Self.start(folder: workspace.path)
        for arguments: [LSPAny] in [
            [], [.string("twelve")], [.int(-3)], [.int(1), .string("x")], [.int(1), .null, .int(5)],
        ] {
            let error = try #require(
                await #expect(throws: ResponseError.self) {
                    try await client.send(ExecuteCommandRequest(command: "umlaut.showRun", arguments: arguments))
                })
            #expect(error.code == .invalidParams, "\(arguments)")
        }
        #expect(await client.shownDocuments.isEmpty)
    }
}

extension EditorLinkServerTests {
    @Test func theChannelFollowsTheWorkspaceFolders() async throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        defer {
            first.remove()
            second.remove()
        }
        let script = try second.write("b.py", "b = 2\n")
        let client = try await Self.start(folder: first.path)
        await client.notify(
            DidChangeWorkspaceFoldersNotification(
                event: .init(
                    added: [WorkspaceFolder(uri: DocumentURI(filePath: second.path), name: "second")],
                    removed: [WorkspaceFolder(uri: DocumentURI(filePath: first.path), name: "first")])))
        let deadline = ContinuousClock.now + .seconds(60)
        while EditorChannel.advertisements(workspace: second.path).isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(EditorChannel.advertisements(workspace: first.path).isEmpty)
        #expect(EditorChannel.advertisements(workspace: second.path).map(\.folders) == [[second.path]])
        let uri = DocumentURI(filePath: script)
        #expect(try await Self.open(uri.stringValue, Self.range(0, 0, 1), in: second.path) == .opened)
        #expect(await client.shownDocuments.map(\.uri) == [uri])
    }
}
