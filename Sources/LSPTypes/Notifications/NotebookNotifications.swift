/// The client opened a notebook; its cells are text documents with their own URIs.
public struct DidOpenNotebookDocumentNotification: NotificationType, Hashable {
    public static let method = "notebookDocument/didOpen"
    public var notebookDocument: NotebookDocument
    /// The text of each cell that is a text document (code cells, usually Markdown too).
    public var cellTextDocuments: [TextDocumentItem]

    public init(notebookDocument: NotebookDocument, cellTextDocuments: [TextDocumentItem]) {
        self.notebookDocument = notebookDocument
        self.cellTextDocuments = cellTextDocuments
    }
}

/// The client changed a notebook: its cell list, or the text of cells.
public struct DidChangeNotebookDocumentNotification: NotificationType, Hashable {
    public static let method = "notebookDocument/didChange"
    public var notebookDocument: VersionedNotebookDocumentIdentifier
    public var change: NotebookDocumentChangeEvent

    public init(notebookDocument: VersionedNotebookDocumentIdentifier, change: NotebookDocumentChangeEvent) {
        self.notebookDocument = notebookDocument
        self.change = change
    }
}

public struct DidSaveNotebookDocumentNotification: NotificationType, Hashable {
    public static let method = "notebookDocument/didSave"
    public var notebookDocument: NotebookDocumentIdentifier
    public init(notebookDocument: NotebookDocumentIdentifier) { self.notebookDocument = notebookDocument }
}

public struct DidCloseNotebookDocumentNotification: NotificationType, Hashable {
    public static let method = "notebookDocument/didClose"
    public var notebookDocument: NotebookDocumentIdentifier
    public var cellTextDocuments: [TextDocumentIdentifier]

    public init(notebookDocument: NotebookDocumentIdentifier, cellTextDocuments: [TextDocumentIdentifier]) {
        self.notebookDocument = notebookDocument
        self.cellTextDocuments = cellTextDocuments
    }
}

public struct NotebookDocument: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    /// `jupyter-notebook` for Jupyter notebooks.
    public var notebookType: String
    public var version: Int
    public var cells: [NotebookCell]

    public init(uri: DocumentURI, notebookType: String, version: Int, cells: [NotebookCell]) {
        self.uri = uri
        self.notebookType = notebookType
        self.version = version
        self.cells = cells
    }
}

public struct NotebookCell: Hashable, Sendable, Codable {
    /// 1 Markdown, 2 code.
    public var kind: Int
    /// The URI of the cell's text document.
    public var document: DocumentURI

    public init(kind: Int, document: DocumentURI) {
        self.kind = kind
        self.document = document
    }

    public static let markup = 1
    public static let code = 2
}

public struct NotebookDocumentIdentifier: Hashable, Sendable, Codable {
    public var uri: DocumentURI
    public init(uri: DocumentURI) { self.uri = uri }
}

public struct VersionedNotebookDocumentIdentifier: Hashable, Sendable, Codable {
    public var version: Int
    public var uri: DocumentURI

    public init(version: Int, uri: DocumentURI) {
        self.version = version
        self.uri = uri
    }
}

public struct NotebookDocumentChangeEvent: Hashable, Sendable, Codable {
    public var cells: Cells?

    public init(cells: Cells? = nil) { self.cells = cells }

    public struct Cells: Hashable, Sendable, Codable {
        /// Cells inserted or removed, with the text documents opened and closed with them.
        public var structure: Structure?
        /// New text of cells.
        public var textContent: [TextContent]?

        public init(structure: Structure? = nil, textContent: [TextContent]? = nil) {
            self.structure = structure
            self.textContent = textContent
        }
    }

    public struct Structure: Hashable, Sendable, Codable {
        public var array: ArrayChange
        public var didOpen: [TextDocumentItem]?
        public var didClose: [TextDocumentIdentifier]?

        public init(array: ArrayChange, didOpen: [TextDocumentItem]? = nil, didClose: [TextDocumentIdentifier]? = nil) {
            self.array = array
            self.didOpen = didOpen
            self.didClose = didClose
        }
    }

    /// Replace `deleteCount` cells at `start` with `cells`.
    public struct ArrayChange: Hashable, Sendable, Codable {
        public var start: Int
        public var deleteCount: Int
        public var cells: [NotebookCell]?

        public init(start: Int, deleteCount: Int, cells: [NotebookCell]? = nil) {
            self.start = start
            self.deleteCount = deleteCount
            self.cells = cells
        }
    }

    public struct TextContent: Hashable, Sendable, Codable {
        public var document: VersionedTextDocumentIdentifier
        public var changes: [TextDocumentContentChangeEvent]

        public init(document: VersionedTextDocumentIdentifier, changes: [TextDocumentContentChangeEvent]) {
            self.document = document
            self.changes = changes
        }
    }
}
