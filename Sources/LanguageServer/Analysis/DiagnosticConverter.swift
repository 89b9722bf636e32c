import LSPTypes
import LintCore
import PythonSyntax
import TrainingModel

/// Turns LintCore diagnostics into LSP diagnostics for the client documents behind a source:
/// ranges in the negotiated encoding, `code`, `source`, `codeDescription`, the one-line
/// `summary` as the message (the full message, help and fix are in the hover: `HoverContent`),
/// related places, and the fixes in `data`.
struct DiagnosticConverter {
    let tree: SyntaxTree
    let map: SourceMap
    let encoding: PositionEncodingKind
    /// The documentation link of each rule code.
    let documentation: [RuleCode: String]

    var source: SourceText { tree.source }

    /// Every document of the map gets an entry, empty when it has no diagnostics.
    func convert(
        _ result: LintResult
    ) -> (diagnostics: [DocumentURI: [LSPTypes.Diagnostic]], origins: [DocumentURI: [Int]]) {
        var diagnostics: [DocumentURI: [LSPTypes.Diagnostic]] = [:]
        var origins: [DocumentURI: [Int]] = [:]
        for document in map.documents {
            diagnostics[document.uri] = []
            origins[document.uri] = []
        }
        for (index, diagnostic) in result.diagnostics.enumerated() {
            guard let (uri, lsp) = convert(diagnostic, suppressions: result.suppressions) else { continue }
            diagnostics[uri, default: []].append(lsp)
            origins[uri, default: []].append(index)
        }
        return (diagnostics, origins)
    }

    func convert(_ diagnostic: LintCore.Diagnostic, suppressions: Suppressions) -> (DocumentURI, LSPTypes.Diagnostic)? {
        guard let (uri, range) = location(diagnostic.span.byteRange) else { return nil }
        let related = diagnostic.related.compactMap { related -> DiagnosticRelatedInformation? in
            guard let (relatedURI, relatedRange) = location(related.span.byteRange) else { return nil }
            return DiagnosticRelatedInformation(
                location: Location(uri: relatedURI, range: relatedRange), message: related.message)
        }
        let fix = diagnostic.fix.flatMap { fix -> DiagnosticData.FixData? in
            let edits = fix.edits.compactMap(documentEdit)
            guard edits.count == fix.edits.count else { return nil }
            return DiagnosticData.FixData(title: fix.title, applicability: fix.applicability.rawValue, edits: edits)
        }
        let data = DiagnosticData(fix: fix, disable: disableEdit(for: diagnostic, suppressions: suppressions))
        let lsp = LSPTypes.Diagnostic(
            range: range,
            severity: diagnostic.severity.lspSeverity,
            code: diagnostic.code.rawValue,
            codeDescription: documentation[diagnostic.code].map(CodeDescription.init(href:)),
            source: "umlaut",
            message: MessageLine.clamped(diagnostic.summary),
            relatedInformation: related.isEmpty ? nil : related,
            data: data.lspAny)
        return (uri, lsp)
    }

    func location(_ range: Range<Int>) -> (DocumentURI, LSPRange)? {
        map.location(ofBytes: range, in: source, encoding: encoding).map { ($0.uri, $0.range) }
    }

    func documentEdit(_ edit: Edit) -> DocumentTextEdit? {
        guard map.carriesEdits, let (uri, range) = location(edit.range) else { return nil }
        return DocumentTextEdit(uri: uri, range: range, newText: edit.replacement)
    }

    /// The edit that silences `diagnostic` on its line: a new `# umlaut: ignore[CODE]` comment at
    /// the end of the line, or the code added to the line's existing directive. Nil when the
    /// line ends inside a string, where a comment cannot go.
    func disableEdit(for diagnostic: LintCore.Diagnostic, suppressions: Suppressions) -> DocumentTextEdit? {
        let line = diagnostic.span.start.line
        let code = diagnostic.code
        if let directive = suppressions.directives[line] {
            guard var codes = directive.codes else { return nil }
            codes.insert(code)
            let comment = source.text(in: directive.range)
            guard let open = comment.firstIndex(of: "["), let close = comment[open...].firstIndex(of: "]") else {
                return nil
            }
            let list = codes.sorted().map(\.rawValue).joined(separator: ", ")
            let rewritten = comment[..<open] + "[" + list + "]" + comment[comment.index(after: close)...]
            return documentEdit(Edit(range: directive.range, replacement: String(rewritten)))
        }
        let content = source.lineIndex.contentRange(ofLine: line)
        var end = content.upperBound
        while end > content.lowerBound, source.bytes[end - 1] == 0x20 || source.bytes[end - 1] == 0x09 { end -= 1 }
        if end > content.lowerBound, tree.stringContinues(after: end) { return nil }
        if end > content.lowerBound, source.bytes[end - 1] == UInt8(ascii: "\\") { return nil }
        return documentEdit(Edit(range: end..<content.upperBound, replacement: "  # umlaut: ignore[\(code.rawValue)]"))
    }
}

extension Severity {
    var lspSeverity: DiagnosticSeverity {
        switch self {
        case .error: .error
        case .warning: .warning
        case .info: .information
        case .hint: .hint
        }
    }
}
