import LSPTypes
import PythonSyntax

/// An open notebook: its cells, each cell's text, and the Python code cells joined into one
/// source that is parsed and analysed like a file.
///
/// Cells are joined in order with a newline after each. IPython magics and shell escapes
/// (`%matplotlib inline`, `!pip install ...`) are not Python: their first character becomes
/// `#`, which keeps every byte offset of the cell unchanged. An edit of one cell replaces that
/// cell's bytes in the joined source and re-parses incrementally; a change of the cell list
/// rebuilds the source.
///
/// Written here, inside the server, rather than taken from LintCore's notebook support for
/// `umlaut check` (not yet available): it works on the client's cell documents, not on `.ipynb`
/// JSON.
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
    private(set) var regions: [CellRegion] = []
    private(set) var source = SourceText("")
    private(set) var tree: SyntaxTree
    var analysis: AnalysisSnapshot?

    init(_ notebook: NotebookDocument, cellDocuments: [TextDocumentItem], parser: Parser) {
        uri = notebook.uri
        notebookType = notebook.notebookType
        version = notebook.version
        cells = notebook.cells
        for item in cellDocuments {
            cellTexts[item.uri] = CellText(languageId: item.languageId, version: item.version, text: SourceText(item.text))
        }
        tree = parser.parse(SourceText(""))
        rebuild(parser: parser)
    }

    var sourceMap: SourceMap { .notebook(cells: regions) }

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
                cellTexts[item.uri] = CellText(languageId: item.languageId, version: item.version, text: SourceText(item.text))
            }
            rebuild(parser: parser)
        }
        for content in change.cells?.textContent ?? [] {
            applyText(content.changes, toCell: content.document.uri, version: content.document.version, encoding: encoding, parser: parser)
        }
    }

    /// Applies edits to one cell's text and to the joined source.
    func applyText(_ changes: [TextDocumentContentChangeEvent], toCell cellURI: DocumentURI, version cellVersion: Int,
                   encoding: PositionEncodingKind, parser: Parser) {
        guard var cell = cellTexts[cellURI] else { return }
        cell.text = TextChanges.apply(changes, to: cell.text, encoding: encoding).text
        cell.version = cellVersion
        cellTexts[cellURI] = cell
        analysis = nil
        guard let index = regions.firstIndex(where: { $0.uri == cellURI }) else { return }
        let old = regions[index]
        let masked = Self.masked(cell.text.bytes)
        let (joined, edit) = source.replacing(old.range, with: masked)
        let delta = masked.count - old.range.count
        source = joined
        tree = parser.reparse(tree, applying: [edit], newSource: joined)
        regions[index] = CellRegion(uri: cellURI, version: cellVersion, range: old.range.lowerBound..<(old.range.lowerBound + masked.count), text: cell.text)
        for later in (index + 1)..<regions.count {
            let region = regions[later]
            regions[later] = CellRegion(uri: region.uri, version: region.version,
                                        range: (region.range.lowerBound + delta)..<(region.range.upperBound + delta), text: region.text)
        }
    }

    /// Joins the Python code cells again and parses the result from scratch.
    private func rebuild(parser: Parser) {
        var bytes: [UInt8] = []
        var regions: [CellRegion] = []
        for cell in cells where cell.kind == NotebookCell.code {
            guard let text = cellTexts[cell.document], Self.isPython(text.languageId) else { continue }
            let start = bytes.count
            bytes += Self.masked(text.text.bytes)
            regions.append(CellRegion(uri: cell.document, version: text.version, range: start..<bytes.count, text: text.text))
            bytes.append(0x0A)
        }
        self.regions = regions
        source = SourceText(bytes)
        tree = parser.parse(source)
    }

    static func isPython(_ languageId: String) -> Bool {
        languageId.isEmpty || languageId == "python"
    }

    /// The cell's bytes with IPython magic and shell lines turned into comments, byte for byte.
    static func masked(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        var atLineStart = true
        for index in result.indices {
            let byte = result[index]
            if byte == 0x0A || byte == 0x0D {
                atLineStart = true
            } else if atLineStart, byte == 0x20 || byte == 0x09 {
                continue
            } else {
                if atLineStart, byte == UInt8(ascii: "%") || byte == UInt8(ascii: "!") {
                    result[index] = UInt8(ascii: "#")
                }
                atLineStart = false
            }
        }
        return result
    }
}
