import Foundation
import LSPTypes
import LintCore
import PythonSyntax
import Store

/// Turns the runtime findings located in one open document into LSP diagnostics: source
/// `umlaut-run`, the rule's code and documentation link, the finding's one-line summary with the
/// epochs it was seen at as the message (the full text is in the hover, `RunHover`), the root
/// cause and the symptom's place in `relatedInformation` (with the run's name), and
/// `RunDiagnosticData` in `data`.
///
/// A finding the current configuration disables for the file, or a `# umlaut: ignore[...]` on
/// its line silences, is left out. A finding whose line changed since the run (see `RunAnchor`)
/// is shown as from an earlier run: severity Information and the message prefixed with
/// "(earlier run) ". No `Unnecessary` tag: editors grey out tagged code as if it were dead.
struct RunDiagnosticBuilder {
    let source: SourceText
    let encoding: PositionEncodingKind
    /// The documentation link of each rule code.
    let documentation: [RuleCode: String]
    let settings: Settings
    /// The document's path relative to its configuration, for per-file ignores.
    let relativePath: String?
    /// The `# umlaut: ignore` comments of the document's current text.
    let suppressions: Suppressions?
    /// The texts of open documents by path, for exact positions of related places; places in
    /// other files count columns as characters.
    let openTexts: [String: SourceText]

    static let stalePrefixText = "(earlier run) "

    /// The diagnostics of `findings`, following (and creating) their anchors.
    func diagnostics(_ findings: [RunFinding], anchors: inout [String: RunAnchor]) -> [LSPTypes.Diagnostic] {
        build(findings, anchors: &anchors).map(\.diagnostic)
    }

    /// The diagnostics of `findings` with the finding each comes from.
    func build(
        _ findings: [RunFinding], anchors: inout [String: RunAnchor]
    ) -> [(finding: RunFinding, diagnostic: LSPTypes.Diagnostic)] {
        let lines = DocumentLines(source: source)
        var result: [(finding: RunFinding, diagnostic: LSPTypes.Diagnostic)] = []
        for finding in findings {
            let record = finding.record
            let code = RuleCode(rawValue: record.code)
            guard code != nil || finding.isCrash, let line = record.line, line >= 1 else { continue }
            if let code, !settings.isEnabled(code, path: relativePath) { continue }
            var anchor = anchors[finding.id] ?? RunAnchor(text: lines.text(ofLine: line - 1) ?? "", line: line - 1)
            let current = anchor.follow(in: lines)
            anchors[finding.id] = anchor
            let shownLine = min(anchor.line, source.lineIndex.lineCount - 1)
            if let code, suppressions?.suppresses(code, onLine: shownLine) == true { continue }
            let severity =
                current
                ? (code.flatMap(settings.severity(for:)) ?? Severity(rawValue: record.severity.rawValue) ?? .warning)
                    .lspSeverity
                : .information
            let epochs =
                finding.isCrash
                ? "run `\(finding.session.name)`"
                : "\(EpochWording.epochs(record.epochs)) of run `\(finding.session.name)`"
            let data = RunDiagnosticData(
                run: .init(
                    script: finding.session.script, arguments: finding.session.arguments, session: finding.session.name,
                    key: record.key, stale: !current, sessionID: finding.session.id,
                    findingID: finding.isCrash ? nil : record.id))
            result.append(
                (
                    finding,
                    LSPTypes.Diagnostic(
                        range: range(of: record, onLine: shownLine, moved: anchor.line - (line - 1)),
                        severity: severity,
                        code: record.code,
                        codeDescription: code.flatMap { documentation[$0] }.map(CodeDescription.init(href:)),
                        source: LanguageServer.runDiagnosticSource,
                        message: Self.message(of: finding, stale: !current),
                        relatedInformation: finding.isCrash ? crashRelated(record) : related(record, epochs: epochs),
                        data: data.lspAny)
                ))
        }
        return result
    }

    /// What the editor shows inline, one line: "(earlier run) " when stale, the summary, and the
    /// epochs it was seen at (a crash: the exception and its message's last line).
    static func message(of finding: RunFinding, stale: Bool) -> String {
        let prefix = stale ? stalePrefixText : ""
        let suffix = finding.isCrash ? "" : " (\(EpochWording.epochs(finding.record.epochs)))"
        return prefix + summary(of: finding, limit: LintCore.Diagnostic.summaryLimit - prefix.count - suffix.count)
            + suffix
    }

    /// The finding's one short line: its stored summary, or, for a finding stored before
    /// summaries existed, the first clause of its message, cut to fit one line. A crash reads
    /// `ValueError: ` and the last line of the exception's message (Keras puts the cause there);
    /// the hover shows the whole message.
    static func summary(of finding: RunFinding, limit: Int = LintCore.Diagnostic.summaryLimit) -> String {
        let record = finding.record
        if finding.isCrash {
            let lines = record.message.split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let last = lines.last { !$0.isEmpty } ?? record.message
            let type = "\(record.code): "
            return MessageLine.clamped(lines.count > 1 && !last.hasPrefix(type) ? type + last : last, limit: limit)
        }
        if let summary = record.summary, !summary.isEmpty { return MessageLine.clamped(summary, limit: limit) }
        let message = record.message
        let clause = message.range(of: "; ").map { String(message[..<$0.lowerBound]) } ?? message
        return MessageLine.clamped(clause.prefix(1).uppercased() + clause.dropFirst(), limit: limit)
    }

    /// The finding's columns on the line it is shown on; the whole line (without indentation)
    /// when the run knew only the line.
    func range(of record: FindingRecord, onLine line: Int, moved: Int) -> LSPRange {
        let converter = PositionConverter(source, encoding: encoding)
        let index = source.lineIndex
        if let column = record.column, let endLine = record.endLine, let endColumn = record.endColumn {
            let start = index.byteOffset(of: LineColumn(line: line, column: column - 1), unit: .scalar)
            let endLineShown = min(max(endLine - 1 + moved, line), index.lineCount - 1)
            let end = index.byteOffset(of: LineColumn(line: endLineShown, column: endColumn - 1), unit: .scalar)
            if end > start { return converter.range(ofBytes: start..<end) }
        }
        let content = index.contentRange(ofLine: line)
        var start = content.lowerBound
        while start < content.upperBound, source.bytes[start] == 0x20 || source.bytes[start] == 0x09 { start += 1 }
        return converter.range(ofBytes: start..<content.upperBound)
    }

    /// The finding's other places, each labelled with its role (`Related.labelledMessage`):
    /// its root cause, then where the symptom showed with the epochs it was seen at (on the root
    /// cause when there is no other place).
    func related(_ record: FindingRecord, epochs: String) -> [DiagnosticRelatedInformation]? {
        let others = record.related.filter { $0.role != .rootCause }.count
        let items = record.related.map { place -> DiagnosticRelatedInformation in
            let message =
                place.role != .rootCause || others == 0 ? "\(place.labelledMessage) (\(epochs))" : place.labelledMessage
            return DiagnosticRelatedInformation(location: location(of: place), message: message)
        }
        return items.isEmpty ? nil : items
    }

    /// A crash's likely cause, as the explanation says it.
    func crashRelated(_ record: FindingRecord) -> [DiagnosticRelatedInformation]? {
        let items = record.related.map { DiagnosticRelatedInformation(location: location(of: $0), message: $0.message) }
        return items.isEmpty ? nil : items
    }

    func location(of place: FindingRecord.Related) -> Location {
        let uri = DocumentURI(filePath: place.path)
        guard let text = openTexts[place.path] else {
            let start = Position(line: max(place.line - 1, 0), character: max(place.column - 1, 0))
            let end = Position(line: max(place.endLine - 1, 0), character: max(place.endColumn - 1, 0))
            return Location(uri: uri, range: LSPRange(start: start, end: max(start, end)))
        }
        let index = text.lineIndex
        let start = index.byteOffset(of: LineColumn(line: place.line - 1, column: place.column - 1), unit: .scalar)
        let end = index.byteOffset(of: LineColumn(line: place.endLine - 1, column: place.endColumn - 1), unit: .scalar)
        return Location(
            uri: uri, range: PositionConverter(text, encoding: encoding).range(ofBytes: start..<max(start, end)))
    }
}
