import Workspace

/// The linter's vocabulary (`Edit`, `Fix`, `LineLabels`) over Workspace's notebooks and files,
/// which know byte ranges and text only.
extension NotebookSource {
    /// Whether an edit lies inside one cell and away from neutralised IPython syntax, so that it
    /// can be written back to the notebook.
    package func canApply(_ edit: Edit) -> Bool { canReplace(edit.range) }

    /// Whether every edit of a fix can be written back.
    package func canApply(_ fix: Fix) -> Bool { fix.edits.allSatisfy(canApply) }

    /// The notebook source after non-overlapping edits of `text` that all pass `canApply`.
    package func applying(_ edits: [Edit]) -> NotebookSource {
        replacing(edits.map { ($0.range, $0.replacement) })
    }

    /// Message line labels that name the notebook's cells (`cell 3, line 6`) rather than lines of
    /// the joined text.
    package var lineLabels: LineLabels {
        let source = self
        return LineLabels { line in
            let starts = source.text.lineIndex.lineStarts
            guard line >= 1, line <= starts.count, let location = source.location(ofByte: starts[line - 1]) else {
                return nil
            }
            return (location.cellNumber, location.position.line + 1)
        }
    }
}

extension LineEnding {
    /// A fix whose replacements use this line ending.
    package func applied(to fix: Fix) -> Fix {
        guard self != .lf else { return fix }
        var fix = fix
        fix.edits = fix.edits.map { Edit(range: $0.range, replacement: applied(to: $0.replacement)) }
        return fix
    }
}
