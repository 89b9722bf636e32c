import LintCore
import PythonSyntax

/// Renders diagnostics as ruff's full and concise formats do:
///
/// ```
/// train.py:12:26: UM302 [*] `Dropout` at line 12 of `model` drops 80% of its inputs ...
///    |
/// 11 |     keras.layers.Dense(64, activation="relu"),
/// 12 |     keras.layers.Dropout(0.8),
///    |                          ^^^ UM302
/// 13 | ])
///    |
///    = help: Lower the rate to between 0.1 and 0.5; ...
///    = fix (unsafe): Use rate 0.2 (1 - 0.8), in case a keep probability was meant
/// ```
///
/// Columns are one-based Unicode scalars; carets are placed by display width (wide characters
/// take two columns, tabs four).
struct TextRenderer {
    let options: RenderOptions
    /// Lines of context shown before and after the problem.
    var contextLines = 2
    /// Longest span shown in full; longer ones are elided in the middle.
    var maxSpanLines = 6
    /// The most characters of a source line shown: a longer line (generated or minified code)
    /// is cut around the finding, with "…" where text was left out, so that a finding on an
    /// 85 KB line does not print 85 KB.
    var maxLineWidth = 160

    /// `path:line:col: CODE [*] message`; `short` puts the one-line summary in place of the
    /// full message.
    func header(_ diagnostic: Diagnostic, in document: CheckedDocument, short: Bool = false) -> String {
        let style = options.style
        let location = document.location(ofByte: diagnostic.span.startByte)
        var line =
            style.bold(document.path) + ":" + location.description + ": " + style.code(diagnostic.code.rawValue) + " "
        if let fix = diagnostic.fix, isApplicable(fix) { line += style.fixable("[*]") + " " }
        return line + (short ? diagnostic.summary : diagnostic.message)
    }

    func isApplicable(_ fix: Fix) -> Bool {
        fix.applicability == .safe || (fix.applicability == .unsafe && options.unsafeFixes)
    }

    /// The concise form: the header only, with the one-line summary.
    func concise(_ diagnostic: Diagnostic, in document: CheckedDocument) -> String {
        header(diagnostic, in: document, short: true) + "\n"
    }

    /// The full form, ending with a blank line.
    func full(_ diagnostic: Diagnostic, in document: CheckedDocument) -> String {
        let style = options.style
        let start = document.location(ofByte: diagnostic.span.startByte)
        var endByte = diagnostic.span.endByte
        var end = document.location(ofByte: endByte)
        // A span ending at the start of a line really ends on the line before.
        if end.textLine > start.textLine, end.column == 1 {
            endByte -= 1
            end = document.location(ofByte: endByte)
        }
        let bounds = document.lineBounds(around: start.textLine)
        let first = max(bounds.lowerBound, start.textLine - contextLines)
        let last = min(bounds.upperBound, max(end.textLine, start.textLine) + contextLines)
        let width = String(document.gutterNumber(max(last, start.textLine))).count
        let blank = String(repeating: " ", count: width)
        let multiLine = end.textLine > start.textLine
        var out = header(diagnostic, in: document) + "\n"
        out += style.gutter(blank + " |") + "\n"

        var line = first
        while line <= max(last, start.textLine) {
            if multiLine, line > start.textLine + 2, line < end.textLine - 1,
                end.textLine - start.textLine + 1 > maxSpanLines
            {
                out += style.gutter(blank + " ...") + "\n"
                line = end.textLine - 1
                continue
            }
            let focus = line == start.textLine ? start.column - 1 : (line == end.textLine ? end.column - 2 : 0)
            let shown = clipped(document, line: line, around: focus)
            let text = Self.expandTabs(shown.text)
            let number = String(document.gutterNumber(line))
            let padded = String(repeating: " ", count: width - number.count) + number
            let inside = multiLine && line > start.textLine && line <= end.textLine
            let margin = multiLine ? (inside ? style.marker("|") + " " : "  ") : ""
            let content =
                (margin + text).hasSuffix(" ") && text.isEmpty ? (inside ? style.marker("|") : "") : margin + text
            out += style.gutter(padded + " |") + (content.isEmpty ? "" : " ") + content + "\n"
            if line == start.textLine, !multiLine {
                let lead = shown.leftMark + Self.width(of: shown.body, scalars: start.column - 1 - shown.skipped)
                let span = max(
                    1, shown.leftMark + Self.width(of: shown.body, scalars: end.column - 1 - shown.skipped) - lead)
                out +=
                    style.gutter(blank + " |") + " " + String(repeating: " ", count: lead)
                    + style.marker(String(repeating: "^", count: span) + " " + diagnostic.code.rawValue) + "\n"
            } else if multiLine, line == start.textLine {
                let lead = shown.leftMark + Self.width(of: shown.body, scalars: start.column - 1 - shown.skipped)
                out +=
                    style.gutter(blank + " |") + " " + style.marker(" " + String(repeating: "_", count: lead + 1) + "^")
                    + "\n"
            } else if multiLine, line == end.textLine {
                let lead = shown.leftMark + Self.width(of: shown.body, scalars: end.column - 2 - shown.skipped)
                out +=
                    style.gutter(blank + " |") + " "
                    + style.marker("|" + String(repeating: "_", count: lead + 1) + "^ " + diagnostic.code.rawValue)
                    + "\n"
            }
            line += 1
        }
        out += style.gutter(blank + " |") + "\n"
        let note = blank + " = "
        if let help = diagnostic.help { out += note + style.help("help") + ": " + help + "\n" }
        if let fix = diagnostic.fix {
            let kind = fix.applicability == .safe ? "fix" : "fix (\(fix.applicability.rawValue))"
            out += note + style.help(kind) + ": " + fix.title + "\n"
        }
        for related in diagnostic.related {
            let location = document.location(ofByte: related.span.startByte)
            out +=
                note + style.help("note") + ": " + related.message + " (" + document.path + ":" + location.description
                + ")\n"
        }
        return out + "\n"
    }

    /// A line as shown: at most `maxLineWidth` scalars of it (`body`), starting a little before
    /// `focus` (a zero-based scalar column), with "…" for what was cut on either side (`text`);
    /// `skipped` scalars were cut on the left, and `leftMark` is the width of the left "…".
    func clipped(
        _ document: CheckedDocument, line: Int, around focus: Int
    ) -> (text: Substring, body: Substring, skipped: Int, leftMark: Int) {
        let window = document.displayLine(line, around: focus, width: maxLineWidth)
        guard window.skipped > 0 || window.cutRight else { return (window.text, window.text, 0, 0) }
        let text = (window.skipped > 0 ? "…" : "") + window.text + (window.cutRight ? "…" : "")
        return (Substring(text), window.text, window.skipped, window.skipped > 0 ? 1 : 0)
    }

    /// The display width of the first `scalars` scalars of a line, tabs expanded.
    static func width(of line: Substring, scalars: Int) -> Int {
        var width = 0
        for scalar in line.unicodeScalars.prefix(max(scalars, 0)) {
            width += scalar == "\t" ? 4 : DisplayWidth.of(scalar)
        }
        return width
    }

    static func expandTabs(_ line: Substring) -> String {
        line.contains("\t") ? line.replacingTabs() : String(line)
    }
}

extension Substring {
    fileprivate func replacingTabs() -> String {
        var out = ""
        for character in self { if character == "\t" { out += "    " } else { out.append(character) } }
        return out
    }
}
