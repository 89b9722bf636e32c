import Foundation
import LSPTypes
import LanguageServer
import Testing

@Suite struct LifecycleTests {
    @Test func requestsBeforeInitializeAreRefused() async throws {
        let client = TestClient.connect()
        await #expect(throws: ResponseError.serverNotInitialized) {
            _ = try await client.send(
                HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 0, character: 0)))
        }
        _ = try await client.send(InitializeRequest(capabilities: .push))
        await #expect(throws: ResponseError.self) { _ = try await client.send(InitializeRequest(capabilities: .push)) }
    }

    @Test func capabilitiesAreAdvertisedForWhatTheClientSupports() async throws {
        let (_, push) = try await TestClient.start(.push)
        #expect(push.capabilities.diagnosticProvider == nil)
        #expect(push.capabilities.textDocumentSync?.change == 2)
        #expect(push.capabilities.codeActionProvider?.resolveProvider == false)
        #expect(push.capabilities.codeActionProvider?.codeActionKinds == [.quickFix, .sourceFixAllUmlaut])
        #expect(push.capabilities.notebookDocumentSync == nil)
        #expect(push.capabilities.hoverProvider == true)
        #expect(push.serverInfo?.name == "umlaut")

        var notebookClient = ClientCapabilities.lazy
        notebookClient.notebookDocument = .init(synchronization: .init(dynamicRegistration: false))
        let (_, pull) = try await TestClient.start(ClientCapabilities.pull.with(encodings: [.utf16]))
        #expect(pull.capabilities.diagnosticProvider?.workspaceDiagnostics == true)
        #expect(pull.capabilities.diagnosticProvider?.interFileDependencies == false)
        let (_, lazy) = try await TestClient.start(notebookClient)
        #expect(lazy.capabilities.codeActionProvider?.resolveProvider == true)
        #expect(
            lazy.capabilities.notebookDocumentSync?.notebookSelector.first?.notebook?.notebookType == "jupyter-notebook"
        )
    }

    @Test func shutdownThenExitEndsWithZero() async throws {
        let (client, _) = try await TestClient.start()
        _ = try await client.send(ShutdownRequest())
        await #expect(throws: ResponseError.self) {
            _ = try await client.send(
                HoverRequest(textDocument: .init(uri: Fixtures.uri), position: .init(line: 0, character: 0)))
        }
        await client.notify(ExitNotification())
        #expect(await client.exitCode() == 0)
    }

    @Test func exitWithoutShutdownEndsWithOne() async throws {
        let (client, _) = try await TestClient.start()
        await client.notify(ExitNotification())
        #expect(await client.exitCode() == 1)
    }

    @Test func endOfInputWithoutShutdownEndsWithOne() async throws {
        let (client, _) = try await TestClient.start()
        #expect(await client.closeInput() == 1)
    }

    @Test func unknownMethodsAreMethodNotFoundAndUnknownNotificationsIgnored() async throws {
        let (client, _) = try await TestClient.start()
        let id = await client.startRequest(UnknownRequest())
        let body = await client.rawResponse(to: id)
        #expect(Self.errorCode(body) == -32601)
        await client.sendRaw(#"{"jsonrpc":"2.0","method":"custom/somethingElse","params":{"a":1}}"#)
        await client.sendRaw(#"{"jsonrpc":"2.0","method":"$/progress","params":{"token":1,"value":{}}}"#)
        #expect(try await client.send(DocumentTextRequest(textDocument: .init(uri: Fixtures.uri))) == nil)
    }

    @Test func malformedMessagesAreAnsweredOrLoggedAndTheServerGoesOn() async throws {
        let (client, _) = try await TestClient.start()
        // Wrong types in params: InvalidParams for that request.
        await client.sendRaw(
            #"{"jsonrpc":"2.0","id":"h","method":"textDocument/hover","params":{"textDocument":{"uri":5},"position":"x"}}"#
        )
        #expect(Self.errorCode(await client.rawResponse(to: .string("h"))) == -32602)
        // Not JSON, with a readable id: ParseError for that id.
        await client.sendRaw(#"{"jsonrpc":"2.0","id":77,"method":"textDocument/hover","params":{"#)
        #expect(Self.errorCode(await client.rawResponse(to: .number(77))) == -32700)
        // Not JSON at all, invalid UTF-8, not an object, a notification with bad params: logged only.
        await client.sendBody(Data([0xC3, 0x28, 0xFF]))
        await client.sendRaw("[1, 2, 3]")
        await client.sendRaw(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":7}}"#)
        await client.sendRaw(
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere.py","version":2},"contentChanges":[{"text":"x"}]}}"#
        )
        // Still answering, with the document state untouched.
        #expect(
            try await client.send(DocumentTextRequest(textDocument: .init(uri: DocumentURI("file:///nowhere.py"))))
                == nil)
        #expect(await client.nullIDErrors.isEmpty)
    }

    @Test func requestsWithInvalidIDsGetAnInvalidRequestErrorWithIDNull() async throws {
        let (client, _) = try await TestClient.start()
        let ids = [#"{"a":1}"#, "[1,2]", "1.5", "true"]
        for id in ids {
            await client.sendRaw(
                #"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":0,"character":0}}}"#
            )
        }
        // A request sent after them is answered after them: their answers are all in by then.
        #expect(try await client.send(DocumentTextRequest(textDocument: .init(uri: Fixtures.uri))) == nil)
        let errors = await client.nullIDErrors
        #expect(errors.count == ids.count)
        for body in errors {
            let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect(object["id"] is NSNull)
            #expect(Self.errorCode(body) == -32600)
            let message = try #require((object["error"] as? [String: Any])?["message"] as? String)
            #expect(message.contains("id") && !message.contains("Swift"))
        }
    }

    /// The `error.code` of a response body, nil when it is not an error response.
    static func errorCode(_ body: Data) -> Int? {
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        guard object?["result"] == nil else { return nil }
        return (object?["error"] as? [String: Any])?["code"] as? Int
    }

    struct UnknownRequest: RequestType {
        static let method = "umlaut/doesNotExist"
        typealias Response = VoidResponse
    }
}
