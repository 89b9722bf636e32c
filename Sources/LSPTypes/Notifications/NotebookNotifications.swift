/// The client opened a notebook; its cells are text documents with their own URIs.
package struct DidOpenNotebookDocumentNotification: NotificationType, Hashable {
    package static let method = "notebookDocument/didOpen"
    package var notebookDocument: NotebookDocument
    /// The text of each cell that is a text document (code cells, usually Markdown too).
    package var cellTextDocuments: [TextDocumentItem]

    package init(notebookDocument: NotebookDocument, cellTextDocuments: [TextDocumentItem]) {
        self.notebookDocument = notebookDocument
        self.cellTextDocuments = cellTextDocuments
    }
}

/// The client changed a notebook: its cell list, or the text of cells.
package struct DidChangeNotebookDocumentNotification: NotificationType, Hashable {
    package static let method = "notebookDocument/didChange"
    package var notebookDocument: VersionedNotebookDocumentIdentifier
    package var change: NotebookDocumentChangeEvent

    package init(notebookDocument: VersionedNotebookDocumentIdentifier, change: NotebookDocumentChangeEvent) {
        self.notebookDocument = notebookDocument
        self.change = change
    }
}

package struct DidSaveNotebookDocumentNotification: NotificationType, Hashable {
    package static let method = "notebookDocument/didSave"
    package var notebookDocument: NotebookDocumentIdentifier
    package init(notebookDocument: NotebookDocumentIdentifier) { self.notebookDocument = notebookDocument }
}

package struct DidCloseNotebookDocumentNotification: NotificationType, Hashable {
    package static let method = "notebookDocument/didClose"
    package var notebookDocument: NotebookDocumentIdentifier
    package var cellTextDocuments: [TextDocumentIdentifier]

    package init(notebookDocument: NotebookDocumentIdentifier, cellTextDocuments: [TextDocumentIdentifier]) {
        self.notebookDocument = notebookDocument
        self.cellTextDocuments = cellTextDocuments
    }
}

package struct NotebookDocument: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    /// `jupyter-notebook` for Jupyter notebooks.
    package var notebookType: String
    package var version: Int
    package var cells: [NotebookCell]

    package init(uri: DocumentURI, notebookType: String, version: Int, cells: [NotebookCell]) {
        self.uri = uri
        self.notebookType = notebookType
        self.version = version
        self.cells = cells
    }
}

package struct NotebookCell: Hashable, Sendable, Codable {
    /// 1 Markdown, 2 code.
    package var kind: Int
    /// The URI of the cell's text document.
    package var document: DocumentURI

    package init(kind: Int, document: DocumentURI) {
        self.kind = kind
        self.document = document
    }

    package static let markup = 1
    package static let code = 2
}

package struct NotebookDocumentIdentifier: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    package init(uri: DocumentURI) { self.uri = uri }
}

package struct VersionedNotebookDocumentIdentifier: Hashable, Sendable, Codable {
    package var version: Int
    package var uri: DocumentURI

    package init(version: Int, uri: DocumentURI) {
        self.version = version
        self.uri = uri
    }
}

package struct NotebookDocumentChangeEvent: Hashable, Sendable, Codable {
    package var cells: Cells?

    package init(cells: Cells? = nil) { self.cells = cells }

    package struct Cells: Hashable, Sendable, Codable {
        /// Cells inserted or removed, with the text documents opened and closed with them.
        package var structure: Structure?
        /// New text of cells.
        package var textContent: [TextContent]?

        package init(structure: Structure? = nil, textContent: [TextContent]? = nil) {
            self.structure = structure
            self.textContent = textContent
        }
    }

    package struct Structure: Hashable, Sendable, Codable {
        package var array: ArrayChange
        package var didOpen: [TextDocumentItem]?
        package var didClose: [TextDocumentIdentifier]?

        package init(array: ArrayChange, didOpen: [TextDocumentItem]? = nil, didClose: [TextDocumentIdentifier]? = nil)
        {
            self.array = array
            self.didOpen = didOpen
            self.didClose = didClose
        }
    }

    /// Replace `deleteCount` cells at `start` with `cells`.
    package struct ArrayChange: Hashable, Sendable, Codable {
        package var start: Int
        package var deleteCount: Int
        package var cells: [NotebookCell]?

        package init(start: Int, deleteCount: Int, cells: [NotebookCell]? = nil) {
            self.start = start
            self.deleteCount = deleteCount
            self.cells = cells
        }
    }

    package struct TextContent: Hashable, Sendable, Codable {
        package var document: VersionedTextDocumentIdentifier
        package var changes: [TextDocumentContentChangeEvent]

        package init(document: VersionedTextDocumentIdentifier, changes: [TextDocumentContentChangeEvent]) {
            self.document = document
            self.changes = changes
        }
    }
}
