import Foundation
import LSPTypes

extension LanguageServer {
    /// The quick fixes offered on runtime diagnostics (those the client sent, or, when it sent
    /// none, those in the range), added to the static ones by `textDocument/codeAction`: run
    /// the script again with the same arguments, and clear the runs' findings. Both are commands
    /// of this feature: a runtime finding has no edit, and no line to disable.
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
