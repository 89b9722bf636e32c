import Foundation
import LSPTypes
import LanguageServer
import Testing

@Suite struct CancellationTests {
    /// Hover requests wait in the hook until cancelled (a minute otherwise), so the cancel always
    /// finds them in flight. An ignored cancel lets the hover answer normally, which fails the
    /// test: no wall-clock assertion needed.
    static let slowHover = ServerOptions.Hooks(beforeRequest: { method in
        if method == HoverRequest.method { try? await Task.sleep(for: .seconds(60)) }
    })

    @Test func cancelRequestAnswersRequestCancelled() async throws {
        let (client, _) = try await TestClient.start(options: TestClient.options(hooks: Self.slowHover))
        await client.open(Fixtures.parse(Fixtures.keras).code, uri: Fixtures.uri)
        let id = await client.startRequest(
            HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 6, character: 20)))
        // Other messages are still served while the hover waits.
        #expect(try await client.serverText(Fixtures.uri)?.version == 1)
        await client.notify(CancelRequestNotification(id: id))
        await #expect(throws: ResponseError.cancelled) {
            _ = try await client.response(to: id, as: HoverRequest.self)
        }
    }

    @Test func cancellingAnUnknownOrFinishedRequestIsHarmless() async throws {
        let (client, _) = try await TestClient.start()
        await client.notify(CancelRequestNotification(id: .string("never-sent")))
        let text = try await client.serverText(Fixtures.uri)
        #expect(text == nil)
    }

    @Test func workspaceDiagnosticsCanBeCancelled() async throws {
        let folder = try TemporaryFolder()
        let code = Fixtures.parse(Fixtures.keras).code
        for index in 0..<300 { try folder.write("f\(index).py", code) }
        let (client, _) = try await TestClient.start(.pull, folders: [folder.path])
        let id = await client.startRequest(WorkspaceDiagnosticRequest())
        await client.notify(CancelRequestNotification(id: id))
        await #expect(throws: ResponseError.cancelled) {
            _ = try await client.response(to: id, as: WorkspaceDiagnosticRequest.self)
        }
        // And uncancelled, the same request covers every file.
        #expect(try await client.send(WorkspaceDiagnosticRequest()).items.count == 300)
    }
}
