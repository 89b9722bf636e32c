import Foundation
import LSPTransport
import LSPTypes
import LanguageServer
import LintCore
import LintRules
import Runtime

/// Collects the server's outgoing bodies for the test client.
final class InMemorySink: MessageSink {
    let continuation: AsyncStream<Data>.Continuation
    init(_ continuation: AsyncStream<Data>.Continuation) { self.continuation = continuation }
    func send(_ body: Data) { continuation.yield(body) }
    func flush() {}
}

enum TestClientError: Error, CustomStringConvertible {
    case timeout(String)
    var description: String {
        switch self {
        case .timeout(let what): "timed out waiting for \(what)"
        }
    }
}

/// An in-process editor that drives the real `LanguageServer` actor through JSON bodies, as a
/// client on the other end of stdio would: it encodes requests, decodes responses, keeps the
/// notifications it gets, and answers the server's own requests (`workspace/configuration`
/// with `configuration`, the others with `null`).
actor TestClient {
    let server: LanguageServer
    private let input: AsyncStream<FrameEvent>.Continuation
    private var nextID = 0
    private var waiting: [RequestID: CheckedContinuation<Data, Never>] = [:]
    private var arrived: [RequestID: Data] = [:]
    private var notifications: [(method: String, body: Data)] = []
    /// The methods of the requests the server sent, in order.
    private(set) var serverRequests: [String] = []
    /// Server requests of these methods are answered only after the delay (a slow client).
    private var answerDelays: [String: Duration] = [:]

    func delayAnswers(to method: String, by delay: Duration) { answerDelays[method] = delay }
    /// Server requests of these methods are answered only when the test releases them.
    private var heldMethods: Set<String> = []
    private var held: [(method: String, id: RequestID)] = []

    /// Holds the answers to server requests of `method` until `releaseAnswers(to:error:)`.
    func holdAnswers(to method: String) { heldMethods.insert(method) }

    /// How many requests of `method` wait for their answer.
    func heldCount(_ method: String) -> Int { held.filter { $0.method == method }.count }

    /// Answers the held requests of `method` (`null`, or `error`) and stops holding them.
    func releaseAnswers(to method: String, error: ResponseError? = nil) {
        heldMethods.remove(method)
        for request in held where request.method == method {
            sendBody(
                error.map { JSONRPC.encodeError($0, id: request.id) }
                    ?? (try! JSONRPC.encodeResponse(VoidResponse(), id: request.id)))
        }
        held.removeAll { $0.method == method }
    }
    /// What `workspace/configuration` answers for each item.
    var configuration: LSPAny = .null
    /// The server's exit code once `run` returned.
    private let runTask: Task<Int32, Never>

    private init(server: LanguageServer, input: AsyncStream<FrameEvent>.Continuation, runTask: Task<Int32, Never>) {
        self.server = server
        self.input = input
        self.runTask = runTask
    }

    /// A client connected to a new server (not yet initialized).
    static func connect(options: ServerOptions = TestClient.options()) -> TestClient {
        let (outgoing, outgoingContinuation) = AsyncStream.makeStream(of: Data.self)
        let (incoming, inputContinuation) = AsyncStream.makeStream(of: FrameEvent.self)
        let server = LanguageServer(options: options, sink: InMemorySink(outgoingContinuation))
        let runTask = Task { await server.run(incoming) }
        let client = TestClient(server: server, input: inputContinuation, runTask: runTask)
        Task { for await body in outgoing { await client.received(body) } }
        return client
    }

    /// A client connected and initialized with `capabilities`, after `initialized`.
    static func start(
        _ capabilities: ClientCapabilities = .push, options: ServerOptions = TestClient.options(),
        folders: [String] = [], initializationOptions: LSPAny? = nil, configuration: LSPAny = .null
    ) async throws -> (TestClient, InitializeResult) {
        let client = connect(options: options)
        await client.setConfiguration(configuration)
        let result = try await client.send(
            InitializeRequest(
                processId: nil, clientInfo: .init(name: "test-client"), initializationOptions: initializationOptions,
                capabilities: capabilities,
                workspaceFolders: folders.map {
                    WorkspaceFolder(uri: DocumentURI(filePath: $0), name: ($0 as NSString).lastPathComponent)
                }))
        await client.notify(InitializedNotification())
        return (client, result)
    }

    /// Options for tests: the built-in rules and the runtime rules' descriptions (as `umlaut lsp`
    /// passes them), no debounce, quiet logs, sessions polled as in
    /// the product (tests of runtime findings poll every 20 ms), and the built `umlaut` for
    /// `umlaut.run`.
    static func options(
        rules: [any Rule] = BuiltInRules.all, debounce: Int = 0, hooks: ServerOptions.Hooks = .init(),
        logLevel: MessageKind = .error, sessionPoll: Int = 500
    ) -> ServerOptions {
        ServerOptions(
            rules: rules, runtimeRules: RuntimeRules.descriptions, logLevel: logLevel, debounceMilliseconds: debounce,
            umlautExecutable: builtUmlaut,
            sessionPollMilliseconds: sessionPoll, hooks: hooks, ruleDocumentationDirectory: ruleDocumentationDirectory)
    }

    /// Where the tests' servers install the rule pages (not the user's cache); removed when the
    /// test process exits (every run used to leave one in the temporary directory).
    static let ruleDocumentationDirectory: String = {
        let path = NSTemporaryDirectory() + "umlaut-test-rule-pages-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: TestClient.ruleDocumentationDirectory) }
        return path
    }()

    /// The `umlaut` built beside the tests (`swift build --build-tests` builds it), or
    /// `$UMLAUT_BINARY`.
    static let builtUmlaut: String = {
        if let path = ProcessInfo.processInfo.environment["UMLAUT_BINARY"] { return path }
        let besideTests = Bundle.main.bundleURL.appendingPathComponent("umlaut").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/umlaut").path
    }()

    func setConfiguration(_ value: LSPAny) { configuration = value }

    // MARK: Sending

    /// Sends a request and waits for its answer.
    func send<R: RequestType>(_ request: R) async throws(ResponseError) -> R.Response {
        let id = startRequest(request)
        return try await response(to: id, as: R.self)
    }

    /// Sends a request without waiting; see `response(to:as:)`.
    func startRequest<R: RequestType>(_ request: R) -> RequestID {
        nextID += 1
        let id = RequestID.number(nextID)
        // Encoding our own message types cannot fail.
        sendBody(try! JSONRPC.encodeRequest(request, id: id))
        return id
    }

    func response<R: RequestType>(to id: RequestID, as type: R.Type) async throws(ResponseError) -> R.Response {
        let body = await rawResponse(to: id)
        return try JSONRPC.decodeResult(R.Response.self, from: body).get()
    }

    /// The body of the response to `id`.
    func rawResponse(to id: RequestID) async -> Data {
        if let body = arrived.removeValue(forKey: id) { return body }
        return await withCheckedContinuation { waiting[id] = $0 }
    }

    func notify<N: NotificationType>(_ notification: N) {
        sendBody(try! JSONRPC.encodeNotification(notification))
    }

    /// Sends a body as it is, valid or not.
    func sendBody(_ body: Data) {
        input.yield(.message(Array(body)))
    }

    func sendRaw(_ text: String) { sendBody(Data(text.utf8)) }

    /// Ends the input, as a client closing the pipe; returns the server's exit code.
    func closeInput() async -> Int32 {
        input.finish()
        return await runTask.value
    }

    /// The server's exit code once `run` has returned (after `exit`).
    func exitCode() async -> Int32 { await runTask.value }

    // MARK: Receiving

    private func received(_ body: Data) {
        switch JSONRPC.classify(body) {
        case .response(let id, let body):
            deliver(body, to: id)
        case .notification(let method, let body):
            notifications.append((method, body))
        case .request(let id, let method, let body):
            serverRequests.append(method)
            if method == WorkspaceConfigurationRequest.method {
                let request = try? JSONRPC.decodeParams(WorkspaceConfigurationRequest.self, from: body)
                let answer = Array(repeating: configuration, count: request?.items.count ?? 1)
                sendBody(try! JSONRPC.encodeResponse(answer, id: id))
            } else if heldMethods.contains(method) {
                held.append((method, id))
            } else if method == ShowDocumentRequest.method {
                if let request = try? JSONRPC.decodeParams(ShowDocumentRequest.self, from: body) {
                    shownDocuments.append(request)
                }
                sendBody(try! JSONRPC.encodeResponse(ShowDocumentResult(success: true), id: id))
            } else if let delay = answerDelays[method] {
                Task {
                    try? await Task.sleep(for: delay)
                    self.sendBody(try! JSONRPC.encodeResponse(VoidResponse(), id: id))
                }
            } else {
                sendBody(try! JSONRPC.encodeResponse(VoidResponse(), id: id))
            }
        case .invalid, .requestWithInvalidID:
            // An error response with `"id": null`: keep it for `nullIdErrors`.
            nullIDErrors.append(body)
        }
    }

    /// The `window/showDocument` requests the server sent, in order (each answered as shown).
    private(set) var shownDocuments: [ShowDocumentRequest] = []

    /// Error responses that carried no id.
    private(set) var nullIDErrors: [Data] = []

    private func deliver(_ body: Data, to id: RequestID) {
        if let continuation = waiting.removeValue(forKey: id) {
            continuation.resume(returning: body)
        } else {
            arrived[id] = body
        }
    }

    /// The next notification of a type that satisfies `predicate`, removed from the queue. Waits up
    /// to a minute by default: these tests check what arrives, not how fast (that is `bench/lsp.sh`'s
    /// job), and a fresh-clone run on 2 cores once stalled every in-process test for 30 s.
    func nextNotification<N: NotificationType>(
        _ type: N.Type, timeout: Duration = .seconds(60), where predicate: @Sendable (N) -> Bool = { _ in true }
    ) async throws -> N {
        let deadline = ContinuousClock.now + timeout
        while true {
            for (index, notification) in notifications.enumerated() where notification.method == N.method {
                if let decoded = try? JSONRPC.decodeParams(N.self, from: notification.body), predicate(decoded) {
                    notifications.remove(at: index)
                    return decoded
                }
            }
            guard ContinuousClock.now < deadline else { throw TestClientError.timeout(N.method) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The next diagnostics published for a document (of a version, if given).
    func nextDiagnostics(
        for uri: DocumentURI, version: Int? = nil, timeout: Duration = .seconds(60)
    ) async throws -> PublishDiagnosticsNotification {
        try await nextNotification(PublishDiagnosticsNotification.self, timeout: timeout) {
            $0.uri == uri && (version == nil || $0.version == version)
        }
    }

    /// Every queued notification of a type, removed from the queue.
    func drain<N: NotificationType>(_ type: N.Type) -> [N] {
        var result: [N] = []
        notifications.removeAll { notification in
            guard notification.method == N.method,
                let decoded = try? JSONRPC.decodeParams(N.self, from: notification.body)
            else { return false }
            result.append(decoded)
            return true
        }
        return result
    }

    /// Waits `duration` and returns the notifications of a type that arrived meanwhile.
    func notifications<N: NotificationType>(_ type: N.Type, during duration: Duration) async throws -> [N] {
        try await Task.sleep(for: duration)
        return drain(type)
    }

    // MARK: Documents

    func open(_ text: String, uri: DocumentURI, version: Int = 1) {
        notify(
            DidOpenTextDocumentNotification(
                textDocument: TextDocumentItem(uri: uri, languageId: "python", version: version, text: text)))
    }

    func change(_ uri: DocumentURI, version: Int, _ changes: [TextDocumentContentChangeEvent]) {
        notify(
            DidChangeTextDocumentNotification(textDocument: .init(uri: uri, version: version), contentChanges: changes))
    }

    /// The text the server holds for a document.
    func serverText(_ uri: DocumentURI) async throws -> DocumentTextResult? {
        try await send(DocumentTextRequest(textDocument: .init(uri: uri)))
    }
}

extension ClientCapabilities {
    /// A client that takes pushed diagnostics and applies edits itself.
    static var push: ClientCapabilities {
        ClientCapabilities(
            textDocument: .init(
                publishDiagnostics: .init(
                    relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true),
                codeAction: .init(
                    codeActionLiteralSupport: .init(
                        codeActionKind: .init(valueSet: [.quickFix, .source, .sourceFixAll])),
                    isPreferredSupport: true, dataSupport: true),
                hover: .init(contentFormat: [.markdown, .plaintext])),
            workspace: .init(workspaceEdit: .init(documentChanges: true)))
    }

    /// A client that pulls diagnostics and supports refresh.
    static var pull: ClientCapabilities {
        var capabilities = push
        capabilities.textDocument?.diagnostic = .init(dynamicRegistration: false, relatedDocumentSupport: false)
        capabilities.workspace?.diagnostics = .init(refreshSupport: true)
        return capabilities
    }

    /// A client that fills code actions' edits with `codeAction/resolve`.
    static var lazy: ClientCapabilities {
        var capabilities = push
        capabilities.textDocument?.codeAction?.resolveSupport = .init(properties: ["edit"])
        return capabilities
    }

    func with(encodings: [PositionEncodingKind]) -> ClientCapabilities {
        var copy = self
        copy.general = .init(positionEncodings: encodings)
        return copy
    }
}
