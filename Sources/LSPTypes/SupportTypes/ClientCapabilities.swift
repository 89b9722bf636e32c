/// What the client can do: the subset of the protocol's client capabilities Umlaut reads.
///
/// Every member is optional, as in the protocol; an absent capability means "not supported".
package struct ClientCapabilities: Hashable, Sendable, Codable {
    package var general: General?
    package var textDocument: TextDocument?
    package var workspace: Workspace?
    package var notebookDocument: NotebookDocument?
    package var window: Window?

    package init(
        general: General? = nil, textDocument: TextDocument? = nil, workspace: Workspace? = nil,
        notebookDocument: NotebookDocument? = nil, window: Window? = nil
    ) {
        self.general = general
        self.textDocument = textDocument
        self.workspace = workspace
        self.notebookDocument = notebookDocument
        self.window = window
    }

    package struct General: Hashable, Sendable, Codable {
        /// The encodings the client can count positions in, most preferred first.
        package var positionEncodings: [PositionEncodingKind]?
        package init(positionEncodings: [PositionEncodingKind]? = nil) { self.positionEncodings = positionEncodings }
    }

    package struct TextDocument: Hashable, Sendable, Codable {
        package var publishDiagnostics: PublishDiagnostics?
        /// Present when the client pulls diagnostics (`textDocument/diagnostic`).
        package var diagnostic: DiagnosticPull?
        package var codeAction: CodeActionCapabilities?
        package var hover: Hover?

        package init(
            publishDiagnostics: PublishDiagnostics? = nil, diagnostic: DiagnosticPull? = nil,
            codeAction: CodeActionCapabilities? = nil, hover: Hover? = nil
        ) {
            self.publishDiagnostics = publishDiagnostics
            self.diagnostic = diagnostic
            self.codeAction = codeAction
            self.hover = hover
        }
    }

    package struct PublishDiagnostics: Hashable, Sendable, Codable {
        package var relatedInformation: Bool?
        package var versionSupport: Bool?
        package var codeDescriptionSupport: Bool?
        package var dataSupport: Bool?
        package init(
            relatedInformation: Bool? = nil, versionSupport: Bool? = nil, codeDescriptionSupport: Bool? = nil,
            dataSupport: Bool? = nil
        ) {
            self.relatedInformation = relatedInformation
            self.versionSupport = versionSupport
            self.codeDescriptionSupport = codeDescriptionSupport
            self.dataSupport = dataSupport
        }
    }

    package struct DiagnosticPull: Hashable, Sendable, Codable {
        package var dynamicRegistration: Bool?
        package var relatedDocumentSupport: Bool?
        package init(dynamicRegistration: Bool? = nil, relatedDocumentSupport: Bool? = nil) {
            self.dynamicRegistration = dynamicRegistration
            self.relatedDocumentSupport = relatedDocumentSupport
        }
    }

    package struct CodeActionCapabilities: Hashable, Sendable, Codable {
        /// Present when the client understands `CodeAction` literals (not just commands).
        package var codeActionLiteralSupport: LiteralSupport?
        package var isPreferredSupport: Bool?
        package var dataSupport: Bool?
        /// The properties the client can fill lazily with `codeAction/resolve`.
        package var resolveSupport: ResolveSupport?

        package init(
            codeActionLiteralSupport: LiteralSupport? = nil, isPreferredSupport: Bool? = nil, dataSupport: Bool? = nil,
            resolveSupport: ResolveSupport? = nil
        ) {
            self.codeActionLiteralSupport = codeActionLiteralSupport
            self.isPreferredSupport = isPreferredSupport
            self.dataSupport = dataSupport
            self.resolveSupport = resolveSupport
        }

        package struct LiteralSupport: Hashable, Sendable, Codable {
            package var codeActionKind: KindSet
            package init(codeActionKind: KindSet) { self.codeActionKind = codeActionKind }
        }

        package struct KindSet: Hashable, Sendable, Codable {
            package var valueSet: [CodeActionKind]
            package init(valueSet: [CodeActionKind]) { self.valueSet = valueSet }
        }

        package struct ResolveSupport: Hashable, Sendable, Codable {
            package var properties: [String]
            package init(properties: [String]) { self.properties = properties }
        }
    }

    package struct Hover: Hashable, Sendable, Codable {
        package var contentFormat: [MarkupContent.Kind]?
        package init(contentFormat: [MarkupContent.Kind]? = nil) { self.contentFormat = contentFormat }
    }

    package struct Workspace: Hashable, Sendable, Codable {
        package var workspaceEdit: WorkspaceEditCapabilities?
        package var didChangeWatchedFiles: DynamicRegistration?
        package var didChangeConfiguration: DynamicRegistration?
        /// Whether the client answers `workspace/configuration`.
        package var configuration: Bool?
        package var workspaceFolders: Bool?
        package var diagnostics: Refresh?

        package init(
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

    package struct WorkspaceEditCapabilities: Hashable, Sendable, Codable {
        package var documentChanges: Bool?
        package init(documentChanges: Bool? = nil) { self.documentChanges = documentChanges }
    }

    package struct DynamicRegistration: Hashable, Sendable, Codable {
        package var dynamicRegistration: Bool?
        package init(dynamicRegistration: Bool? = nil) { self.dynamicRegistration = dynamicRegistration }
    }

    package struct Refresh: Hashable, Sendable, Codable {
        package var refreshSupport: Bool?
        package init(refreshSupport: Bool? = nil) { self.refreshSupport = refreshSupport }
    }

    package struct NotebookDocument: Hashable, Sendable, Codable {
        /// Present when the client syncs notebooks with `notebookDocument/*`.
        package var synchronization: DynamicRegistration?
        package init(synchronization: DynamicRegistration? = nil) { self.synchronization = synchronization }
    }

    package struct Window: Hashable, Sendable, Codable {
        package var workDoneProgress: Bool?
        /// Present with `support: true` when the client answers `window/showDocument`.
        package var showDocument: ShowDocument?
        package init(workDoneProgress: Bool? = nil, showDocument: ShowDocument? = nil) {
            self.workDoneProgress = workDoneProgress
            self.showDocument = showDocument
        }
    }

    package struct ShowDocument: Hashable, Sendable, Codable {
        package var support: Bool
        package init(support: Bool) { self.support = support }
    }
}
