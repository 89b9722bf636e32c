import LintCore

/// The last guard on what editors show inline: one line of at most `Diagnostic.summaryLimit`
/// characters. Rules write short summaries themselves (tests hold them to it); this only keeps
/// an unforeseen long name, or a finding stored by an older version, from filling the window.
enum MessageLine {
    static func clamped(_ text: String, limit: Int = Diagnostic.summaryLimit) -> String {
        var line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if line.count > limit { line = String(line.prefix(limit - 1)) + "…" }
        return line
    }
}
