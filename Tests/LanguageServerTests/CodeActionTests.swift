import Foundation
import LSPTypes
import LintCore
import LintRules
import Testing

@testable import LanguageServer

@Suite struct CodeActionTests {
    /// Opens the fixture and returns its published diagnostic.
    static func openKeras(_ client: TestClient, text: String? = nil) async throws -> (ClientText, LSPTypes.Diagnostic) {
        let code = text ?? Fixtures.parse(Fixtures.keras).code
        await client.open(code, uri: Fixtures.uri)
        let diagnostic = try #require(
            try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.first { $0.code == "UM302" })
        return (ClientText(code), diagnostic)
    }

    static func request(_ diagnostic: LSPTypes.Diagnostic, only: [CodeActionKind]? = nil) -> CodeActionRequest {
        CodeActionRequest(
            textDocument: .init(uri: Fixtures.uri), range: diagnostic.range,
            context: CodeActionContext(diagnostics: [diagnostic], only: only))
    }

    static func edits(_ action: CodeAction) throws -> [TextEdit] {
        let changes = try #require(action.edit?.documentChanges)
        #expect(changes.allSatisfy { $0.textDocument.uri == Fixtures.uri })
        return changes.flatMap(\.edits)
    }

    @Test func quickFixAppliedMakesTheDiagnosticGo() async throws {
        let (client, _) = try await TestClient.start()
        var (text, diagnostic) = try await Self.openKeras(client)
        let actions = try #require(try await client.send(Self.request(diagnostic)))
        #expect(
            actions.map(\.title) == [
                "Use rate 0.2 (1 - 0.8), in case a keep probability was meant", "Disable UM302 for this line",
            ])
        let fix = actions[0]
        #expect(fix.kind == .quickFix)
        #expect(fix.isPreferred == nil)  // unsafe: never preferred
        #expect(fix.edit?.documentChanges?.first?.textDocument.version == 1)
        text.apply(try Self.edits(fix))
        #expect(text.text.contains("layers.Dropout(0.2)"))
        await client.change(Fixtures.uri, version: 2, [.init(text: text.text)])
        #expect(try await client.nextDiagnostics(for: Fixtures.uri, version: 2).diagnostics.isEmpty)
    }

    @Test func disablingForTheLineAddsADirectiveTheLinterHonours() async throws {
        let (client, _) = try await TestClient.start()
        var (text, diagnostic) = try await Self.openKeras(client)
        let actions = try #require(try await client.send(Self.request(diagnostic)))
        let disable = try #require(actions.first { $0.title == "Disable UM302 for this line" })
        text.apply(try Self.edits(disable))
        #expect(text.text.contains("layers.Dropout(0.8),  # umlaut: ignore[UM302]\n"))
        await client.change(Fixtures.uri, version: 2, [.init(text: text.text)])
        #expect(try await client.nextDiagnostics(for: Fixtures.uri, version: 2).diagnostics.isEmpty)
    }

    @Test func disablingAddsTheCodeToAnExistingDirective() async throws {
        let (client, _) = try await TestClient.start()
        let code = "import keras\nm = keras.Sequential([keras.layers.Dropout(0.9)])  # umlaut: ignore[UM101]\n"
        var (text, diagnostic) = try await Self.openKeras(client, text: code)
        let actions = try #require(try await client.send(Self.request(diagnostic)))
        let disable = try #require(actions.first { $0.title == "Disable UM302 for this line" })
        text.apply(try Self.edits(disable))
        #expect(text.text.hasSuffix("  # umlaut: ignore[UM101, UM302]\n"))
    }

    @Test func noDisableActionWhereTheLineEndsInsideAString() async throws {
        let (client, _) = try await TestClient.start()
        let code = "import keras\nm = keras.Sequential([keras.layers.Dropout(0.9, name=\"\"\"a\nb\"\"\")])\n"
        let (_, diagnostic) = try await Self.openKeras(client, text: code)
        let actions = try #require(try await client.send(Self.request(diagnostic)))
        #expect(!actions.contains { $0.title.hasPrefix("Disable") })
        #expect(actions.count == 1)
    }

    @Test func actionsAreFoundEvenWhenTheClientSendsNoDiagnostics() async throws {
        let (client, _) = try await TestClient.start()
        let (_, diagnostic) = try await Self.openKeras(client)
        let request = CodeActionRequest(
            textDocument: .init(uri: Fixtures.uri), range: diagnostic.range, context: .init(diagnostics: []))
        #expect(try await client.send(request)?.count == 2)
    }

    @Test func fixAllAppliesEverySafeFixAndOnlyThose() async throws {
        let rules: [any Rule] = BuiltInRules.all + [MagicNumberTestRule()]
        let (client, _) = try await TestClient.start(options: TestClient.options(rules: rules))
        let code = Fixtures.parse(Fixtures.keras).code + "a = 0.123\nb = [0.123, 0.123]  # é🔥\n"
        var (text, diagnostic) = try await Self.openKeras(client, text: code)
        let actions = try #require(try await client.send(Self.request(diagnostic, only: [.sourceFixAll])))
        let fixAll = try #require(actions.only)
        #expect(fixAll.kind == .sourceFixAllUmlaut)
        text.apply(try Self.edits(fixAll))
        #expect(text.text.hasSuffix("a = 0.5\nb = [0.5, 0.5]  # é🔥\n"))
        #expect(text.text.contains("Dropout(0.8)"))  // the unsafe fix was not applied
        await client.change(Fixtures.uri, version: 2, [.init(text: text.text)])
        let after = try await client.nextDiagnostics(for: Fixtures.uri, version: 2)
        #expect(after.diagnostics.map(\.code) == ["UM302"])
        // With nothing safe left to fix, there is no fix-all.
        #expect(try await client.send(Self.request(after.diagnostics[0], only: [.source]))?.isEmpty == true)
    }

    @Test func onlyFiltersKinds() async throws {
        let rules: [any Rule] = BuiltInRules.all + [MagicNumberTestRule()]
        let (client, _) = try await TestClient.start(options: TestClient.options(rules: rules))
        let (_, diagnostic) = try await Self.openKeras(
            client, text: Fixtures.parse(Fixtures.keras).code + "a = 0.123\n")
        let quickFixes = try #require(try await client.send(Self.request(diagnostic, only: [.quickFix])))
        #expect(quickFixes.allSatisfy { $0.kind == .quickFix } && quickFixes.count == 2)
        let everything = try #require(try await client.send(Self.request(diagnostic)))
        #expect(everything.map(\.kind) == [.quickFix, .quickFix, .sourceFixAllUmlaut])
    }

    @Test func safeQuickFixesArePreferred() async throws {
        let (client, _) = try await TestClient.start(options: TestClient.options(rules: [MagicNumberTestRule()]))
        await client.open("a = 0.123\n", uri: Fixtures.uri)
        let diagnostic = try #require(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.only)
        let actions = try #require(try await client.send(Self.request(diagnostic, only: [.quickFix])))
        #expect(actions.first?.title == "Use 0.5")
        #expect(actions.first?.isPreferred == true)
    }

    @Test func lazyClientsGetEditsThroughResolve() async throws {
        let rules: [any Rule] = BuiltInRules.all + [MagicNumberTestRule()]
        let (client, _) = try await TestClient.start(.lazy, options: TestClient.options(rules: rules))
        var (text, diagnostic) = try await Self.openKeras(
            client, text: Fixtures.parse(Fixtures.keras).code + "a = 0.123\n")
        let actions = try #require(try await client.send(Self.request(diagnostic)))
        #expect(actions.count == 3)
        #expect(actions.allSatisfy { $0.edit == nil && $0.data != nil })
        let resolvedFix = try await client.send(CodeActionResolveRequest(codeAction: actions[0]))
        #expect(try Self.edits(resolvedFix).map(\.newText) == ["0.2"])
        let resolvedAll = try await client.send(CodeActionResolveRequest(codeAction: actions[2]))
        text.apply(try Self.edits(resolvedAll))
        #expect(text.text.hasSuffix("a = 0.5\n"))
        // Once the document has changed, resolving an old action is refused.
        await client.change(Fixtures.uri, version: 2, [.init(text: text.text)])
        await #expect(throws: ResponseError.contentModified) {
            _ = try await client.send(CodeActionResolveRequest(codeAction: actions[2]))
        }
        await #expect(throws: ResponseError.self) {
            _ = try await client.send(CodeActionResolveRequest(codeAction: CodeAction(title: "not ours")))
        }
    }

    @Test func clientsWithoutVersionedEditsGetPlainChanges() async throws {
        var capabilities = ClientCapabilities.push
        capabilities.workspace = nil
        let (client, _) = try await TestClient.start(capabilities)
        let (_, diagnostic) = try await Self.openKeras(client)
        let actions = try #require(try await client.send(Self.request(diagnostic)))
        #expect(actions[0].edit?.documentChanges == nil)
        #expect(actions[0].edit?.changes?[Fixtures.uri]?.only?.newText == "0.2")
    }
}

@Suite struct DiagnosticDataTests {
    /// The hand-built JSON of a diagnostic's data reads back as the same value.
    @Test func dataRoundTrips() throws {
        let range = LSPRange(start: .init(line: 1, character: 2), end: .init(line: 3, character: 4))
        let edit = DocumentTextEdit(uri: DocumentURI("file:///a.py"), range: range, newText: "é")
        let data = DiagnosticData(fix: .init(title: "Fix", applicability: "safe", edits: [edit, edit]), disable: edit)
        #expect(DiagnosticData(data.lspAny) == data)
        #expect(data.lspAny == (try LSPAny(encoding: data)))
        #expect(DiagnosticData(.object([:])) == DiagnosticData(fix: nil, disable: nil))
        #expect(DiagnosticData(.string("not ours")) == nil)
    }
}
