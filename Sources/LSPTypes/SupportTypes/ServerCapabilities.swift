/// What the server does, sent in the `initialize` result. Umlaut fills only what it implements.
package struct ServerCapabilities: Hashable, Sendable, Codable {
    package var positionEncoding: PositionEncodingKind?
    package var textDocumentSync: TextDocumentSyncOptions?
    package var notebookDocumentSync: NotebookDocumentSyncOptions?
    package var hoverProvider: Bool?
    package var codeActionProvider: CodeActionOptions?
    package var diagnosticProvider: DiagnosticOptions?
    /// The commands `workspace/executeCommand` runs.
    package var executeCommandProvider: ExecuteCommandOptions?
    package var workspace: WorkspaceServerCapabilities?
    /// `workspace/symbol`: project search over the workspace's index.
    package var workspaceSymbolProvider: Bool?

    package init(
        positionEncoding: PositionEncodingKind? = nil, textDocumentSync: TextDocumentSyncOptions? = nil,
        notebookDocumentSync: NotebookDocumentSyncOptions? = nil, hoverProvider: Bool? = nil,
        codeActionProvider: CodeActionOptions? = nil, diagnosticProvider: DiagnosticOptions? = nil,
        executeCommandProvider: ExecuteCommandOptions? = nil, workspace: WorkspaceServerCapabilities? = nil,
        workspaceSymbolProvider: Bool? = nil
    ) {
        self.workspaceSymbolProvider = workspaceSymbolProvider
        self.positionEncoding = positionEncoding
        self.textDocumentSync = textDocumentSync
        self.notebookDocumentSync = notebookDocumentSync
        self.hoverProvider = hoverProvider
        self.codeActionProvider = codeActionProvider
        self.diagnosticProvider = diagnosticProvider
        self.executeCommandProvider = executeCommandProvider
        self.workspace = workspace
    }
}

package struct TextDocumentSyncOptions: Hashable, Sendable, Codable {
    package var openClose: Bool?
    /// 0 none, 1 full, 2 incremental.
    package var change: Int?
    package var save: SaveOptions?

    package static let incremental = 2

    package init(openClose: Bool? = nil, change: Int? = nil, save: SaveOptions? = nil) {
        self.openClose = openClose
        self.change = change
        self.save = save
    }

    package struct SaveOptions: Hashable, Sendable, Codable {
        package var includeText: Bool?
        package init(includeText: Bool? = nil) { self.includeText = includeText }
    }
}

package struct NotebookDocumentSyncOptions: Hashable, Sendable, Codable {
    package var notebookSelector: [Selector]
    package var save: Bool?

    package init(notebookSelector: [Selector], save: Bool? = nil) {
        self.notebookSelector = notebookSelector
        self.save = save
    }

    package struct Selector: Hashable, Sendable, Codable {
        package var notebook: NotebookFilter?
        package var cells: [CellLanguage]?

        package init(notebook: NotebookFilter? = nil, cells: [CellLanguage]? = nil) {
            self.notebook = notebook
            self.cells = cells
        }
    }

    package struct NotebookFilter: Hashable, Sendable, Codable {
        package var notebookType: String?
        package var pattern: String?

        package init(notebookType: String? = nil, pattern: String? = nil) {
            self.notebookType = notebookType
            self.pattern = pattern
        }
    }

    package struct CellLanguage: Hashable, Sendable, Codable {
        package var language: String
        package init(language: String) { self.language = language }
    }
}

package struct CodeActionOptions: Hashable, Sendable, Codable {
    package var codeActionKinds: [CodeActionKind]?
    package var resolveProvider: Bool?

    package init(codeActionKinds: [CodeActionKind]? = nil, resolveProvider: Bool? = nil) {
        self.codeActionKinds = codeActionKinds
        self.resolveProvider = resolveProvider
    }
}

package struct DiagnosticOptions: Hashable, Sendable, Codable {
    package var identifier: String?
    package var interFileDependencies: Bool
    package var workspaceDiagnostics: Bool

    package init(identifier: String? = nil, interFileDependencies: Bool, workspaceDiagnostics: Bool) {
        self.identifier = identifier
        self.interFileDependencies = interFileDependencies
        self.workspaceDiagnostics = workspaceDiagnostics
    }
}

package struct ExecuteCommandOptions: Hashable, Sendable, Codable {
    package var commands: [String]
    package init(commands: [String]) { self.commands = commands }
}

package struct WorkspaceServerCapabilities: Hashable, Sendable, Codable {
    package var workspaceFolders: WorkspaceFoldersOptions?

    package init(workspaceFolders: WorkspaceFoldersOptions? = nil) { self.workspaceFolders = workspaceFolders }

    package struct WorkspaceFoldersOptions: Hashable, Sendable, Codable {
        package var supported: Bool?
        package var changeNotifications: Bool?

        package init(supported: Bool? = nil, changeNotifications: Bool? = nil) {
            self.supported = supported
            self.changeNotifications = changeNotifications
        }
    }
}
