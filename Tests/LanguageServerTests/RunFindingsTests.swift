import Foundation
import LSPTypes
import LanguageServer
import Store
import Testing

/// Runtime findings from the session database, in the editor: published with the static
/// diagnostics, live while the database changes, marked when their code changes, cleared by a
/// command, with their own code actions.
@Suite struct RunFindingsTests {
    static let source = "umlaut-run"

    /// The next publication for `uri` that satisfies `predicate` about its runtime diagnostics.
    static func nextRun(
        _ client: TestClient, _ uri: DocumentURI, where predicate: @escaping @Sendable ([Diagnostic]) -> Bool
    )
        async throws -> PublishDiagnosticsNotification
    {
        try await client.nextNotification(PublishDiagnosticsNotification.self) {
            $0.uri == uri && predicate($0.diagnostics.filter { $0.source == source })
        }
    }

    static func start(_ workspace: RunWorkspace, _ capabilities: ClientCapabilities = .push) async throws -> TestClient
    {
        let (client, result) = try await TestClient.start(
            capabilities, options: TestClient.options(sessionPoll: 20), folders: [workspace.folder.path])
        #expect(
            result.capabilities.executeCommandProvider?.commands == [
                "umlaut.run", "umlaut.stopRun", "umlaut.clearRunFindings", "umlaut.showRun",
                "umlaut.findSimilar", "umlaut.searchProjects", "umlaut.indexWorkspace", "umlaut.compareModels",
            ])
        return client
    }

    @Test func findingsOfTheLastRunArePublishedWithTheStaticDiagnostics() async throws {
        let workspace = try RunWorkspace()
        let session = try workspace.startSession()
        try workspace.saveLearningRateFinding(session: session, epochs: [1, 2, 3])
        let client = try await Self.start(workspace)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        let published = try await Self.nextRun(client, workspace.uri) { !$0.isEmpty }
        #expect(published.version == 1)
        // One notification carries both sources: the static UM301 on the same argument, and the run's UM506.
        #expect(published.diagnostics.contains { $0.source == "umlaut" && $0.code == "UM301" })
        let runtime = try #require(published.diagnostics.filter { $0.source == Self.source }.only)
        let column = RunWorkspace.column(of: "learning_rate=5.0", line: 6) - 1
        #expect(runtime.code == "UM506")
        #expect(
            runtime.range
                == LSPRange(start: .init(line: 5, character: column), end: .init(line: 5, character: column + 17)))
        #expect(runtime.severity == .error)
        // One short line: the summary and the epochs; the run's name is in the related places and the hover.
        #expect(runtime.message == "The learning rate in effect, 5, is above 0.01 (epochs 2–4)")
        let page = try #require(runtime.codeDescription.flatMap { DocumentURI($0.href).filePath })
        #expect(try String(contentsOfFile: page, encoding: .utf8).hasPrefix("# runtime-learning-rate (UM506)"))
        let related = try #require(runtime.relatedInformation)
        #expect(
            related.map(\.message) == [
                "root cause: the learning rate of `Adam` is set here",
                "the symptom: training runs here with this rate (epochs 2–4 of run `train`)",
            ])
        #expect(
            related[1].location
                == Location(
                    uri: workspace.uri,
                    range: LSPRange(start: .init(line: 7, character: 0), end: .init(line: 7, character: 25))))
        #expect(runtime.data?["run"]?["script"] == .string(workspace.scriptPath))
        #expect(runtime.data?["run"]?["arguments"] == .array([.string("--epochs"), .string("5")]))
    }

    @Test func findingsArriveLiveAndANewRunOfTheScriptReplacesThem() async throws {
        let workspace = try RunWorkspace()
        try FileManager.default.removeItem(atPath: workspace.folder.path + "/.umlaut")
        let client = try await Self.start(workspace)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        #expect(try await client.nextDiagnostics(for: workspace.uri).diagnostics.allSatisfy { $0.source == "umlaut" })

        // A run from a terminal starts: the database appears, then findings epoch by epoch.
        let writer = try SessionDatabase.open(path: workspace.folder.path + "/.umlaut/sessions.sqlite")
        let session = try writer.startSession(
            SessionRecord(
                name: "train", script: workspace.scriptPath, python: "python3",
                workingDirectory: workspace.folder.path)
        ).id!
        try writer.saveFinding(
            FindingRecord(
                sessionId: session, key: "UM501:m1", stage: .runtime, code: "UM501", name: "input-out-of-range",
                severity: .warning, message: "training inputs range over [0, 255]",
                path: workspace.scriptPath, line: 4, epochs: [0]))
        let first = try await Self.nextRun(client, workspace.uri) { $0.count == 1 }
        let input = try #require(first.diagnostics.first { $0.source == Self.source })
        // Only the line is known: the whole line, without indentation.
        #expect(input.range == LSPRange(start: .init(line: 3, character: 0), end: .init(line: 3, character: 44)))
        // Stored without a summary (by an older version): the message's first clause stands in.
        #expect(input.message == "Training inputs range over [0, 255] (epoch 1)")
        #expect(input.relatedInformation == nil)

        try writer.saveFinding(
            FindingRecord(
                sessionId: session, key: "UM501:m1", stage: .runtime, code: "UM501", name: "input-out-of-range",
                severity: .warning, message: "training inputs range over [0, 255]",
                path: workspace.scriptPath, line: 4, epochs: [1]))
        let grown = try await Self.nextRun(client, workspace.uri) { $0.first?.message.contains("epochs 1–2") == true }
        #expect(grown.diagnostics.filter { $0.source == Self.source }.count == 1)

        // The script runs again after a fix: its new session has found nothing (yet).
        _ = try writer.startSession(
            SessionRecord(
                name: "train", script: workspace.scriptPath, python: "python3", workingDirectory: workspace.folder.path)
        )
        let replaced = try await Self.nextRun(client, workspace.uri) { $0.isEmpty }
        #expect(replaced.diagnostics.contains { $0.code == "UM301" })
    }

    @Test func editingTheLineMarksTheFindingAsFromAnEarlierRunAndMovesFollowIt() async throws {
        let workspace = try RunWorkspace()
        try workspace.saveLearningRateFinding(session: try workspace.startSession(), epochs: [0])
        let client = try await Self.start(workspace)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        _ = try await Self.nextRun(client, workspace.uri) { !$0.isEmpty }

        // A line added above: the same code, one line down.
        await client.change(
            workspace.uri, version: 2,
            [
                .init(
                    range: LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)),
                    text: "# data\n")
            ])
        let moved = try await client.nextDiagnostics(for: workspace.uri, version: 2).diagnostics.first {
            $0.source == Self.source
        }
        #expect(moved?.range.start.line == 6)
        #expect(moved?.severity == .error)
        #expect(moved?.message.hasPrefix("(earlier run)") == false)

        // The learning rate itself is changed: the finding is from code that is no longer there.
        let column = RunWorkspace.column(of: "5.0", line: 6) - 1
        await client.change(
            workspace.uri, version: 3,
            [
                .init(
                    range: LSPRange(
                        start: .init(line: 6, character: column), end: .init(line: 6, character: column + 3)),
                    text: "1e-3")
            ])
        let stale = try #require(
            try await client.nextDiagnostics(for: workspace.uri, version: 3).diagnostics.first {
                $0.source == Self.source
            })
        #expect(stale.range.start.line == 6)
        #expect(stale.severity == .information)
        #expect(stale.message.hasPrefix("(earlier run) The learning rate in effect, 5"))
        #expect(stale.tags == nil)
        #expect(stale.data?["run"]?["stale"] == .bool(true))

        // Undo: the code that ran is back.
        await client.change(
            workspace.uri, version: 4,
            [
                .init(
                    range: LSPRange(
                        start: .init(line: 6, character: column), end: .init(line: 6, character: column + 4)),
                    text: "5.0")
            ])
        let back = try await client.nextDiagnostics(for: workspace.uri, version: 4).diagnostics.first {
            $0.source == Self.source
        }
        #expect(back?.severity == .error)
    }

    @Test func clearingHidesTheFindingsUntilANewRun() async throws {
        let workspace = try RunWorkspace()
        try workspace.saveLearningRateFinding(session: try workspace.startSession(), epochs: [0])
        try workspace.saveInputFinding(session: try workspace.startSession(name: "other-run-of-another-script").self)
        let client = try await Self.start(workspace)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        _ = try await Self.nextRun(client, workspace.uri) { !$0.isEmpty }

        let answer = try await client.send(ExecuteCommandRequest(command: "umlaut.clearRunFindings"))
        #expect(answer == .object(["cleared": .int(1)]))
        let cleared = try await Self.nextRun(client, workspace.uri) { $0.isEmpty }
        #expect(cleared.diagnostics.contains { $0.code == "UM301" })

        let next = try workspace.startSession()
        try workspace.saveInputFinding(session: next)
        let again = try await Self.nextRun(client, workspace.uri) { !$0.isEmpty }
        #expect(again.diagnostics.filter { $0.source == Self.source }.map(\.code) == ["UM501"])
    }

    @Test func theConfigurationAndIgnoreCommentsApplyToRuntimeFindings() async throws {
        let workspace = try RunWorkspace()
        let session = try workspace.startSession()
        try workspace.saveLearningRateFinding(session: session, epochs: [0])
        try workspace.saveInputFinding(session: session)
        try workspace.folder.write(
            "pyproject.toml", "[tool.umlaut]\nignore = [\"UM501\"]\n[tool.umlaut.severity]\nUM506 = \"warning\"\n")
        let client = try await Self.start(workspace)
        let silenced = RunWorkspace.script.replacingOccurrences(
            of: "learning_rate=5.0)", with: "learning_rate=5.0)  # umlaut: ignore[UM506]")
        await client.open(RunWorkspace.script, uri: workspace.uri)
        let shown = try await Self.nextRun(client, workspace.uri) { !$0.isEmpty }
        #expect(shown.diagnostics.filter { $0.source == Self.source }.map(\.code) == ["UM506"])
        #expect(shown.diagnostics.first { $0.source == Self.source }?.severity == .warning)
        await client.change(workspace.uri, version: 2, [.init(range: nil, text: silenced)])
        let published = try await client.nextDiagnostics(for: workspace.uri, version: 2)
        #expect(!published.diagnostics.contains { $0.source == Self.source })
    }

    @Test func runtimeFindingsOfferToRunAgainAndToClearNotToDisableALine() async throws {
        let workspace = try RunWorkspace()
        try workspace.saveLearningRateFinding(session: try workspace.startSession(), epochs: [0])
        let client = try await Self.start(workspace, .lazy)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        let runtime = try #require(
            try await Self.nextRun(client, workspace.uri) { !$0.isEmpty }.diagnostics.first { $0.source == Self.source }
        )
        // The diagnostic goes back as the client got it (through JSON), data included.
        let roundTripped = try JSONDecoder().decode(Diagnostic.self, from: JSONEncoder().encode(runtime))
        let actions = try #require(
            try await client.send(
                CodeActionRequest(
                    textDocument: .init(uri: workspace.uri), range: runtime.range,
                    context: .init(diagnostics: [roundTripped], only: [.quickFix]))))
        #expect(
            actions.map(\.title) == [
                "Run train.py again with Umlaut", "Show in the Umlaut dashboard", "Clear Umlaut's run findings",
            ])
        #expect(actions[0].command?.command == "umlaut.run")
        #expect(
            actions[0].command?.arguments == [
                .string(workspace.uri.stringValue), .array([.string("--epochs"), .string("5")]),
            ])
        // The dashboard's page of the run at this finding: the ids of the session database.
        let run = try #require(roundTripped.data?["run"])
        let sessionID = try #require(run["sessionID"])
        let findingID = try #require(run["findingID"])
        #expect(sessionID != .int(0) && findingID != .int(0))
        #expect(actions[1].command?.command == "umlaut.showRun")
        #expect(actions[1].command?.arguments == [sessionID, findingID, .string(workspace.uri.stringValue)])
        #expect(actions[2].command?.command == "umlaut.clearRunFindings")
        #expect(actions.allSatisfy { $0.edit == nil && $0.data == nil })
        // A client that resolves everything gets the command back untouched.
        let resolved = try await client.send(CodeActionResolveRequest(codeAction: actions[0]))
        #expect(resolved == actions[0])
    }

    @Test func pullingClientsGetRuntimeFindingsWithNewResultIDs() async throws {
        let workspace = try RunWorkspace()
        let session = try workspace.startSession()
        let client = try await Self.start(workspace, .pull)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        let before = try await client.send(DocumentDiagnosticRequest(textDocument: .init(uri: workspace.uri)))
        #expect(before.items?.contains { $0.source == Self.source } == false)
        try workspace.saveLearningRateFinding(session: session, epochs: [0])
        // The server asks the client to pull again once it has read the new finding.
        let deadline = ContinuousClock.now + .seconds(60)
        var report = before
        while report.items?.contains(where: { $0.source == Self.source }) != true, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            report = try await client.send(
                DocumentDiagnosticRequest(textDocument: .init(uri: workspace.uri), previousResultId: before.resultId))
        }
        #expect(report.kind == .full)
        #expect(report.resultId != before.resultId)
        #expect(report.items?.filter { $0.source == Self.source }.map(\.code) == ["UM506"])
        #expect(await client.serverRequests.contains(DiagnosticRefreshRequest.method))
        let workspaceReport = try await client.send(WorkspaceDiagnosticRequest(previousResultIds: []))
        let item = try #require(workspaceReport.items.first { $0.uri == workspace.uri })
        #expect(item.items?.filter { $0.source == Self.source }.map(\.code) == ["UM506"])
    }

    @Test func hoverExplainsARuntimeFindingBeforeTheStaticOne() async throws {
        let workspace = try RunWorkspace()
        try workspace.saveLearningRateFinding(session: try workspace.startSession(), epochs: [0, 1])
        let client = try await Self.start(workspace)
        await client.open(RunWorkspace.script, uri: workspace.uri)
        let runtime = try #require(
            try await Self.nextRun(client, workspace.uri) { !$0.isEmpty }.diagnostics.first { $0.source == Self.source }
        )
        let hover = try #require(
            try await client.send(HoverRequest(textDocument: .init(uri: workspace.uri), position: runtime.range.end)))
        let sections = hover.contents.value.components(separatedBy: "\n\n---\n\n")
        #expect(
            sections.first?.hasPrefix(
                "**UM506 runtime-learning-rate** (run `train`, epochs 1–2)\n\nthe learning rate in effect is 5") == true
        )
        #expect(sections.first?.contains("**Suggestion:** Use a learning rate around 1e-3 for Adam") == true)
        #expect(sections.first?.contains("[UM506 documentation](") == true)
        // The runtime rule's description reaches the server through `ServerOptions.runtimeRules`.
        #expect(sections.first?.contains("**Why is this bad?**") == true)
        #expect(sections.dropFirst().contains { $0.hasPrefix("**UM301") })
        #expect(hover.range == runtime.range)
        // Elsewhere, only what the static analysis says.
        let other = try await client.send(
            HoverRequest(textDocument: .init(uri: workspace.uri), position: .init(line: 4, character: 36)))
        #expect(other?.contents.value.contains("UM506") == false)
    }
}
