import Foundation
import LSPTypes

extension LanguageServer {
    /// The quick fixes offered on runtime diagnostics (those the client sent, or, when it sent
    /// none, those in the range), added to the static ones by `textDocument/codeAction`: run
    /// the script again with the same arguments, show the finding in the dashboard
    /// (`umlaut.showRun`, `EditorLink/`), and clear the runs' findings. All are commands: a
    /// runtime finding has no edit, and no line to disable.
    func runActions(_ request: CodeActionRequest, snapshot: AnalysisSnapshot) -> [CodeAction] {
        var sent = request.context.diagnostics.filter { $0.source == Self.runDiagnosticSource }
        if sent.isEmpty, request.context.diagnostics.isEmpty {
            sent = runDiagnostics(for: request.textDocument.uri, snapshot: snapshot).filter {
                $0.range.overlaps(request.range)
            }
        }
        var actions: [CodeAction] = []
        var scripts = Set<String>()
        for diagnostic in sent {
            guard let run = RunDiagnosticData(diagnostic.data)?.run, scripts.insert(run.script).inserted else {
                continue
            }
            let name = (run.script as NSString).lastPathComponent
            let arguments: [LSPAny] = [
                .string(DocumentURI(filePath: run.script).stringValue), .array(run.arguments.map(LSPAny.string)),
            ]
            actions.append(
                CodeAction(
                    title: "Run \(name) again with Umlaut", kind: .quickFix, diagnostics: [diagnostic],
                    command: Command(
                        title: "Run \(name) again with Umlaut", command: RunsFeature.runCommand, arguments: arguments)))
        }
        var shownFindings = Set<Int64>()
        for diagnostic in sent {
            guard let run = RunDiagnosticData(diagnostic.data)?.run, let session = run.sessionID,
                shownFindings.insert(run.findingID ?? -session).inserted
            else { continue }
            let title = "Show in the Umlaut dashboard"
            actions.append(
                CodeAction(
                    title: title, kind: .quickFix, diagnostics: [diagnostic],
                    command: Command(
                        title: title, command: EditorLinkFeature.showRunCommand,
                        arguments: [
                            .int(Int(session)), run.findingID.map { .int(Int($0)) } ?? .null,
                            .string(DocumentURI(filePath: run.script).stringValue),
                        ])))
        }
        if !sent.isEmpty {
            actions.append(
                CodeAction(
                    title: "Clear Umlaut's run findings", kind: .quickFix, diagnostics: sent,
                    command: Command(title: "Clear Umlaut's run findings", command: RunsFeature.clearRunFindingsCommand)
                ))
        }
        return actions
    }
}
