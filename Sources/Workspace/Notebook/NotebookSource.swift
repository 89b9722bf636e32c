import PythonSyntax

/// The code cells of a notebook joined into one Python text, with the map back to cells.
///
/// Each code cell's source is placed at the start of a line, in notebook order, followed by a
/// newline when it lacks one; IPython syntax (`%magic`, `!shell`, `obj?`, `%%time`) is
/// neutralised in place by `IPythonSyntax`, byte for byte, so offsets inside a cell are the same
/// in the joined text. Cells whose cell magic makes them non-Python (`%%bash`, `%%html`, ...)
/// are left out. The language server lints `text` and maps diagnostics with `location(ofByte:)`;
/// fixes are mapped back with `replacing(_:)` (LintCore's `applying(_:)` for its `Edit`s) and
/// written with `Notebook.replacingSources`.
package struct NotebookSource: Sendable {
    /// Where one code cell sits in the joined text.
    package struct CellSpan: Sendable, Equatable {
        /// The cell's zero-based index among all cells of the notebook.
        package var cellIndex: Int
        /// The one-based number of the cell among the notebook's code cells (what `umlaut
        /// check` prints as `cell N`).
        package var number: Int
        /// The cell's bytes in `text` (its source, without the separating newline).
        package var range: Range<Int>
        /// The zero-based line of `text` on which the cell starts.
        package var firstLine: Int
        /// Byte ranges (relative to the cell) that were neutralised IPython syntax; fixes may
        /// not touch them.
        package var neutralised: [Range<Int>]
    }

    /// A position inside a cell.
    package struct Location: Sendable, Equatable {
        /// The cell's zero-based index among all cells.
        package var cellIndex: Int
        /// The cell's one-based number among code cells.
        package var cellNumber: Int
        /// Zero-based line inside the cell, and column in the requested unit.
        package var position: LineColumn
    }

    package let notebook: Notebook
    /// The joined, neutralised Python text to lint.
    package let text: SourceText
    /// The same layout with the cells' original text (magics as written), for showing lines.
    package let originalText: SourceText
    /// The code cells that are in `text`, in order.
    package let cells: [CellSpan]
    /// Each cell's current source by cell index (differs from `notebook` after fixes).
    package let sources: [Int: String]

    /// Joins the code cells of `notebook`, or of `sources` where given (cell index → source).
    package init(_ notebook: Notebook, sources overrides: [Int: String] = [:]) {
        var text: [UInt8] = []
        var original: [UInt8] = []
        var spans: [CellSpan] = []
        var sources: [Int: String] = [:]
        var line = 0
        var number = 0
        for cell in notebook.cells where cell.kind == .code {
            number += 1
            let source = overrides[cell.index] ?? cell.source
            sources[cell.index] = source
            let bytes = Array(source.utf8)
            guard let (python, neutralised) = IPythonSyntax.neutralise(bytes) else { continue }
            let start = text.count
            text += python
            original += bytes
            spans.append(
                CellSpan(
                    cellIndex: cell.index, number: number, range: start..<text.count, firstLine: line,
                    neutralised: neutralised))
            line += LineIndex(bytes).lineCount - 1
            if bytes.last != 0x0A && bytes.last != 0x0D || bytes.isEmpty {
                text.append(0x0A)
                original.append(0x0A)
                line += 1
            }
        }
        self.notebook = notebook
        self.text = SourceText(text)
        self.originalText = SourceText(original)
        self.cells = spans
        self.sources = sources
    }

    /// The span of the cell with a zero-based notebook index, if it is a code cell in the text.
    package func cellRange(of cellIndex: Int) -> CellSpan? {
        cells.first { $0.cellIndex == cellIndex }
    }

    /// The cell holding a byte of `text` (the separator after a cell counts as its end).
    package func cell(containingByte offset: Int) -> CellSpan? {
        guard !cells.isEmpty else { return nil }
        var low = 0
        var high = cells.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if cells[mid].range.lowerBound <= offset { low = mid } else { high = mid - 1 }
        }
        return cells[low]
    }

    /// The cell, line and column of a byte offset of `text`.
    package func location(ofByte offset: Int, unit: ColumnUnit = .scalar) -> Location? {
        guard let cell = cell(containingByte: offset) else { return nil }
        let clamped = min(max(offset, cell.range.lowerBound), cell.range.upperBound)
        let position = text.lineIndex.position(ofByte: clamped, unit: unit)
        return Location(
            cellIndex: cell.cellIndex, cellNumber: cell.number,
            position: LineColumn(line: position.line - cell.firstLine, column: position.column))
    }

    /// The byte offset of `text` for a position inside a cell (the inverse of `location`).
    package func byteOffset(cellIndex: Int, position: LineColumn, unit: ColumnUnit = .scalar) -> Int? {
        guard let cell = cellRange(of: cellIndex) else { return nil }
        let offset = text.lineIndex.byteOffset(
            of: LineColumn(line: position.line + cell.firstLine, column: position.column), unit: unit)
        return min(max(offset, cell.range.lowerBound), cell.range.upperBound)
    }

    /// Whether a replacement of `range` (bytes of `text`) lies inside one cell and away from
    /// neutralised IPython syntax, so that it can be written back to the notebook.
    package func canReplace(_ range: Range<Int>) -> Bool {
        guard let cell = cell(containingByte: range.lowerBound),
            range.lowerBound >= cell.range.lowerBound, range.upperBound <= cell.range.upperBound
        else { return false }
        let local = (range.lowerBound - cell.range.lowerBound)..<(range.upperBound - cell.range.lowerBound)
        return !cell.neutralised.contains { $0.overlaps(local) || (local.isEmpty && $0.contains(local.lowerBound)) }
    }

    /// The notebook source after non-overlapping replacements of ranges of `text` that all pass
    /// `canReplace`.
    package func replacing(_ replacements: [(range: Range<Int>, text: String)]) -> NotebookSource {
        var byCell: [Int: [(range: Range<Int>, text: String)]] = [:]
        for replacement in replacements {
            guard let cell = cell(containingByte: replacement.range.lowerBound) else { continue }
            byCell[cell.cellIndex, default: []].append(replacement)
        }
        var overrides = sources
        for (cellIndex, cellReplacements) in byCell {
            guard let cell = cellRange(of: cellIndex) else { continue }
            var bytes = Array(sources[cellIndex]!.utf8)
            for replacement in cellReplacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                let lower = replacement.range.lowerBound - cell.range.lowerBound
                let upper = replacement.range.upperBound - cell.range.lowerBound
                bytes.replaceSubrange(lower..<upper, with: Array(replacement.text.utf8))
            }
            overrides[cellIndex] = String(decoding: bytes, as: UTF8.self)
        }
        return NotebookSource(notebook, sources: overrides)
    }

    /// The notebook file's bytes with the current cell sources written in.
    package func encoded() -> [UInt8] {
        notebook.replacingSources(sources)
    }
}
