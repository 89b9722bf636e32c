import Foundation
import LSPTransport
import LSPTypes
import LintCore
import PythonSyntax
import Store

/// The Umlaut language server: one actor that owns every open document, its syntax tree and its
/// latest analysis, and answers the client's messages.
///
/// Messages are read in order by `run`. Notifications (document edits above all) are handled
/// at once, on the actor, in arrival order, so every request sees the edits sent before it.
/// Requests are started with `Task.immediate`: a request that needs no waiting completes before
/// the next message is read; one that waits (the workspace's diagnostics, or a test hook) stays
/// in `inFlight` until it answers, and `$/cancelRequest` cancels it. Each message's handler is
/// one file under `Handlers/`; the tables in `LanguageServer+Dispatch.swift` route to them.
///
/// Diagnostics are pushed (`textDocument/publishDiagnostics`) unless the client pulls them
/// (`textDocument/diagnostic`); see `LanguageServer+Analysis.swift` for the debouncing.
package actor LanguageServer {
    /// Where the session is in the protocol's lifecycle.
    enum Phase: Equatable {
        case uninitialized
        case running
        /// `shutdown` was answered: only `exit` is accepted.
        case shuttingDown
    }

    let options: ServerOptions
    let sink: any MessageSink
    let parser = Parser()
    /// Every rule documented: the static rules run and the runtime rules' descriptions.
    let catalogue: RuleCatalogue
    /// The rules' pages (`RulePages`), written in the background from the start.
    let ruleDocumentation: RuleDocumentation
    /// The `file:` URI of each rule's installed page, for `codeDescription` and the hover
    /// (waits for the pages in the first moments after the start).
    var documentation: [RuleCode: String] { ruleDocumentation.links }

    var phase = Phase.uninitialized
    /// Set by `exit`: `run` returns it.
    var exitCode: Int32?

    // What the client negotiated.
    var client = ClientCapabilities()
    var encoding = PositionEncodingKind.utf16
    /// Whether the client pulls diagnostics; otherwise the server pushes them.
    var pullDiagnostics = false
    var logLevel: MessageKind

    // Documents.
    var documents: [DocumentURI: OpenDocument] = [:]
    var notebooks: [DocumentURI: NotebookState] = [:]
    var notebookOfCell: [DocumentURI: DocumentURI] = [:]
    /// The client documents each unit last published diagnostics for, to clear those that go.
    var published: [DocumentURI: Set<DocumentURI>] = [:]

    // Configuration.
    var folders: [WorkspaceFolderState] = []
    /// `[tool.umlaut]` per document.
    var projectConfiguration: ProjectConfiguration
    var editorSettings = EditorSettings()
    /// Bumped by every configuration change; analyses of older generations are stale.
    var settingsGeneration = 0

    // Requests and analyses in flight.
    var inFlight: [RequestID: Task<Void, Never>] = [:]
    var running: Set<RequestID> = []
    var scheduled: [DocumentURI: ScheduledAnalysis] = [:]
    /// The analysis running for each unit (`LanguageServer+Analysis.swift`).
    var analysisJobs: [DocumentURI: AnalysisJob] = [:]
    /// Units over the size limit whose user was told that they are not analysed.
    var tooLargeAnnounced: Set<DocumentURI> = []
    var analysisCounter = 0
    var nextOutgoingID = 0
    var pendingResponses: [RequestID: CheckedContinuation<Data?, Never>] = [:]

    // Features and long jobs.
    /// Runtime findings and runs from the editor (`Runs/`).
    var runs = RunsFeature()
    /// Long jobs and their work-done progress (`Jobs/`).
    var jobs = Jobs()
    /// The editor link: the dashboard's channel to the editor, `umlaut.showRun` (`EditorLink/`).
    var link = EditorLinkFeature()
    /// Project search from the editor: its index and indexing job (`ProjectSearch/`).
    var projectSearch = ProjectSearchFeature()
    /// Model comparisons started from the editor, `umlaut.compareModels` (`ModelComparison/`).
    var compare = CompareFeature()

    /// A server that writes its messages to `sink`.
    package init(options: ServerOptions, sink: any MessageSink) {
        self.options = options
        self.sink = sink
        self.logLevel = options.logLevel
        let catalogue = options.catalogue
        self.catalogue = catalogue
        self.ruleDocumentation = RuleDocumentation(
            catalogue.pages(),
            in: RulePages.directory(version: options.version, override: options.ruleDocumentationDirectory))
        projectConfiguration = ProjectConfiguration(knownCodes: catalogue.codes)
    }

    /// Serves the messages of `input` until `exit` or the end of input, and returns the exit
    /// code: 0 after `shutdown` then `exit`, 1 otherwise (as the protocol says).
    package func run(_ input: AsyncStream<FrameEvent>) async -> Int32 {
        for await event in input {
            switch event {
            case .message(let bytes):
                receive(Data(bytes))
            case .error(let error):
                log(.warning, "unreadable input: \(error)")
            }
            if let exitCode {
                finish()
                return exitCode
            }
        }
        log(.info, "the client closed the connection")
        finish()
        return phase == .shuttingDown ? 0 : 1
    }

    /// Handles one message body.
    func receive(_ body: Data) {
        switch JSONRPC.classify(body) {
        case .request(let id, let method, let body):
            log(.debug, "<- \(method) \(id)")
            receiveRequest(id: id, method: method, body: body)
        case .notification(let method, let body):
            log(.debug, "<- \(method)")
            receiveNotification(method: method, body: body)
        case .response(let id, let body):
            if let continuation = pendingResponses.removeValue(forKey: id) {
                continuation.resume(returning: body)
            } else {
                log(.warning, "a response to an unknown request \(id)")
            }
        case .invalid(let id, let error):
            log(.warning, "invalid message: \(error.message)")
            if let id { replyError(error, to: id) }
        case .requestWithInvalidID(let error):
            log(.warning, "invalid request: \(error.message)")
            replyError(error, to: nil)
        }
    }

    private func receiveRequest(id: RequestID, method: String, body: Data) {
        if method == InitializeRequest.method {
            guard phase == .uninitialized else {
                replyError(.invalidRequest("initialize was already received"), to: id)
                return
            }
        } else if phase == .uninitialized {
            replyError(.serverNotInitialized, to: id)
            return
        } else if phase == .shuttingDown {
            replyError(.invalidRequest("the server is shutting down"), to: id)
            return
        }
        guard let handler = Self.requestHandlers[method] else {
            log(.debug, "no handler for request \(method)")
            replyError(.methodNotFound(method), to: id)
            return
        }
        if running.contains(id) {
            log(.warning, "request id \(id) is already in use by a running request")
        }
        running.insert(id)
        let hook = options.hooks.beforeRequest
        let task = Task.immediate {
            if let hook { await hook(method) }
            await handler(self, id, body)
            self.running.remove(id)
            self.inFlight[id] = nil
        }
        if running.contains(id) { inFlight[id] = task }
    }

    private func receiveNotification(method: String, body: Data) {
        if method == ExitNotification.method {
            exitCode = phase == .shuttingDown ? 0 : 1
            return
        }
        if method == CancelRequestNotification.method {
            if let cancel = try? JSONRPC.decodeParams(CancelRequestNotification.self, from: body) {
                if let task = inFlight[cancel.id] {
                    task.cancel()
                    log(.debug, "cancelled request \(cancel.id)")
                } else {
                    log(.debug, "request \(cancel.id) is not in flight: nothing to cancel")
                }
            }
            return
        }
        guard phase == .running else {
            log(
                .debug,
                "ignored \(method): the server is \(phase == .uninitialized ? "not initialized" : "shutting down")")
            return
        }
        guard let handler = Self.notificationHandlers[method] else {
            if !method.hasPrefix("$/") { log(.debug, "no handler for notification \(method)") }
            return
        }
        handler(self, body)
    }

    /// Ends the session: stops pending work and answers nothing more. Jobs still running are
    /// told to exit (after `shutdown` they have already ended).
    private func finish() {
        stopWatchingSessions()
        stopEditorChannel()
        abandonJobs()
        for task in inFlight.values { task.cancel() }
        for analysis in scheduled.values { analysis.task.cancel() }
        scheduled.removeAll()
        for job in analysisJobs.values { job.task.cancel() }
        for continuation in pendingResponses.values { continuation.resume(returning: nil) }
        pendingResponses.removeAll()
        sink.flush()
    }

    // MARK: Sending

    /// Answers a request.
    func reply<R: Encodable>(_ result: R, to id: RequestID) {
        do {
            sink.send(try JSONRPC.encodeResponse(result, id: id))
        } catch {
            log(.error, "the result of request \(id) could not be encoded: \(error)")
            replyError(.internalError("the result could not be encoded"), to: id)
        }
    }

    /// Answers a request with an error.
    func replyError(_ error: ResponseError, to id: RequestID?) {
        sink.send(JSONRPC.encodeError(error, id: id))
    }

    func send<N: NotificationType>(_ notification: N) {
        do {
            sink.send(try JSONRPC.encodeNotification(notification))
        } catch {
            FileHandle.standardError.write(Data("umlaut lsp: could not encode \(N.method): \(error)\n".utf8))
        }
    }

    /// Sends a request to the client and waits for its answer; nil when the session ended first.
    func sendRequest<R: RequestType>(_ request: R) async -> Result<R.Response, ResponseError>? {
        nextOutgoingID += 1
        let id = RequestID.string("umlaut-\(nextOutgoingID)")
        let body: Data
        do {
            body = try JSONRPC.encodeRequest(request, id: id)
        } catch {
            log(.error, "could not encode \(R.method): \(error)")
            return .failure(.internalError("could not encode \(R.method)"))
        }
        let answer = await withCheckedContinuation { continuation in
            pendingResponses[id] = continuation
            sink.send(body)
        }
        return answer.map { JSONRPC.decodeResult(R.Response.self, from: $0) }
    }

    /// Logs to stderr and, once initialized, to the client's log (`window/logMessage`).
    func log(_ kind: MessageKind, _ message: @autoclosure () -> String) {
        guard kind <= logLevel else { return }
        let message = message()
        FileHandle.standardError.write(Data("umlaut lsp [\(kind)] \(message)\n".utf8))
        if phase == .running {
            send(LogMessageNotification(type: kind == .debug ? .log : kind, message: message))
        }
    }
}
