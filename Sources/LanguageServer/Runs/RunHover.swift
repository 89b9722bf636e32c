import LSPTypes
import LintCore
import Store

/// The Markdown shown on hover over a runtime diagnostic: the rule, the run and its epochs, the
/// full message (the diagnostic itself shows only the one-line summary), the suggestion, why it
/// matters, and the rule's documentation.
enum RunHover {
    /// One section per runtime diagnostic whose range holds `position`, and the first one's range.
    static func markdown(
        at position: Position, in shown: [(finding: RunFinding, diagnostic: LSPTypes.Diagnostic)],
        catalogue: RuleCatalogue, documentation: [RuleCode: String]
    ) -> (sections: [String], range: LSPRange?) {
        var sections: [String] = []
        var range: LSPRange?
        for (finding, diagnostic) in shown where diagnostic.range.start <= position && position <= diagnostic.range.end
        {
            let record = finding.record
            let stale =
                diagnostic.message.hasPrefix(RunDiagnosticBuilder.stalePrefixText)
                ? RunDiagnosticBuilder.stalePrefixText : ""
            var lines =
                finding.isCrash
                ? ["**The script crashed** (run `\(finding.session.name)`)", "", stale + record.message]
                : [
                    "**\(record.code) \(record.name)** (run `\(finding.session.name)`, \(EpochWording.epochs(record.epochs)))",
                    "",
                    stale + record.message,
                ]
            if finding.isCrash, let cause = record.related.first {
                lines += ["", "**Likely cause** (line \(cause.line)): \(cause.message)"]
            }
            if let help = record.help { lines += ["", "**Suggestion:** \(help)"] }
            if let code = RuleCode(rawValue: record.code), let rule = catalogue.description(of: code) {
                lines += ["", "**Why is this bad?** \(rule.whyIsThisBad)"]
                if let link = documentation[code] { lines += ["", "[\(record.code) documentation](\(link))"] }
            }
            sections.append(lines.joined(separator: "\n"))
            range = range ?? diagnostic.range
        }
        return (sections, range)
    }
}
