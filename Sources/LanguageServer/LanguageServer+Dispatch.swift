import Foundation
import LSPTransport
import LSPTypes

/// The routing tables: which handler answers which method, and which workspace command.
/// Adding a message means adding a line here and a handler file under `Handlers/` (see
/// `Docs/Adding an LSP message.md`); adding a workspace command, a line in `commandHandlers`
/// and its handler in its feature's folder (see `Docs/Adding a workspace command.md`).
extension LanguageServer {
    typealias RequestHandler = @Sendable (isolated LanguageServer, RequestID, Data) async -> Void
    typealias NotificationHandler = @Sendable (isolated LanguageServer, Data) -> Void
    /// Runs a workspace command; its result answers `workspace/executeCommand`.
    typealias CommandHandler =
        @Sendable (isolated LanguageServer, ExecuteCommandRequest) async throws(ResponseError) -> LSPAny?

    static let requestHandlers: [String: RequestHandler] = Dictionary(uniqueKeysWithValues: [
        request(InitializeRequest.self) { server, request throws(ResponseError) in try server.initialize(request) },
        request(ShutdownRequest.self) { server, _ in await server.shutdown() },
        request(HoverRequest.self) { server, request in await server.hover(request) },
        request(CodeActionRequest.self) { server, request in await server.codeActions(request) },
        request(CodeActionResolveRequest.self) { server, request throws(ResponseError) in
            try await server.resolveCodeAction(request)
        },
        request(DocumentDiagnosticRequest.self) { server, request throws(ResponseError) in
            try await server.documentDiagnostic(request)
        },
        request(WorkspaceDiagnosticRequest.self) { server, request throws(ResponseError) in
            try await server.workspaceDiagnostic(request)
        },
        request(DocumentTextRequest.self) { server, request in server.documentText(request) },
        request(ExecuteCommandRequest.self) { server, request throws(ResponseError) in
            try await server.executeCommand(request)
        },
        request(WorkspaceSymbolRequest.self) { server, request in await server.workspaceSymbols(request) },
    ])

    static let notificationHandlers: [String: NotificationHandler] = Dictionary(uniqueKeysWithValues: [
        notification(InitializedNotification.self) { $0.initialized($1) },
        notification(SetTraceNotification.self) { _, _ in },
        notification(DidOpenTextDocumentNotification.self) { $0.didOpen($1) },
        notification(DidChangeTextDocumentNotification.self) { $0.didChange($1) },
        notification(DidCloseTextDocumentNotification.self) { $0.didClose($1) },
        notification(DidSaveTextDocumentNotification.self) { $0.didSave($1) },
        notification(DidOpenNotebookDocumentNotification.self) { $0.didOpenNotebook($1) },
        notification(DidChangeNotebookDocumentNotification.self) { $0.didChangeNotebook($1) },
        notification(DidSaveNotebookDocumentNotification.self) { _, _ in },
        notification(DidCloseNotebookDocumentNotification.self) { $0.didCloseNotebook($1) },
        notification(DidChangeConfigurationNotification.self) { $0.didChangeConfiguration($1) },
        notification(DidChangeWatchedFilesNotification.self) { $0.didChangeWatchedFiles($1) },
        notification(DidChangeWorkspaceFoldersNotification.self) { $0.didChangeWorkspaceFolders($1) },
        notification(WorkDoneProgressCancelNotification.self) { $0.cancelJob($1) },
    ])

    /// The workspace commands, in the order `initialize` advertises them
    /// (`executeCommandProvider`): what is routed is what is advertised.
    static let commandHandlers: [(name: String, handler: CommandHandler)] = [
        command(RunsFeature.runCommand) { server, request throws(ResponseError) in
            try server.startRun(arguments: request.arguments ?? [], workDoneToken: request.workDoneToken)
        },
        command(RunsFeature.stopRunCommand) { server, request in server.stopRuns(arguments: request.arguments ?? []) },
        command(RunsFeature.clearRunFindingsCommand) { server, _ in
            .object(["cleared": .int(server.clearRunFindings())])
        },
        command(EditorLinkFeature.showRunCommand) { server, request throws(ResponseError) in
            try await server.showRun(arguments: request.arguments ?? [])
        },
        command(ProjectSearchFeature.findSimilarCommand) { server, request throws(ResponseError) in
            try await server.findSimilar(arguments: request.arguments ?? [])
        },
        command(ProjectSearchFeature.searchProjectsCommand) { server, request throws(ResponseError) in
            try await server.searchProjects(arguments: request.arguments ?? [])
        },
        command(ProjectSearchFeature.indexWorkspaceCommand) { server, request throws(ResponseError) in
            try server.indexWorkspace(arguments: request.arguments ?? [], workDoneToken: request.workDoneToken)
        },
        command(CompareFeature.compareCommand) { server, request throws(ResponseError) in
            try server.compareModels(arguments: request.arguments ?? [], workDoneToken: request.workDoneToken)
        },
    ]

    /// The handler of each workspace command, by name.
    static let commandsByName = Dictionary(uniqueKeysWithValues: commandHandlers.map { ($0.name, $0.handler) })

    /// A table entry that decodes `R`, runs `handler` and answers exactly once: with the result,
    /// the handler's error, `InvalidParams` when the params do not decode, or
    /// `RequestCancelled` when the request was cancelled meanwhile.
    private static func request<R: RequestType>(
        _ type: R.Type,
        _ handler: @escaping @Sendable (isolated LanguageServer, R) async throws(ResponseError) -> R.Response
    ) -> (String, RequestHandler) {
        (
            R.method,
            { server, id, body in
                do throws(ResponseError) {
                    if Task.isCancelled { throw .cancelled }
                    let request = try JSONRPC.decodeParams(R.self, from: body)
                    let response = try await handler(server, request)
                    if Task.isCancelled { throw .cancelled }
                    server.reply(response, to: id)
                } catch {
                    if error.code == .invalidParams || error.code == .internalError {
                        server.log(.warning, "\(R.method) failed: \(error.message)")
                    }
                    server.replyError(error, to: id)
                }
            }
        )
    }

    /// A command table entry.
    private static func command(
        _ name: String, _ handler: @escaping CommandHandler
    ) -> (name: String, handler: CommandHandler) {
        (name, handler)
    }

    /// A table entry that decodes `N` and runs `handler`; params that do not decode are logged.
    private static func notification<N: NotificationType>(
        _ type: N.Type, _ handler: @escaping @Sendable (isolated LanguageServer, N) -> Void
    ) -> (String, NotificationHandler) {
        (
            N.method,
            { server, body in
                do throws(ResponseError) {
                    handler(server, try JSONRPC.decodeParams(N.self, from: body))
                } catch {
                    server.log(.warning, "ignored \(N.method): \(error.message)")
                }
            }
        )
    }
}
