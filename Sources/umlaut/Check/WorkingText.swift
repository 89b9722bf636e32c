import LintCore
import PythonSyntax
import Workspace

/// A file's text while fixes are applied: a Python file, or a notebook's joined cells.
enum WorkingText {
    case python(PythonFile, SourceText)
    case notebook(NotebookSource)

    var text: SourceText {
        switch self {
        case let .python(_, text): text
        case let .notebook(source): source.text
        }
    }

    /// How messages name lines: notebooks name their cells.
    var lineLabels: LineLabels {
        switch self {
        case .python: .plain
        case let .notebook(source): source.lineLabels
        }
    }

    func canApply(_ fix: Fix) -> Bool {
        switch self {
        case .python: true
        case let .notebook(source): source.canApply(fix)
        }
    }

    /// The fix with its line breaks written as the file writes them.
    func adapted(_ fix: Fix) -> Fix {
        switch self {
        case let .python(file, _): file.lineEnding.applied(to: fix)
        case .notebook: fix
        }
    }

    func applying(_ outcome: FixApplier.Outcome) -> WorkingText {
        switch self {
        case let .python(file, _): .python(file, outcome.source)
        case let .notebook(source): .notebook(source.applying(outcome.applied.flatMap(\.edits)))
        }
    }

    func encoded() -> [UInt8] {
        switch self {
        case let .python(file, text): file.encoded(text)
        case let .notebook(source): source.encoded()
        }
    }

    func document(path: String) -> CheckedDocument {
        switch self {
        case let .python(_, text): CheckedDocument(path: path, text: text)
        case let .notebook(source): CheckedDocument(path: path, notebook: source)
        }
    }

    /// A unified diff from `original`; for notebooks, one per changed cell.
    func diff(from original: WorkingText, path: String, style: Style) -> String {
        switch (original, self) {
        case let (.python(_, old), .python(_, new)):
            return UnifiedDiff.render(old: old.string, new: new.string, oldName: path, newName: path, style: style)
        case let (.notebook(old), .notebook(new)):
            var out = ""
            var number = 0
            for cell in old.notebook.cells where cell.kind == .code {
                number += 1
                let before = old.sources[cell.index] ?? cell.source
                let after = new.sources[cell.index] ?? cell.source
                guard before != after else { continue }
                // A cell's last line has no line break, and a cell diff is read, not applied:
                // no "No newline at end of file" markers.
                func lines(_ source: String) -> String { source.hasSuffix("\n") ? source : source + "\n" }
                out += UnifiedDiff.render(
                    old: lines(before), new: lines(after), oldName: "\(path):cell \(number)",
                    newName: "\(path):cell \(number)", style: style)
            }
            return out
        default:
            return ""
        }
    }
}
