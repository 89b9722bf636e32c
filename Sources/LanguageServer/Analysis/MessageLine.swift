import LintCore

/// The last guard on what editors show inline: one line of at most `Diagnostic.summaryLimit`
/// characters. Rules write short summaries themselves (tests hold them to it); this only keeps
/// an unforeseen long name, or a finding stored by an older version, from filling the window.
enum MessageLine {
    static func clamped(_ text: String, limit: Int = Diagnostic.summaryLimit) -> String {
        // Most messages are one short line: no splitting and joining (this runs for every
        // diagnostic of every version the server publishes). In ASCII without line breaks (LF,
        // VT, FF, CR) each byte is a character, so the byte count is the length.
        if text.utf8.count <= limit, !text.utf8.contains(where: { (0x0A...0x0D).contains($0) || $0 >= 0x80 }) {
            return text
        }
        var line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if line.count > limit { line = String(line.prefix(limit - 1)) + "…" }
        return line
    }
}
