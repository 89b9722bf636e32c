import Foundation
import LSPTypes
import LintCore
import PythonSyntax
import Workspace

extension LanguageServer {
    /// The most files a workspace report covers, so that opening a home directory by mistake
    /// cannot stall the server.
    static let workspaceFileLimit = 5_000

    /// `workspace/diagnostic`: the diagnostics of every Python file and notebook of the workspace
    /// folders, with the runtime findings of the last runs. Open documents report their current
    /// version; other files are read from disk, found as `umlaut check` finds them (Workspace's
    /// `FileDiscovery`, with `[tool.umlaut]`'s `exclude`). A file whose
    /// content and settings are those of the client's `previousResultIds` is `unchanged`.
    ///
    /// Files on disk are analysed off the actor, so that other messages, `$/cancelRequest`
    /// above all, are handled meanwhile.
    func workspaceDiagnostic(
        _ request: WorkspaceDiagnosticRequest
    ) async throws(ResponseError) -> WorkspaceDiagnosticReport {
        let previous = Dictionary(
            request.previousResultIds.map { ($0.uri, $0.value) }, uniquingKeysWith: { _, last in last })
        var items: [WorkspaceDocumentDiagnosticReport] = []
        var covered = Set<DocumentURI>()
        for unit in allUnits.sorted(by: { $0.uri < $1.uri }) {
            guard let snapshot = await analysis(of: unit) else {
                throw Task.isCancelled ? .cancelled : .contentModified
            }
            let resultID = resultID(of: snapshot)
            for (uri, version) in snapshot.map.documents {
                covered.insert(uri)
                if previous[uri] == resultID {
                    items.append(.init(uri: uri, version: version, kind: .unchanged, resultId: resultID))
                } else {
                    items.append(
                        .init(
                            uri: uri, version: version, kind: .full, resultId: resultID,
                            items: (snapshot.diagnostics[uri] ?? []) + runDiagnostics(for: uri, snapshot: snapshot)))
                }
            }
        }
        let walk = FileDiscovery(
            paths: folders.map(\.path), workingDirectory: "/", exclusions: &projectConfiguration,
            limit: Self.workspaceFileLimit)
        if walk.isTruncated {
            log(.info, "workspace diagnostics: only the first \(Self.workspaceFileLimit) files are reported")
        }
        let files = walk.files.compactMap { found -> DiskFile? in
            let path = found.absolutePath
            let uri = DocumentURI(filePath: path)
            guard !covered.contains(uri), unit(for: uri) == nil else { return nil }
            let (settings, relativePath) = settings(for: uri)
            return DiskFile(
                path: path, uri: uri, isNotebook: found.isNotebook, settings: settings, relativePath: relativePath,
                previousResultID: previous[uri], runFindings: runs.findings(inFile: path))
        }
        items += try await Self.diagnose(
            files, rules: options.rules, generation: "\(settingsGeneration).r\(runs.generation)",
            encoding: encoding, documentation: documentation)
        return WorkspaceDiagnosticReport(items: items)
    }

    /// A file on disk to report on, with what its analysis needs from the server's state.
    struct DiskFile: Sendable {
        let path: String
        let uri: DocumentURI
        /// A `.ipynb` file: its code cells are joined and checked as `umlaut check` checks them.
        let isNotebook: Bool
        let settings: Settings
        let relativePath: String?
        let previousResultID: String?
        /// The runtime findings of the last runs located in the file.
        let runFindings: [RunFinding]
    }

    /// Reads, parses and lints files off the actor, so that the server goes on answering (and
    /// can cancel this) meanwhile; checks for cancellation before each file. A file in which no
    /// enabled rule's `TriggerTokens` occur is not parsed and gets an empty report.
    nonisolated static func diagnose(
        _ files: [DiskFile], rules: [any Rule], generation: String, encoding: PositionEncodingKind,
        documentation: [RuleCode: String]
    ) async throws(ResponseError) -> [WorkspaceDocumentDiagnosticReport] {
        let parser = Parser()
        var items: [WorkspaceDocumentDiagnosticReport] = []
        for file in files {
            if Task.isCancelled { throw .cancelled }
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            // As `umlaut check`: a file over the size limit is not analysed (a notebook file may
            // be ten times larger, its outputs are big; its code cells may not).
            if data.count > Linter.maximumSourceSize * (file.isNotebook ? 10 : 1) {
                items.append(
                    .init(uri: file.uri, version: nil, kind: .full, resultId: "disk.\(generation).large", items: []))
                continue
            }
            let resultID = "disk.\(generation).\(fingerprint(data))"
            if file.previousResultID == resultID {
                items.append(.init(uri: file.uri, version: nil, kind: .unchanged, resultId: resultID))
                continue
            }
            let source: SourceText
            let map: SourceMap
            let lines: LineLabels
            if file.isNotebook {
                // A notebook that cannot be read, or is not Python, reports nothing here; `umlaut
                // check` says why.
                guard let notebook = try? Notebook(bytes: Array(data)), notebook.isPython,
                    case let joined = NotebookSource(notebook), joined.text.bytes.count <= Linter.maximumSourceSize
                else {
                    items.append(.init(uri: file.uri, version: nil, kind: .full, resultId: resultID, items: []))
                    continue
                }
                source = joined.text
                map = .notebookFile(uri: file.uri, source: joined, file: SourceText(notebook.bytes))
                lines = joined.lineLabels
            } else {
                source = SourceText(Array(data))
                map = .document(uri: file.uri, version: 0)
                lines = .plain
            }
            let linter = Linter(rules: rules, settings: file.settings)
            // The pre-filter: a file with none of the enabled rules' tokens has nothing to report.
            guard linter.mayReport(in: source, path: file.relativePath) else {
                items.append(.init(uri: file.uri, version: nil, kind: .full, resultId: resultID, items: []))
                continue
            }
            let tree = parser.parse(source)
            let result = linter.lint(tree, path: file.relativePath, lines: lines)
            let converter = DiagnosticConverter(tree: tree, map: map, encoding: encoding, documentation: documentation)
            // Runs are of scripts: a notebook has no runtime findings.
            let runtime =
                file.isNotebook
                ? []
                : RunsFeature.diagnostics(
                    file.runFindings, source: tree.source, settings: file.settings, relativePath: file.relativePath,
                    suppressions: result.suppressions, encoding: encoding, documentation: documentation)
            items.append(
                .init(
                    uri: file.uri, version: nil, kind: .full, resultId: resultID,
                    items: (converter.convert(result).diagnostics[file.uri] ?? []) + runtime))
        }
        return items
    }

    /// A 64-bit FNV-1a hash of a file's bytes, for result ids.
    nonisolated static func fingerprint(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
