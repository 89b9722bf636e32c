import LSPTypes
import Testing

@testable import LanguageServer

/// Workspace commands are routed through one table, `commandHandlers`, which `initialize` also
/// advertises: what the client is told it may run is exactly what the server runs.
@Suite struct CommandTableTests {
    @Test func theAdvertisedCommandsAreTheTablesAndEachIsRouted() async throws {
        let (client, result) = try await TestClient.start()
        let advertised = try #require(result.capabilities.executeCommandProvider?.commands)
        #expect(advertised == LanguageServer.commandHandlers.map(\.name))
        #expect(Set(advertised).count == advertised.count)
        #expect(!advertised.isEmpty)
        // Each one reaches its handler: it answers, or refuses its (missing) arguments in its own
        // words, never as an unknown command.
        for command in advertised {
            do {
                _ = try await client.send(ExecuteCommandRequest(command: command))
            } catch {
                #expect(!error.message.hasPrefix("unknown command"), "\(command): \(error.message)")
            }
        }
    }

    @Test func anUnknownCommandIsRefusedAsInvalidParamsNamingTheKnownOnes() async throws {
        let (client, result) = try await TestClient.start()
        let advertised = try #require(result.capabilities.executeCommandProvider?.commands)
        let error = try #require(
            await #expect(throws: ResponseError.self) {
                try await client.send(ExecuteCommandRequest(command: "umlaut.noSuchCommand"))
            })
        #expect(error.code == .invalidParams)
        #expect(error.message.hasPrefix("unknown command `umlaut.noSuchCommand`"))
        for command in advertised { #expect(error.message.contains(command)) }
        // The server goes on serving.
        #expect(
            try await client.send(ExecuteCommandRequest(command: "umlaut.stopRun")) == .object(["stopped": .int(0)]))
    }
}
