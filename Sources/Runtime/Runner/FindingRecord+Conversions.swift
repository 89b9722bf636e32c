import Foundation
import LintCore
import PythonSyntax
import Store

extension FindingRecord {
    /// A static finding of the script, stored with the session as "before training".
    init(staticDiagnostic diagnostic: Diagnostic, path: String, source: SourceText) {
        func position(_ byte: Int) -> LineColumn { source.lineIndex.position(ofByte: byte, unit: .scalar) }
        let start = position(diagnostic.span.startByte), end = position(diagnostic.span.endByte)
        let fix = diagnostic.fix.map { fix in
            Fix(
                title: fix.title, applicability: Fix.Applicability(fix.applicability),
                edits: fix.edits.map { edit in
                    let from = position(edit.startByte), to = position(edit.endByte)
                    return Fix.Edit(
                        line: from.line + 1, column: from.column + 1, endLine: to.line + 1, endColumn: to.column + 1,
                        content: edit.replacement)
                })
        }
        let related = diagnostic.related.map { item -> Related in
            let from = position(item.span.startByte), to = position(item.span.endByte)
            return Related(
                path: path, line: from.line + 1, column: from.column + 1, endLine: to.line + 1,
                endColumn: to.column + 1, message: item.message)
        }
        self.init(
            sessionId: 0, key: "static:\(diagnostic.code):\(start.line + 1):\(start.column + 1)", stage: .static,
            code: diagnostic.code.rawValue, name: diagnostic.name, severity: Severity(diagnostic.severity),
            summary: diagnostic.summary, message: diagnostic.message, path: path, line: start.line + 1,
            column: start.column + 1,
            endLine: end.line + 1, endColumn: end.column + 1, help: diagnostic.help, fix: fix, related: related)
    }

    /// A runtime finding with every epoch it was seen at: its message without an epoch label,
    /// its cause first among its places with the role `rootCause`.
    init(runtime entry: RuntimeRuleEngine.Entry) {
        let finding = entry.finding
        let cause = finding.cause?.location
        let places =
            [finding.cause.map { CodePlace($0.location, $0.note, role: .rootCause) }].compactMap { $0 }
            + finding.related
        self.init(
            sessionId: 0, key: finding.key, stage: .runtime, code: finding.code.rawValue, name: finding.name,
            severity: Severity(finding.severity), summary: finding.summary, message: finding.message, path: cause?.path,
            line: cause?.line,
            column: cause?.column, endLine: cause?.endLine, endColumn: cause?.endColumn, help: finding.help,
            related: places.map {
                Related(
                    role: $0.role, path: $0.location.path, line: $0.location.line, column: $0.location.column,
                    endLine: $0.location.endLine, endColumn: $0.location.endColumn, message: $0.note)
            },
            epochs: entry.epochs)
    }
}

extension FindingRecord.Severity {
    init(_ severity: LintCore.Severity) {
        switch severity {
        case .error: self = .error
        case .warning: self = .warning
        case .info: self = .info
        case .hint: self = .hint
        }
    }
}

extension FindingRecord.Fix.Applicability {
    init(_ applicability: LintCore.Applicability) {
        switch applicability {
        case .safe: self = .safe
        case .unsafe: self = .unsafe
        case .displayOnly: self = .displayOnly
        }
    }
}
