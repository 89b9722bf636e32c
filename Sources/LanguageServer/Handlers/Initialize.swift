import LSPTypes

extension LanguageServer {
    /// `initialize`: records what the client can do, negotiates the position encoding (UTF-8
    /// when the client offers it, else the protocol's UTF-16), reads the workspace folders'
    /// settings and the editor's, and advertises exactly what this server implements.
    func initialize(_ request: InitializeRequest) throws(ResponseError) -> InitializeResult {
        client = request.capabilities
        let offered = request.capabilities.general?.positionEncodings ?? []
        encoding = offered.contains(.utf8) ? .utf8 : .utf16
        pullDiagnostics = request.capabilities.textDocument?.diagnostic != nil

        var roots = request.workspaceFolders ?? []
        if roots.isEmpty, let root = request.rootUri {
            roots = [WorkspaceFolder(uri: root, name: "root")]
        } else if roots.isEmpty, let path = request.rootPath {
            roots = [WorkspaceFolder(uri: DocumentURI(filePath: path), name: "root")]
        }
        folders = roots.compactMap { WorkspaceFolderState(uri: $0.uri) }
        phase = .running
        adoptEditorSettings(request.initializationOptions)
        log(
            .info,
            "initialized for \(request.clientInfo?.name ?? "an unnamed client"): positions in \(encoding.rawValue), "
                + "diagnostics \(pullDiagnostics ? "pulled" : "pushed"), \(folders.count) workspace folder(s)")
        return InitializeResult(
            capabilities: serverCapabilities(),
            serverInfo: .init(name: "umlaut", version: options.version))
    }

    /// What the server does for this client.
    func serverCapabilities() -> ServerCapabilities {
        let notebooks = client.notebookDocument?.synchronization != nil
        let resolve = client.textDocument?.codeAction?.resolveSupport?.properties.contains("edit") == true
        return ServerCapabilities(
            positionEncoding: encoding,
            textDocumentSync: TextDocumentSyncOptions(
                openClose: true, change: TextDocumentSyncOptions.incremental, save: .init(includeText: false)),
            notebookDocumentSync: notebooks
                ? NotebookDocumentSyncOptions(
                    notebookSelector: [
                        .init(notebook: .init(notebookType: "jupyter-notebook"), cells: [.init(language: "python")])
                    ])
                : nil,
            hoverProvider: true,
            codeActionProvider: CodeActionOptions(
                codeActionKinds: [.quickFix, .sourceFixAllUmlaut], resolveProvider: resolve),
            diagnosticProvider: pullDiagnostics
                ? DiagnosticOptions(identifier: "umlaut", interFileDependencies: false, workspaceDiagnostics: true)
                : nil,
            executeCommandProvider: ExecuteCommandOptions(commands: Self.commandHandlers.map(\.name)),
            workspace: .init(workspaceFolders: .init(supported: true, changeNotifications: true)),
            workspaceSymbolProvider: true)
    }
}
