import Foundation
import LSPTypes
import LintCore

extension LanguageServer {
    /// `textDocument/codeAction`: for each of Umlaut's diagnostics in the range, its quick fix
    /// (preferred when safe; display-only fixes are not offered) and "Disable CODE for this
    /// line"; for each runtime finding, "Run SCRIPT again with Umlaut" and "Clear Umlaut's run
    /// findings" (commands: a runtime finding has no edit, and no line to disable); and
    /// `source.fixAll.umlaut` when the document has safe fixes. When the client resolves
    /// lazily, edits are left for `codeAction/resolve`.
    func codeActions(_ request: CodeActionRequest) async -> [CodeAction]? {
        let uri = request.textDocument.uri
        guard let unit = unit(for: uri), let snapshot = await analysis(of: unit) else { return nil }
        let only = request.context.only
        func wanted(_ kind: CodeActionKind) -> Bool {
            only.map { $0.contains { kind.isIncluded(in: $0) } } ?? true
        }
        var actions: [CodeAction] = []
        if wanted(.quickFix) {
            var titles = Set<String>()
            for diagnostic in relevantDiagnostics(request, snapshot: snapshot) {
                guard let data = DiagnosticData(diagnostic.data) else { continue }
                if let fix = data.fix, fix.applicability != Applicability.displayOnly.rawValue,
                    titles.insert(fix.title).inserted
                {
                    actions.append(
                        action(
                            fix.title, kind: .quickFix, diagnostic: diagnostic,
                            preferred: fix.applicability == Applicability.safe.rawValue, edits: fix.edits,
                            snapshot: snapshot))
                }
                if let disable = data.disable, let code = diagnostic.code {
                    let title = "Disable \(code) for this line"
                    if titles.insert(title).inserted {
                        actions.append(
                            action(
                                title, kind: .quickFix, diagnostic: diagnostic, preferred: false, edits: [disable],
                                snapshot: snapshot))
                    }
                }
            }
            actions += runActions(request, snapshot: snapshot)
        }
        let explicitlyWanted = only?.contains { CodeActionKind.sourceFixAllUmlaut.isIncluded(in: $0) } ?? false
        if (explicitlyWanted || only == nil),
            snapshot.result.diagnostics.contains(where: { $0.fix?.applicability == .safe })
        {
            actions.append(fixAllAction(snapshot))
        }
        return actions
    }

    /// The client's diagnostics of Umlaut in the request, matched to the current analysis so
    /// their fixes are those of the current version; when the client sent none of Umlaut's
    /// (static or runtime), the current diagnostics overlapping the range.
    private func relevantDiagnostics(_ request: CodeActionRequest, snapshot: AnalysisSnapshot) -> [LSPTypes.Diagnostic]
    {
        let current = snapshot.diagnostics[request.textDocument.uri] ?? []
        let ours = request.context.diagnostics.filter { $0.source == "umlaut" }
        if ours.isEmpty, !request.context.diagnostics.contains(where: { $0.source == Self.runDiagnosticSource }) {
            return current.filter { $0.range.overlaps(request.range) }
        }
        return ours.map { sent in
            current.first { $0.code == sent.code && $0.range == sent.range } ?? sent
        }
    }

    private func action(
        _ title: String, kind: CodeActionKind, diagnostic: LSPTypes.Diagnostic, preferred: Bool,
        edits: [DocumentTextEdit], snapshot: AnalysisSnapshot
    ) -> CodeAction {
        let preferredSupport = client.textDocument?.codeAction?.isPreferredSupport == true
        var action = CodeAction(
            title: title, kind: kind, diagnostics: [diagnostic], isPreferred: preferredSupport && preferred ? true : nil
        )
        if resolvesLazily {
            action.data = CodeActionData(uri: snapshot.uri, version: snapshot.version, edits: edits).lspAny
        } else {
            action.edit = workspaceEdit(edits, versions: snapshot)
        }
        return action
    }

    private func fixAllAction(_ snapshot: AnalysisSnapshot) -> CodeAction {
        var action = CodeAction(title: "Umlaut: fix all safely fixable problems", kind: .sourceFixAllUmlaut)
        if resolvesLazily {
            action.data = CodeActionData(uri: snapshot.uri, version: snapshot.version, fixAll: true).lspAny
        } else {
            action.edit = workspaceEdit(
                FixAll.edits(for: snapshot, rules: options.rules, encoding: encoding) ?? [], versions: snapshot)
        }
        return action
    }

    /// Whether the client fills code actions' edits with `codeAction/resolve`.
    var resolvesLazily: Bool {
        client.textDocument?.codeAction?.resolveSupport?.properties.contains("edit") == true
    }

    /// Edits grouped by document: versioned `documentChanges` when the client supports them,
    /// so an edit computed for an older version is refused rather than misapplied.
    func workspaceEdit(_ edits: [DocumentTextEdit], versions snapshot: AnalysisSnapshot) -> WorkspaceEdit {
        var grouped: [DocumentURI: [TextEdit]] = [:]
        for edit in edits { grouped[edit.uri, default: []].append(edit.textEdit) }
        if client.workspace?.workspaceEdit?.documentChanges == true {
            let versions = Dictionary(
                snapshot.map.documents.map { ($0.uri, $0.version) }, uniquingKeysWith: { first, _ in first })
            let changes = grouped.sorted { $0.key < $1.key }.map { uri, edits in
                TextDocumentEdit(textDocument: .init(uri: uri, version: versions[uri]), edits: edits)
            }
            return WorkspaceEdit(documentChanges: changes)
        }
        return WorkspaceEdit(changes: grouped)
    }
}
