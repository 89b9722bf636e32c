/// How rule messages name a line of the checked text: `line 13` in a script, `cell 3, line 6`
/// in a notebook, whose code cells are checked as one joined text.
///
/// Rules write `context.lines.label(span.line)` rather than `line \(span.line)`, so that a
/// message points where the user looks: the notebook's own cells and lines.
package struct LineLabels: Sendable {
    private let cellOfLine: (@Sendable (Int) -> (cell: Int, line: Int)?)?

    /// Plain line numbers.
    package static let plain = LineLabels(cellOfLine: nil)

    /// Labels from a function mapping a one-based line of the checked text to a one-based cell
    /// number and a one-based line inside that cell (nil for lines outside every cell).
    package init(cellOfLine: (@Sendable (Int) -> (cell: Int, line: Int)?)?) {
        self.cellOfLine = cellOfLine
    }

    /// `line 13`, or `cell 3, line 6`.
    package func label(_ line: Int) -> String {
        if let cellOfLine, let location = cellOfLine(line) { return "cell \(location.cell), line \(location.line)" }
        return "line \(line)"
    }
}
