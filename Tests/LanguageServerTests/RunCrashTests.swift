import Foundation
import LSPTypes
import LanguageServer
import Store
import Testing

/// A crashed run in the editor: the exception at the innermost line of the user's code (source
/// `umlaut-run`), its full message, the likely cause as related information; gone when the
/// script runs again.
@Suite struct RunCrashTests {
    static let message = """
        Exception encountered when calling Sequential.call().

        Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to have value 10, but received input with shape (16, 784)
        """

    /// Stores a crash of `session` at the `fit` line (8) with its likely cause at the model (line 5), as `umlaut run` does.
    static func saveCrash(_ workspace: RunWorkspace, session: Int64) throws {
        let model = RunWorkspace.column(of: "layers.Dense(10", line: 5)
        try workspace.database.saveCrash(
            CrashRecord(
                sessionId: session, exceptionType: "ValueError", message: message, path: workspace.scriptPath, line: 8,
                column: 1,
                endLine: 8, endColumn: 26, kind: "shape",
                cause: .init(
                    path: workspace.scriptPath, line: 5, column: model, endLine: 5, endColumn: model + 41,
                    message:
                        "likely cause: the first layer `Dense(10, activation=\"softmax\")` declares 10 values on axis -1, but the data has shape (16, 784)"
                ),
                frames: [
                    .init(path: workspace.scriptPath, line: 8, function: "<module>", isUser: true),
                    .init(
                        path: "/venv/site-packages/keras/src/layers/input_spec.py", line: 239,
                        function: "assert_input_compatibility", isUser: false),
                ]))
    }

    @Test func aCrashIsShownAtTheUsersLineWithItsLikelyCause() async throws {
        let workspace = try RunWorkspace()
        try Self.saveCrash(workspace, session: try workspace.startSession())
        let client = try await RunFindingsTests.start(workspace)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        let published = try await RunFindingsTests.nextRun(client, workspace.uri) { !$0.isEmpty }
        let crash = try #require(published.diagnostics.filter { $0.source == "umlaut-run" }.only)
        #expect(crash.range == LSPRange(start: .init(line: 7, character: 0), end: .init(line: 7, character: 25)))
        #expect(crash.severity == .error)
        #expect(crash.code == "ValueError")
        // One line: the exception and the last line of its message, cut to fit; the hover has it all.
        #expect(
            crash.message.hasPrefix(
                "ValueError: Input 0 with name 'None' of layer 'dense' is incompatible with the layer"))
        #expect(crash.message.count <= 100 && !crash.message.contains("\n"))
        let related = try #require(crash.relatedInformation?.only)
        #expect(related.location.uri == workspace.uri)
        #expect(
            related.location.range.start
                == Position(line: 4, character: RunWorkspace.column(of: "layers.Dense(10", line: 5) - 1))
        #expect(related.message.hasPrefix("likely cause: the first layer `Dense(10"))
        #expect(crash.data?["run"]?["script"] == .string(workspace.scriptPath))

        let hover = try #require(
            try await client.send(
                HoverRequest(textDocument: .init(uri: workspace.uri), position: .init(line: 7, character: 3))))
        #expect(hover.contents.value.hasPrefix("**The script crashed** (run `train`)"))
        #expect(hover.contents.value.contains("**Likely cause** (line 5)"))
        #expect(hover.contents.value.contains("ValueError: \(Self.message)"))

        // The script runs again and gets further: the crash is gone.
        _ = try workspace.startSession()
        let replaced = try await RunFindingsTests.nextRun(client, workspace.uri) { $0.isEmpty }
        #expect(replaced.diagnostics.allSatisfy { $0.source == "umlaut" })
    }

    @Test func aCrashOutsideTheUsersCodeShowsNothing() async throws {
        let workspace = try RunWorkspace()
        let session = try workspace.startSession()
        try workspace.database.saveCrash(
            CrashRecord(sessionId: session, exceptionType: "ImportError", message: "no module named x"))
        try workspace.saveInputFinding(session: session)
        let client = try await RunFindingsTests.start(workspace)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        let published = try await RunFindingsTests.nextRun(client, workspace.uri) { !$0.isEmpty }
        #expect(published.diagnostics.filter { $0.source == "umlaut-run" }.map(\.code) == ["UM501"])
    }

    /// A script that dies of an exception raised in a function, with a message ending in a
    /// Keras-style dump of the call's arguments.
    static let crashing = #"""
        def check(shape):
            if shape != (10,):
                raise ValueError("expected axis -1 of input shape to have value 10, but received input with shape (16, 8)"
                                 "\n\nArguments received by Sequential.call():\n  \u2022 kwargs=<class 'inspect._empty'>")


        check((8,))

        """#

    /// End to end: `umlaut.run` starts the built `umlaut run` with the real sensor on a script
    /// that crashes; the diagnostic arrives at the innermost line of the user's code, and the
    /// pop-up names the crash instead of the last stderr line.
    @Test func aCrashedRunFromTheEditorArrivesAtTheRaisingLine() async throws {
        let folder = try TemporaryFolder()
        try folder.write("crashing.py", Self.crashing)
        let (client, _) = try await TestClient.start(
            .push, options: TestClient.options(sessionPoll: 20), folders: [folder.path],
            initializationOptions: .object(["python": .string(RunCommandTests.python)]))
        let uri = DocumentURI(filePath: folder.path + "/crashing.py")
        await client.open(Self.crashing, uri: uri)
        _ = try await client.nextDiagnostics(for: uri)
        _ = try await client.send(ExecuteCommandRequest(command: "umlaut.run", arguments: [.string(uri.stringValue)]))
        let shown = try await client.nextNotification(ShowMessageNotification.self, timeout: .seconds(30))
        #expect(shown.type == .warning)
        #expect(
            shown.message.hasPrefix(
                "Umlaut: crashing.py ended with exit status 1 after 0 epochs, 0 runtime findings: crashed at "))
        #expect(
            shown.message.hasSuffix(
                "crashing.py:3:9: ValueError: expected axis -1 of input shape to have value 10, but received input with shape (16, 8)"
            ))
        let published = try await RunFindingsTests.nextRun(client, uri) { !$0.isEmpty }
        let crash = try #require(published.diagnostics.filter { $0.source == "umlaut-run" }.only)
        #expect(crash.range.start == Position(line: 2, character: 8))
        #expect(crash.code == "ValueError")
        #expect(crash.message.hasPrefix("ValueError: expected axis -1"))
        #expect(!crash.message.contains("inspect._empty"))
        #expect(crash.relatedInformation == nil)
        withExtendedLifetime(folder) {}
    }
}
