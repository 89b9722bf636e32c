import Foundation
import LSPTypes
import LanguageServer
import LintCore
import Testing

@Suite struct ConfigurationTests {
    static let ignoreUM302: LSPAny = .object(["ignore": .array([.string("UM302")])])

    @Test func initializationOptionsConfigureTheLinter() async throws {
        let (client, _) = try await TestClient.start(initializationOptions: .object(["umlaut": Self.ignoreUM302]))
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.isEmpty)
    }

    @Test func didChangeConfigurationRepublishes() async throws {
        let (client, _) = try await TestClient.start()
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.count == 1)
        let thresholds: LSPAny = .object([
            "umlaut": .object(["thresholds": .object(["max-dropout-rate": .double(0.9)])])
        ])
        await client.notify(DidChangeConfigurationNotification(settings: thresholds))
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.isEmpty)
        let severity: LSPAny = .object(["umlaut": .object(["severity": .object(["UM302": .string("error")])])])
        await client.notify(DidChangeConfigurationNotification(settings: severity))
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.only?.severity == .error)
    }

    @Test func badSettingsAreSkippedNotFatal() async throws {
        let bad: LSPAny = .object([
            "umlaut": .object(["ignore": .int(5), "thresholds": .object(["nope": .int(1)]), "debounce": .string("x")])
        ])
        let (client, _) = try await TestClient.start(initializationOptions: bad)
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.count == 1)
    }

    /// A threshold out of its range (a dropout rate of 1.5 would silence UM302) is skipped, as
    /// in `[tool.umlaut]`: the default applies.
    @Test func thresholdsOutOfRangeAreSkipped() async throws {
        let bad: LSPAny = .object(["umlaut": .object(["thresholds": .object(["max-dropout-rate": .double(1.5)])])])
        let (client, _) = try await TestClient.start(initializationOptions: bad)
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.count == 1)
    }

    @Test func settingsArePulledWithWorkspaceConfiguration() async throws {
        var capabilities = ClientCapabilities.push
        capabilities.workspace?.configuration = true
        let (client, _) = try await TestClient.start(capabilities, configuration: Self.ignoreUM302)
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        // The open may be analysed before the settings arrive; the last word is the settings'.
        let cleared = try await client.nextNotification(PublishDiagnosticsNotification.self) { $0.diagnostics.isEmpty }
        #expect(cleared.uri == Fixtures.uri)
        #expect(await client.serverRequests.contains(WorkspaceConfigurationRequest.method))
        // A change notification without settings makes the server ask again.
        await client.setConfiguration(.object([:]))
        await client.notify(DidChangeConfigurationNotification(settings: .null))
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.count == 1)
    }

    /// A folder with a `pyproject.toml` and the fixture script, and a client watching files.
    /// Keep the folder: it is deleted when it goes.
    static func project(
        _ pyproject: String, options: ServerOptions = TestClient.options(), initializationOptions: LSPAny? = nil
    ) async throws
        -> (TestClient, TemporaryFolder, DocumentURI)
    {
        let folder = try TemporaryFolder()
        try folder.write("pyproject.toml", pyproject)
        var capabilities = ClientCapabilities.push
        capabilities.workspace?.didChangeWatchedFiles = .init(dynamicRegistration: true)
        let (client, _) = try await TestClient.start(
            capabilities, options: options, folders: [folder.path], initializationOptions: initializationOptions)
        return (client, folder, DocumentURI(filePath: folder.path + "/train.py"))
    }

    static func pyprojectChanged(
        _ client: TestClient, _ folder: TemporaryFolder, _ relative: String = "pyproject.toml"
    ) async {
        await client.notify(
            DidChangeWatchedFilesNotification(changes: [
                .init(uri: DocumentURI(filePath: folder.path + "/" + relative), type: 2)
            ]))
    }

    @Test func aPyprojectIgnoreSilencesTheRule() async throws {
        let (client, folder, uri) = try await Self.project("[tool.umlaut]\nignore = [\"UM302\"]\n")
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: uri)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.isEmpty)
        #expect(await client.drain(ShowMessageNotification.self).isEmpty)
        withExtendedLifetime(folder) {}
    }

    /// As in `umlaut check`: test files skip the hyperparameter rules unless the project says otherwise.
    @Test func testFilesSkipTheHyperparameterRulesInTheEditorToo() async throws {
        let (client, folder, _) = try await Self.project("[tool.umlaut]\n")
        let test = DocumentURI(filePath: folder.path + "/tests/test_train.py")
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: test)
        #expect(try await client.nextDiagnostics(for: test).diagnostics.isEmpty)
        let (checking, checkingFolder, _) = try await Self.project("[tool.umlaut]\ntest-file-ignores = []\n")
        let checked = DocumentURI(filePath: checkingFolder.path + "/tests/test_train.py")
        await checking.open(Fixtures.parse(Fixtures.keras).code, uri: checked)
        #expect(try await checking.nextDiagnostics(for: checked).diagnostics.count == 1)
        withExtendedLifetime((folder, checkingFolder)) {}
    }

    @Test func changingThePyprojectRepublishesWithItsThresholdsAndSeverities() async throws {
        let (client, folder, uri) = try await Self.project("[tool.umlaut]\n")
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: uri)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.count == 1)
        #expect(await client.serverRequests.contains(RegisterCapabilityRequest.method))

        try folder.write("pyproject.toml", "[tool.umlaut.thresholds]\nmax-dropout-rate = 0.9\n")
        await Self.pyprojectChanged(client, folder)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.isEmpty)

        try folder.write(
            "pyproject.toml",
            "[tool.umlaut.thresholds]\nmax-dropout-rate = 0.7\n[tool.umlaut.severity]\nUM302 = \"error\"\n")
        await Self.pyprojectChanged(client, folder)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.only?.severity == .error)

        // Another file changing, or the same settings written again, re-publishes nothing.
        await client.notify(
            DidChangeWatchedFilesNotification(changes: [
                .init(uri: DocumentURI(filePath: folder.path + "/setup.cfg"), type: 2)
            ]))
        await Self.pyprojectChanged(client, folder)
        #expect(try await client.notifications(PublishDiagnosticsNotification.self, during: .milliseconds(100)).isEmpty)

        // Deleting it brings back the defaults.
        try FileManager.default.removeItem(atPath: folder.path + "/pyproject.toml")
        await client.notify(
            DidChangeWatchedFilesNotification(changes: [
                .init(uri: DocumentURI(filePath: folder.path + "/pyproject.toml"), type: 3)
            ]))
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.only?.severity == .warning)
    }

    @Test func theNearestPyprojectAppliesAndItsPerFileIgnoresAreRelativeToIt() async throws {
        let (client, folder, _) = try await Self.project("[tool.umlaut]\nselect = [\"ALL\"]\n")
        try folder.write("lenient/pyproject.toml", "[tool.umlaut.per-file-ignores]\n\"experiments/*\" = [\"UM3\"]\n")
        try folder.write("plain/pyproject.toml", "[project]\nname = \"no umlaut table: discovery goes on upwards\"\n")
        let code = Fixtures.parse(Fixtures.keras).code
        let inLenient = DocumentURI(filePath: folder.path + "/lenient/experiments/a.py")
        let elsewhereInLenient = DocumentURI(filePath: folder.path + "/lenient/train.py")
        let atTheRoot = DocumentURI(filePath: folder.path + "/experiments/a.py")
        let inPlain = DocumentURI(filePath: folder.path + "/plain/experiments/a.py")
        for uri in [inLenient, elsewhereInLenient, atTheRoot, inPlain] { await client.open(code, uri: uri) }
        #expect(try await client.nextDiagnostics(for: inLenient).diagnostics.isEmpty)
        #expect(try await client.nextDiagnostics(for: elsewhereInLenient).diagnostics.count == 1)
        #expect(try await client.nextDiagnostics(for: atTheRoot).diagnostics.count == 1)
        #expect(try await client.nextDiagnostics(for: inPlain).diagnostics.count == 1)
    }

    @Test func invalidTOMLIsShownAndTheDefaultsApplyUntilItIsFixed() async throws {
        let (client, folder, uri) = try await Self.project("[tool.umlaut\nignore = [\"UM302\"]\n")
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: uri)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.count == 1)
        let shown = try await client.nextNotification(ShowMessageNotification.self)
        #expect(shown.type == .error)
        #expect(shown.message.contains(folder.path + "/pyproject.toml:1"))
        #expect(shown.message.contains("invalid TOML"))
        // Said once, not at every analysis.
        await client.change(uri, version: 2, [.init(range: nil, text: Fixtures.parse(Fixtures.keras).code + "\n")])
        _ = try await client.nextDiagnostics(for: uri, version: 2)
        #expect(await client.drain(ShowMessageNotification.self).isEmpty)

        try folder.write("pyproject.toml", "[tool.umlaut]\nignore = [\"UM302\"]\n")
        await Self.pyprojectChanged(client, folder)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.isEmpty)
    }

    @Test func unknownKeysAndCodesAreWarnedAboutAndTheRestApplies() async throws {
        let (client, folder, uri) = try await Self.project(
            "[tool.umlaut]\nignor = [\"UM1\"]\nignore = [\"UM302\", \"UM999\"]\n")
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: uri)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.isEmpty)
        let shown = try await client.nextNotification(ShowMessageNotification.self)
        #expect(shown.type == .warning)
        #expect(shown.message.contains("unknown key `tool.umlaut.ignor`; known keys: select, ignore"))
        #expect(shown.message.contains("and 1 more problem"))
        withExtendedLifetime(folder) {}
    }

    @Test func runtimeRuleCodesAreKnownToTheConfiguration() async throws {
        let (client, folder, uri) = try await Self.project("[tool.umlaut]\nignore = [\"UM5\", \"UM501\"]\n")
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: uri)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.count == 1)
        #expect(await client.drain(ShowMessageNotification.self).isEmpty)
        withExtendedLifetime(folder) {}
    }

    @Test func editorSettingsOverrideThePyproject() async throws {
        let (client, folder, uri) = try await Self.project(
            "[tool.umlaut]\nignore = [\"UM302\"]\n", initializationOptions: .object(["ignore": .array([])]))
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: uri)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.count == 1)
        withExtendedLifetime(folder) {}
    }
}
