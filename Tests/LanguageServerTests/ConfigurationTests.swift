import Foundation
import LanguageServer
import LintCore
import LSPTypes
import Synchronization
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
        let thresholds: LSPAny = .object(["umlaut": .object(["thresholds": .object(["max-dropout-rate": .double(0.9)])])])
        await client.notify(DidChangeConfigurationNotification(settings: thresholds))
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.isEmpty)
        let severity: LSPAny = .object(["umlaut": .object(["severity": .object(["UM302": .string("error")])])])
        await client.notify(DidChangeConfigurationNotification(settings: severity))
        #expect(try await client.nextDiagnostics(for: Fixtures.uri).diagnostics.only?.severity == .error)
    }

    @Test func badSettingsAreSkippedNotFatal() async throws {
        let bad: LSPAny = .object(["umlaut": .object(["ignore": .int(5), "thresholds": .object(["nope": .int(1)]), "debounce": .string("x")])])
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

    @Test func pyprojectIsReReadWhenItChanges() async throws {
        let folder = try TemporaryFolder()
        try folder.write("pyproject.toml", "[tool.umlaut]\n")
        let reads = Mutex(0)
        let ignore = Mutex(false)
        let loader: @Sendable (String) -> ProjectSettingsResult? = { path in
            reads.withLock { $0 += 1 }
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            var settings = Settings()
            if ignore.withLock({ $0 }) { settings.ignore = ["UM302"] }
            return ProjectSettingsResult(settings: settings)
        }
        var capabilities = ClientCapabilities.push
        capabilities.workspace?.didChangeWatchedFiles = .init(dynamicRegistration: true)
        let (client, _) = try await TestClient.start(capabilities, options: TestClient.options(loader: loader), folders: [folder.path])
        let uri = DocumentURI(filePath: folder.path + "/train.py")
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: uri)
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.count == 1)
        #expect(await client.serverRequests.contains(RegisterCapabilityRequest.method))
        ignore.withLock { $0 = true }
        let pyproject = DocumentURI(filePath: folder.path + "/pyproject.toml")
        await client.notify(DidChangeWatchedFilesNotification(changes: [.init(uri: pyproject, type: 2)]))
        #expect(try await client.nextDiagnostics(for: uri).diagnostics.isEmpty)
        #expect(reads.withLock { $0 } == 2)
        // Other files changing do not re-read anything.
        await client.notify(DidChangeWatchedFilesNotification(changes: [.init(uri: DocumentURI(filePath: folder.path + "/setup.cfg"), type: 2)]))
        _ = try await client.send(DocumentTextRequest(textDocument: .init(uri: uri)))
        #expect(reads.withLock { $0 } == 2)
    }

    @Test func eachWorkspaceFolderHasItsOwnSettingsAndRelativePaths() async throws {
        let strict = try TemporaryFolder()
        let lenient = try TemporaryFolder()
        try strict.write("pyproject.toml", "")
        try lenient.write("pyproject.toml", "")
        let lenientPath = lenient.path
        let loader: @Sendable (String) -> ProjectSettingsResult? = { path in
            var settings = Settings()
            if path.hasPrefix(lenientPath) { settings.perFileIgnores = [("experiments/*", ["UM3"])] }
            return ProjectSettingsResult(settings: settings)
        }
        let (client, _) = try await TestClient.start(options: TestClient.options(loader: loader), folders: [strict.path, lenient.path])
        let code = Fixtures.parse(Fixtures.keras).code
        let inStrict = DocumentURI(filePath: strict.path + "/experiments/a.py")
        let inLenient = DocumentURI(filePath: lenient.path + "/experiments/a.py")
        let elsewhereInLenient = DocumentURI(filePath: lenient.path + "/train.py")
        await client.open(code, uri: inStrict)
        await client.open(code, uri: inLenient)
        await client.open(code, uri: elsewhereInLenient)
        #expect(try await client.nextDiagnostics(for: inStrict).diagnostics.count == 1)
        #expect(try await client.nextDiagnostics(for: inLenient).diagnostics.isEmpty)
        #expect(try await client.nextDiagnostics(for: elsewhereInLenient).diagnostics.count == 1)
        // Removing the lenient folder leaves its documents with the defaults.
        await client.notify(DidChangeWorkspaceFoldersNotification(event: .init(added: [], removed: [WorkspaceFolder(uri: DocumentURI(filePath: lenient.path), name: "l")])))
        #expect(try await client.nextDiagnostics(for: inLenient).diagnostics.count == 1)
    }
}
