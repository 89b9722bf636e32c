import LSPTypes
import LintCore
import PythonSyntax
import Workspace

/// An open notebook: its cells, each cell's text, and the Python code cells joined into one
/// source that is parsed and analysed like a file.
///
/// The joining is Workspace's `NotebookSource`, the one `umlaut check` uses for `.ipynb` files,
/// so IPython syntax is neutralised the same way in the terminal and the editor: magics and
/// shell escapes become comments byte for byte (`0#` when indented, so a block keeps a body),
/// help syntax (`model.fit?`) loses its question marks, and cells whose cell magic makes them
/// another language (`%%bash`, `%%html`) are left out. Code cells in a language other than
/// Python are left out too.
///
/// An edit of one cell joins the cells again and re-parses incrementally: the joined text
/// changes only where the cell did (offsets inside other cells stay), so the tree is told of
/// that one changed range. A change of the cell list parses from scratch.
final class NotebookState: AnalysisUnit {
    /// A cell's own text document.
    struct CellText {
        var languageId: String
        var version: Int
        var text: SourceText
    }

    let uri: DocumentURI
    let notebookType: String
    private(set) var version: Int
    private(set) var cells: [NotebookCell]
    private(set) var cellTexts: [DocumentURI: CellText] = [:]
    /// The code cells joined, as `umlaut check` joins them.
    private(set) var joined: NotebookSource
    private(set) var regions: [CellRegion] = []
    private(set) var source: SourceText
    private(set) var syntaxTree: SyntaxTree
    var tree: SyntaxTree? { syntaxTree }
    var analysis: AnalysisSnapshot?

    init(_ notebook: NotebookDocument, cellDocuments: [TextDocumentItem], parser: Parser) {
        uri = notebook.uri
        notebookType = notebook.notebookType
        version = notebook.version
        cells = notebook.cells
        for item in cellDocuments {
            cellTexts[item.uri] = CellText(
                languageId: item.languageId, version: item.version, text: SourceText(item.text))
        }
        joined = Self.join(cells, cellTexts)
        source = joined.text
        syntaxTree = parser.parse(source)
        regions = Self.regions(joined, cells: cells, texts: cellTexts)
    }

    var sourceMap: SourceMap { .notebook(cells: regions) }
    var lineLabels: LineLabels { joined.lineLabels }

    /// The URIs of every cell document, code or not.
    var cellURIs: [DocumentURI] { cells.map(\.document) }

    /// Applies a `notebookDocument/didChange`: cell list changes first, then cell text changes.
    func apply(_ change: NotebookDocumentChangeEvent, version: Int, encoding: PositionEncodingKind, parser: Parser) {
        self.version = version
        analysis = nil
        if let structure = change.cells?.structure {
            let array = structure.array
            let start = min(max(array.start, 0), cells.count)
            let end = min(start + max(array.deleteCount, 0), cells.count)
            let removed = cells[start..<end].map(\.document)
            cells.replaceSubrange(start..<end, with: array.cells ?? [])
            for closed in structure.didClose ?? [] { cellTexts[closed.uri] = nil }
            for uri in removed where !cells.contains(where: { $0.document == uri }) { cellTexts[uri] = nil }
            for item in structure.didOpen ?? [] {
                cellTexts[item.uri] = CellText(
                    languageId: item.languageId, version: item.version, text: SourceText(item.text))
            }
            rejoin(parser: parser, incrementally: false)
        }
        for content in change.cells?.textContent ?? [] {
            applyText(
                content.changes, toCell: content.document.uri, version: content.document.version, encoding: encoding,
                parser: parser)
        }
    }

    /// Applies edits to one cell's text, then to the joined source.
    func applyText(
        _ changes: [TextDocumentContentChangeEvent], toCell cellURI: DocumentURI, version cellVersion: Int,
        encoding: PositionEncodingKind, parser: Parser
    ) {
        guard var cell = cellTexts[cellURI] else { return }
        cell.text = TextChanges.apply(changes, to: cell.text, encoding: encoding).text
        cell.version = cellVersion
        cellTexts[cellURI] = cell
        analysis = nil
        rejoin(parser: parser, incrementally: true)
    }

    /// Joins the cells again; parses incrementally over the one changed range, or from scratch.
    private func rejoin(parser: Parser, incrementally: Bool) {
        joined = Self.join(cells, cellTexts)
        if incrementally {
            let (old, new) = FixAll.changedRanges(source.bytes, joined.text.bytes)
            let (text, edit) = source.replacing(old, with: Array(joined.text.bytes[new]))
            syntaxTree = parser.reparse(syntaxTree, applying: [edit], newSource: text)
            source = text
        } else {
            source = joined.text
            syntaxTree = parser.parse(source)
        }
        regions = Self.regions(joined, cells: cells, texts: cellTexts)
    }

    /// The notebook as LintCore sees it: every cell in order, code cells in Python as code,
    /// markup as Markdown, anything else (another language, a cell without a document) as raw.
    static func join(_ cells: [NotebookCell], _ texts: [DocumentURI: CellText]) -> NotebookSource {
        let notebook = Notebook(
            cells: cells.map { cell -> (kind: Notebook.CellKind, source: String) in
                guard let text = texts[cell.document] else { return (.raw, "") }
                if cell.kind == NotebookCell.markup { return (.markdown, text.text.string) }
                return (isPython(text.languageId) ? .code : .raw, text.text.string)
            })
        return NotebookSource(notebook)
    }

    /// Where each joined cell is, in terms of the client's cell documents.
    static func regions(_ joined: NotebookSource, cells: [NotebookCell], texts: [DocumentURI: CellText]) -> [CellRegion]
    {
        joined.cells.compactMap { span in
            let uri = cells[span.cellIndex].document
            guard let text = texts[uri] else { return nil }
            return CellRegion(uri: uri, version: text.version, range: span.range, text: text.text)
        }
    }

    static func isPython(_ languageId: String) -> Bool {
        languageId.isEmpty || languageId == "python"
    }
}
