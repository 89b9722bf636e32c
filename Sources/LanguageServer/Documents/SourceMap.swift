import LSPTypes
import PythonSyntax
import Workspace

/// How byte ranges of an analysed source map back to the client's documents: one document, or
/// the code cells of a notebook joined into one source.
enum SourceMap: Sendable {
    case document(uri: DocumentURI, version: Int)
    case notebook(cells: [CellRegion])
    /// A notebook file that no editor holds open (workspace diagnostics): ranges point into the
    /// file's own text, at the code inside each cell's `source` strings, where `umlaut check`'s
    /// SARIF points. No edits: a text edit there would have to be written as JSON.
    case notebookFile(uri: DocumentURI, source: NotebookSource, file: SourceText)

    /// The client document and LSP range of a byte range of the analysed source. A range that
    /// runs past its cell is cut at the cell's end.
    func location(
        ofBytes range: Range<Int>, in source: SourceText, encoding: PositionEncodingKind
    ) -> (uri: DocumentURI, range: LSPRange)? {
        switch self {
        case .document(let uri, _):
            return (uri, PositionConverter(source, encoding: encoding).range(ofBytes: range))
        case .notebook(let cells):
            guard let cell = cells.first(where: { $0.contains(range.lowerBound) }) else { return nil }
            let lower = range.lowerBound - cell.range.lowerBound
            let upper = min(range.upperBound, cell.range.upperBound) - cell.range.lowerBound
            return (
                cell.uri, PositionConverter(cell.text, encoding: encoding).range(ofBytes: lower..<max(lower, upper))
            )
        case .notebookFile(let uri, let notebook, let file):
            guard let cell = notebook.cell(containingByte: range.lowerBound) else { return nil }
            let lower = max(range.lowerBound, cell.range.lowerBound) - cell.range.lowerBound
            let upper = max(min(range.upperBound, cell.range.upperBound) - cell.range.lowerBound, lower)
            let start = notebook.notebook.fileOffset(ofCell: cell.cellIndex, sourceByte: lower)
            let end = notebook.notebook.fileOffset(ofCell: cell.cellIndex, sourceByte: upper)
            return (uri, PositionConverter(file, encoding: encoding).range(ofBytes: start..<max(start, end)))
        }
    }

    /// Whether edits of the analysed source can be sent as text edits of the client's documents.
    var carriesEdits: Bool {
        if case .notebookFile = self { return false }
        return true
    }

    /// The byte offset in the analysed source of a position in one of its documents.
    func byteOffset(
        of position: Position, in uri: DocumentURI, source: SourceText, encoding: PositionEncodingKind
    ) -> Int? {
        switch self {
        case .document(let documentURI, _):
            guard documentURI == uri else { return nil }
            return PositionConverter(source, encoding: encoding).byteOffset(of: position)
        case .notebook(let cells):
            guard let cell = cells.first(where: { $0.uri == uri }) else { return nil }
            return cell.range.lowerBound + PositionConverter(cell.text, encoding: encoding).byteOffset(of: position)
        case .notebookFile:
            return nil
        }
    }

    /// The client documents behind the source, with their versions.
    var documents: [(uri: DocumentURI, version: Int)] {
        switch self {
        case .document(let uri, let version): [(uri, version)]
        case .notebook(let cells): cells.map { ($0.uri, $0.version) }
        case .notebookFile(let uri, _, _): [(uri, 0)]
        }
    }
}

/// Where one notebook cell's text sits in the joined source.
struct CellRegion: Sendable {
    let uri: DocumentURI
    let version: Int
    /// The cell's bytes in the joined source (without the newline that separates cells).
    let range: Range<Int>
    /// The cell's own text, for converting its positions.
    let text: SourceText

    func contains(_ offset: Int) -> Bool {
        range.contains(offset) || (offset == range.upperBound)
    }
}
