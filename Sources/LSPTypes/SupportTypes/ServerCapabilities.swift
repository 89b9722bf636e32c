/// What the server does, sent in the `initialize` result. Umlaut fills only what it implements.
public struct ServerCapabilities: Hashable, Sendable, Codable {
    public var positionEncoding: PositionEncodingKind?
    public var textDocumentSync: TextDocumentSyncOptions?
    public var notebookDocumentSync: NotebookDocumentSyncOptions?
    public var hoverProvider: Bool?
    public var codeActionProvider: CodeActionOptions?
    public var diagnosticProvider: DiagnosticOptions?
    /// The commands `workspace/executeCommand` runs.
    public var executeCommandProvider: ExecuteCommandOptions?
    public var workspace: WorkspaceServerCapabilities?

    public init(
        positionEncoding: PositionEncodingKind? = nil, textDocumentSync: TextDocumentSyncOptions? = nil,
        notebookDocumentSync: NotebookDocumentSyncOptions? = nil, hoverProvider: Bool? = nil,
        codeActionProvider: CodeActionOptions? = nil, diagnosticProvider: DiagnosticOptions? = nil,
        executeCommandProvider: ExecuteCommandOptions? = nil, workspace: WorkspaceServerCapabilities? = nil
    ) {
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

public struct TextDocumentSyncOptions: Hashable, Sendable, Codable {
    public var openClose: Bool?
    /// 0 none, 1 full, 2 incremental.
    public var change: Int?
    public var save: SaveOptions?

    public static let incremental = 2

    public init(openClose: Bool? = nil, change: Int? = nil, save: SaveOptions? = nil) {
        self.openClose = openClose
        self.change = change
        self.save = save
    }

    public struct SaveOptions: Hashable, Sendable, Codable {
        public var includeText: Bool?
        public init(includeText: Bool? = nil) { self.includeText = includeText }
    }
}

public struct NotebookDocumentSyncOptions: Hashable, Sendable, Codable {
    public var notebookSelector: [Selector]
    public var save: Bool?

    public init(notebookSelector: [Selector], save: Bool? = nil) {
        self.notebookSelector = notebookSelector
        self.save = save
    }

    public struct Selector: Hashable, Sendable, Codable {
        public var notebook: NotebookFilter?
        public var cells: [CellLanguage]?

        public init(notebook: NotebookFilter? = nil, cells: [CellLanguage]? = nil) {
            self.notebook = notebook
            self.cells = cells
        }
    }

    public struct NotebookFilter: Hashable, Sendable, Codable {
        public var notebookType: String?
        public var pattern: String?

        public init(notebookType: String? = nil, pattern: String? = nil) {
            self.notebookType = notebookType
            self.pattern = pattern
        }
    }

    public struct CellLanguage: Hashable, Sendable, Codable {
        public var language: String
        public init(language: String) { self.language = language }
    }
}

public struct CodeActionOptions: Hashable, Sendable, Codable {
    public var codeActionKinds: [CodeActionKind]?
    public var resolveProvider: Bool?

    public init(codeActionKinds: [CodeActionKind]? = nil, resolveProvider: Bool? = nil) {
        self.codeActionKinds = codeActionKinds
        self.resolveProvider = resolveProvider
    }
}

public struct DiagnosticOptions: Hashable, Sendable, Codable {
    public var identifier: String?
    public var interFileDependencies: Bool
    public var workspaceDiagnostics: Bool

    public init(identifier: String? = nil, interFileDependencies: Bool, workspaceDiagnostics: Bool) {
        self.identifier = identifier
        self.interFileDependencies = interFileDependencies
        self.workspaceDiagnostics = workspaceDiagnostics
    }
}

public struct ExecuteCommandOptions: Hashable, Sendable, Codable {
    public var commands: [String]
    public init(commands: [String]) { self.commands = commands }
}

public struct WorkspaceServerCapabilities: Hashable, Sendable, Codable {
    public var workspaceFolders: WorkspaceFoldersOptions?

    public init(workspaceFolders: WorkspaceFoldersOptions? = nil) { self.workspaceFolders = workspaceFolders }

    public struct WorkspaceFoldersOptions: Hashable, Sendable, Codable {
        public var supported: Bool?
        public var changeNotifications: Bool?

        public init(supported: Bool? = nil, changeNotifications: Bool? = nil) {
            self.supported = supported
            self.changeNotifications = changeNotifications
        }
    }
}
