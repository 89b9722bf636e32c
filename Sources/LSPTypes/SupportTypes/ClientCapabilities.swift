/// What the client can do: the subset of the protocol's client capabilities Umlaut reads.
///
/// Every member is optional, as in the protocol; an absent capability means "not supported".
public struct ClientCapabilities: Hashable, Sendable, Codable {
    public var general: General?
    public var textDocument: TextDocument?
    public var workspace: Workspace?
    public var notebookDocument: NotebookDocument?
    public var window: Window?

    public init(
        general: General? = nil, textDocument: TextDocument? = nil, workspace: Workspace? = nil,
        notebookDocument: NotebookDocument? = nil, window: Window? = nil
    ) {
        self.general = general
        self.textDocument = textDocument
        self.workspace = workspace
        self.notebookDocument = notebookDocument
        self.window = window
    }

    public struct General: Hashable, Sendable, Codable {
        /// The encodings the client can count positions in, most preferred first.
        public var positionEncodings: [PositionEncodingKind]?
        public init(positionEncodings: [PositionEncodingKind]? = nil) { self.positionEncodings = positionEncodings }
    }

    public struct TextDocument: Hashable, Sendable, Codable {
        public var publishDiagnostics: PublishDiagnostics?
        /// Present when the client pulls diagnostics (`textDocument/diagnostic`).
        public var diagnostic: DiagnosticPull?
        public var codeAction: CodeActionCapabilities?
        public var hover: Hover?

        public init(
            publishDiagnostics: PublishDiagnostics? = nil, diagnostic: DiagnosticPull? = nil,
            codeAction: CodeActionCapabilities? = nil, hover: Hover? = nil
        ) {
            self.publishDiagnostics = publishDiagnostics
            self.diagnostic = diagnostic
            self.codeAction = codeAction
            self.hover = hover
        }
    }

    public struct PublishDiagnostics: Hashable, Sendable, Codable {
        public var relatedInformation: Bool?
        public var versionSupport: Bool?
        public var codeDescriptionSupport: Bool?
        public var dataSupport: Bool?
        public init(
            relatedInformation: Bool? = nil, versionSupport: Bool? = nil, codeDescriptionSupport: Bool? = nil,
            dataSupport: Bool? = nil
        ) {
            self.relatedInformation = relatedInformation
            self.versionSupport = versionSupport
            self.codeDescriptionSupport = codeDescriptionSupport
            self.dataSupport = dataSupport
        }
    }

    public struct DiagnosticPull: Hashable, Sendable, Codable {
        public var dynamicRegistration: Bool?
        public var relatedDocumentSupport: Bool?
        public init(dynamicRegistration: Bool? = nil, relatedDocumentSupport: Bool? = nil) {
            self.dynamicRegistration = dynamicRegistration
            self.relatedDocumentSupport = relatedDocumentSupport
        }
    }

    public struct CodeActionCapabilities: Hashable, Sendable, Codable {
        /// Present when the client understands `CodeAction` literals (not just commands).
        public var codeActionLiteralSupport: LiteralSupport?
        public var isPreferredSupport: Bool?
        public var dataSupport: Bool?
        /// The properties the client can fill lazily with `codeAction/resolve`.
        public var resolveSupport: ResolveSupport?

        public init(
            codeActionLiteralSupport: LiteralSupport? = nil, isPreferredSupport: Bool? = nil, dataSupport: Bool? = nil,
            resolveSupport: ResolveSupport? = nil
        ) {
            self.codeActionLiteralSupport = codeActionLiteralSupport
            self.isPreferredSupport = isPreferredSupport
            self.dataSupport = dataSupport
            self.resolveSupport = resolveSupport
        }

        public struct LiteralSupport: Hashable, Sendable, Codable {
            public var codeActionKind: KindSet
            public init(codeActionKind: KindSet) { self.codeActionKind = codeActionKind }
        }

        public struct KindSet: Hashable, Sendable, Codable {
            public var valueSet: [CodeActionKind]
            public init(valueSet: [CodeActionKind]) { self.valueSet = valueSet }
        }

        public struct ResolveSupport: Hashable, Sendable, Codable {
            public var properties: [String]
            public init(properties: [String]) { self.properties = properties }
        }
    }

    public struct Hover: Hashable, Sendable, Codable {
        public var contentFormat: [MarkupContent.Kind]?
        public init(contentFormat: [MarkupContent.Kind]? = nil) { self.contentFormat = contentFormat }
    }

    public struct Workspace: Hashable, Sendable, Codable {
        public var workspaceEdit: WorkspaceEditCapabilities?
        public var didChangeWatchedFiles: DynamicRegistration?
        public var didChangeConfiguration: DynamicRegistration?
        /// Whether the client answers `workspace/configuration`.
        public var configuration: Bool?
        public var workspaceFolders: Bool?
        public var diagnostics: Refresh?

        public init(
            workspaceEdit: WorkspaceEditCapabilities? = nil, didChangeWatchedFiles: DynamicRegistration? = nil,
            didChangeConfiguration: DynamicRegistration? = nil, configuration: Bool? = nil,
            workspaceFolders: Bool? = nil, diagnostics: Refresh? = nil
        ) {
            self.workspaceEdit = workspaceEdit
            self.didChangeWatchedFiles = didChangeWatchedFiles
            self.didChangeConfiguration = didChangeConfiguration
            self.configuration = configuration
            self.workspaceFolders = workspaceFolders
            self.diagnostics = diagnostics
        }
    }

    public struct WorkspaceEditCapabilities: Hashable, Sendable, Codable {
        public var documentChanges: Bool?
        public init(documentChanges: Bool? = nil) { self.documentChanges = documentChanges }
    }

    public struct DynamicRegistration: Hashable, Sendable, Codable {
        public var dynamicRegistration: Bool?
        public init(dynamicRegistration: Bool? = nil) { self.dynamicRegistration = dynamicRegistration }
    }

    public struct Refresh: Hashable, Sendable, Codable {
        public var refreshSupport: Bool?
        public init(refreshSupport: Bool? = nil) { self.refreshSupport = refreshSupport }
    }

    public struct NotebookDocument: Hashable, Sendable, Codable {
        /// Present when the client syncs notebooks with `notebookDocument/*`.
        public var synchronization: DynamicRegistration?
        public init(synchronization: DynamicRegistration? = nil) { self.synchronization = synchronization }
    }

    public struct Window: Hashable, Sendable, Codable {
        public var workDoneProgress: Bool?
        public init(workDoneProgress: Bool? = nil) { self.workDoneProgress = workDoneProgress }
    }
}
