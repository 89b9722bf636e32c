import LintCore
import PythonSyntax
import Workspace

/// A checked file as the renderers see it: the text that was linted, and how its byte offsets
/// read as the user's positions (a notebook's cell, line and column).
struct CheckedDocument {
    /// The path as shown.
    let path: String
    /// The linted text (a notebook's joined, neutralised cells).
    let text: SourceText
    /// The same layout as the user wrote it (IPython syntax intact), for code snippets.
    let display: SourceText
    let notebook: NotebookSource?

    init(path: String, text: SourceText) {
        self.path = path
        self.text = text
        self.display = text
        self.notebook = nil
    }

    init(path: String, notebook: NotebookSource) {
        self.path = path
        self.text = notebook.text
        self.display = notebook.originalText
        self.notebook = notebook
    }

    /// A user-facing position: one-based line and column (Unicode scalars), and for notebooks
    /// the one-based code-cell number with the line counted inside the cell.
    struct Location: Equatable {
        var cell: Int?
        /// Zero-based notebook cell index (for SARIF's notebook line look-up).
        var cellIndex: Int?
        var line: Int
        var column: Int
        /// Zero-based line of `text` (for snippets).
        var textLine: Int

        /// `12:5` or `cell 3:12:5`.
        var description: String { (cell.map { "cell \($0):" } ?? "") + "\(line):\(column)" }
    }

    func location(ofByte offset: Int) -> Location {
        let position = text.lineIndex.position(ofByte: offset, unit: .scalar)
        if let notebook, let local = notebook.location(ofByte: offset, unit: .scalar) {
            return Location(
                cell: local.cellNumber, cellIndex: local.cellIndex, line: local.position.line + 1,
                column: local.position.column + 1, textLine: position.line)
        }
        return Location(
            cell: nil, cellIndex: nil, line: position.line + 1, column: position.column + 1, textLine: position.line)
    }

    /// The text lines a snippet may show around `textLine`: the whole file, or the cell.
    func lineBounds(around textLine: Int) -> ClosedRange<Int> {
        let last = max(text.lineIndex.lineCount - 1, 0)
        guard let notebook, let cell = notebook.cell(containingByte: text.lineIndex.lineStarts[min(textLine, last)])
        else {
            // A file ending in a newline has an empty last line that is not worth showing.
            let lastShown = display.bytes.last == 0x0A || display.bytes.last == 0x0D ? max(last - 1, 0) : last
            return 0...max(lastShown, min(textLine, last))
        }
        let cellLast = text.lineIndex.line(ofByte: max(cell.range.upperBound - 1, cell.range.lowerBound))
        return cell.firstLine...max(cell.firstLine, cellLast)
    }

    /// One line of the user's text, without its terminator; tabs shown as four spaces.
    func displayLine(_ textLine: Int) -> Substring {
        Substring(display.text(in: display.lineIndex.contentRange(ofLine: textLine)))
    }

    /// At most `width` scalars of a line of the user's text, from a little before the zero-based
    /// scalar column `focus`: the text, how many scalars were cut on the left, and whether some
    /// were cut on the right. Only that window is read, so that a long line costs its window.
    func displayLine(_ textLine: Int, around focus: Int, width: Int) -> (text: Substring, skipped: Int, cutRight: Bool)
    {
        let index = display.lineIndex
        let range = index.contentRange(ofLine: textLine)
        guard range.count > width else { return (displayLine(textLine), 0, false) }
        let scalars = index.position(ofByte: range.upperBound, unit: .scalar).column
        guard scalars > width else { return (displayLine(textLine), 0, false) }
        let skipped = max(0, min(focus - width / 4, scalars - width))
        let lower = index.byteOffset(of: LineColumn(line: textLine, column: skipped), unit: .scalar)
        let upper = index.byteOffset(of: LineColumn(line: textLine, column: skipped + width), unit: .scalar)
        return (Substring(display.text(in: lower..<upper)), skipped, upper < range.upperBound)
    }

    /// The one-based line number shown in a snippet's gutter for a text line.
    func gutterNumber(_ textLine: Int) -> Int {
        guard let notebook, let cell = notebook.cell(containingByte: text.lineIndex.lineStarts[textLine]) else {
            return textLine + 1
        }
        return textLine - cell.firstLine + 1
    }
}
