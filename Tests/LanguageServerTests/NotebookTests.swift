import Foundation
import LSPTypes
import LanguageServer
import Testing
import Workspace

@Suite struct NotebookTests {
    static let notebookURI = DocumentURI("file:///work/project/explore.ipynb")
    static func cell(_ index: Int) -> DocumentURI {
        DocumentURI("vscode-notebook-cell:/work/project/explore.ipynb#W\(index)")
    }

    static var capabilities: ClientCapabilities {
        var capabilities = ClientCapabilities.push
        capabilities.notebookDocument = .init(synchronization: .init(dynamicRegistration: false))
        return capabilities
    }

    static func open(_ client: TestClient) async {
        let cells: [(Int, String, String)] = [
            (NotebookCell.code, "python", "%matplotlib inline\nimport keras\n!pip install keras"),
            (NotebookCell.markup, "markdown", "# A model with Dropout(0.9)"),
            (
                NotebookCell.code, "python",
                "model = keras.Sequential([\n    keras.layers.Dense(8),\n    keras.layers.Dropout(0.9),\n])"
            ),
        ]
        let notebook = NotebookDocument(
            uri: notebookURI, notebookType: "jupyter-notebook", version: 1,
            cells: cells.enumerated().map { NotebookCell(kind: $0.element.0, document: cell($0.offset)) })
        let items = cells.enumerated().map {
            TextDocumentItem(uri: cell($0.offset), languageId: $0.element.1, version: 1, text: $0.element.2)
        }
        await client.notify(DidOpenNotebookDocumentNotification(notebookDocument: notebook, cellTextDocuments: items))
    }

    @Test func diagnosticsLandInTheirCell() async throws {
        let (client, _) = try await TestClient.start(Self.capabilities)
        await Self.open(client)
        let third = try await client.nextDiagnostics(for: Self.cell(2))
        let diagnostic = try #require(third.diagnostics.only)
        #expect(diagnostic.code == "UM302")
        #expect(diagnostic.range == LSPRange(start: .init(line: 2, character: 25), end: .init(line: 2, character: 28)))
        #expect(third.version == 1)
        #expect(try await client.nextDiagnostics(for: Self.cell(0)).diagnostics.isEmpty)
    }

    @Test func editingACellMovesItsDiagnostics() async throws {
        let (client, _) = try await TestClient.start(Self.capabilities)
        await Self.open(client)
        _ = try await client.nextDiagnostics(for: Self.cell(2))
        // Insert a line at the top of the third cell, then fix the rate.
        let change = NotebookDocumentChangeEvent(
            cells: .init(textContent: [
                .init(
                    document: .init(uri: Self.cell(2), version: 2),
                    changes: [
                        .init(
                            range: LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)),
                            text: "# first\n")
                    ])
            ]))
        await client.notify(
            DidChangeNotebookDocumentNotification(
                notebookDocument: .init(version: 2, uri: Self.notebookURI), change: change))
        let moved = try await client.nextDiagnostics(for: Self.cell(2), version: 2)
        #expect(moved.diagnostics.only?.range.start == Position(line: 3, character: 25))
        #expect(try await client.serverText(Self.cell(2))?.text.hasPrefix("# first\nmodel") == true)

        let fix = NotebookDocumentChangeEvent(
            cells: .init(textContent: [
                .init(
                    document: .init(uri: Self.cell(2), version: 3),
                    changes: [
                        .init(
                            range: LSPRange(start: .init(line: 3, character: 25), end: .init(line: 3, character: 28)),
                            text: "0.1")
                    ])
            ]))
        await client.notify(
            DidChangeNotebookDocumentNotification(
                notebookDocument: .init(version: 3, uri: Self.notebookURI), change: fix))
        #expect(try await client.nextDiagnostics(for: Self.cell(2), version: 3).diagnostics.isEmpty)
    }

    @Test func removingACellClearsItsDiagnosticsAndClosingClearsAll() async throws {
        let (client, _) = try await TestClient.start(Self.capabilities)
        await Self.open(client)
        _ = try await client.nextDiagnostics(for: Self.cell(2))
        let removal = NotebookDocumentChangeEvent(
            cells: .init(
                structure: .init(
                    array: .init(start: 2, deleteCount: 1), didClose: [.init(uri: Self.cell(2))])))
        await client.notify(
            DidChangeNotebookDocumentNotification(
                notebookDocument: .init(version: 2, uri: Self.notebookURI), change: removal))
        #expect(try await client.nextDiagnostics(for: Self.cell(2)).diagnostics.isEmpty)
        await client.notify(
            DidCloseNotebookDocumentNotification(notebookDocument: .init(uri: Self.notebookURI), cellTextDocuments: []))
        #expect(try await client.nextDiagnostics(for: Self.cell(0)).diagnostics.isEmpty)
        #expect(try await client.serverText(Self.cell(0)) == nil)
    }

    @Test func hoverWorksInACell() async throws {
        let (client, _) = try await TestClient.start(Self.capabilities)
        await Self.open(client)
        let hover = try #require(
            try await client.send(
                HoverRequest(textDocument: .init(uri: Self.cell(2)), position: .init(line: 1, character: 20))))
        #expect(hover.contents.value.hasPrefix("**Dense(8)** — activation: linear (Keras default)"))
        #expect(hover.range?.start.line == 1)
    }

    /// IPython syntax is neutralised by Workspace's `NotebookSource`, as `umlaut check` does for
    /// `.ipynb` files: a `%%writefile` cell is not Python run by the notebook (its Dropout is not
    /// reported), help syntax and an indented magic keep the other cell parseable.
    @Test func ipythonSyntaxIsReadAsTheCommandLineReadsIt() async throws {
        let (client, _) = try await TestClient.start(Self.capabilities)
        let cells = [
            "%%writefile helper.py\nimport keras\nm = keras.Sequential([keras.layers.Dense(8), keras.layers.Dropout(0.9)])\n",
            "import keras\nkeras.layers.Dropout?\nif True:\n    %time x = !ls\nmodel = keras.Sequential([\n    keras.layers.Dense(8),\n    keras.layers.Dropout(0.8),\n])",
        ]
        let notebook = NotebookDocument(
            uri: Self.notebookURI, notebookType: "jupyter-notebook", version: 1,
            cells: cells.indices.map { NotebookCell(kind: NotebookCell.code, document: Self.cell($0)) })
        await client.notify(
            DidOpenNotebookDocumentNotification(
                notebookDocument: notebook,
                cellTextDocuments: cells.enumerated().map {
                    TextDocumentItem(uri: Self.cell($0.offset), languageId: "python", version: 1, text: $0.element)
                }))
        let second = try await client.nextDiagnostics(for: Self.cell(1))
        let diagnostic = try #require(second.diagnostics.only)
        #expect(diagnostic.code == "UM302")
        #expect(diagnostic.range.start == Position(line: 6, character: 25))
        #expect(
            await client.drain(PublishDiagnosticsNotification.self).allSatisfy {
                $0.uri != Self.cell(0) || $0.diagnostics.isEmpty
            })

        // Editing the magic line keeps the cell parseable and the finding in place.
        let change = NotebookDocumentChangeEvent(
            cells: .init(textContent: [
                .init(
                    document: .init(uri: Self.cell(1), version: 2),
                    changes: [
                        .init(
                            range: LSPRange(start: .init(line: 3, character: 4), end: .init(line: 3, character: 9)),
                            text: "%timeit")
                    ])
            ]))
        await client.notify(
            DidChangeNotebookDocumentNotification(
                notebookDocument: .init(version: 2, uri: Self.notebookURI), change: change))
        let edited = try await client.nextDiagnostics(for: Self.cell(1), version: 2)
        #expect(edited.diagnostics.only?.range.start == Position(line: 6, character: 25))
    }
}
