import EditorLink
import Foundation
import LSPTypes
import ProjectSearch
import Store

/// Project search's entry points: `workspace/symbol` (`projectSymbols`), `umlaut.findSimilar`,
/// `umlaut.searchProjects` and `umlaut.indexWorkspace`. Index reads and indexing run off the
/// actor; the index is only read here, except by the indexing job, its one writer.
extension LanguageServer {
    /// The workspace folders whose index exists, with its path.
    private var indexedFolders: [(folder: String, index: String)] {
        folders.map { ($0.path, ProjectSearchFeature.indexPath(folder: $0.path)) }
            .filter { FileManager.default.fileExists(atPath: $0.index) }
    }

    /// The files of the folders' indexes that match `query` (`SymbolQuery`): a file's path as
    /// its name, its project and why it matched as the container, at the line that explains
    /// it. Files of archive projects have no place on disk and are left out.
    func projectSymbols(query: String) async -> [SymbolInformation] {
        let parsed = SymbolQuery.parse(query)
        guard !parsed.isEmpty else { return [] }
        let indexes = indexedFolders.map(\.index)
        let limit = ProjectSearchFeature.resultLimit
        let (symbols, problems) = await Task.detached { () -> ([SymbolInformation], [String]) in
            var symbols: [SymbolInformation] = []
            var problems: [String] = []
            for index in indexes {
                do {
                    let database = try ProjectIndexDatabase.openForReading(path: index)
                    for hit in try database.search(text: parsed.text, filter: parsed.filter, limit: limit) {
                        guard let location = Self.location(of: hit) else { continue }
                        let why = hit.reasons.isEmpty ? "" : " · " + hit.reasons.joined(separator: "; ")
                        symbols.append(
                            SymbolInformation(
                                name: hit.path ?? hit.project, kind: .file, location: location,
                                containerName: hit.project + why))
                    }
                } catch {
                    problems.append("\(index): \(error)")
                }
            }
            return (Array(symbols.prefix(limit)), problems)
        }.value
        for problem in problems { log(.warning, "workspace/symbol: \(problem)") }
        return symbols
    }

    /// A hit's file and line, when the file is on disk (a directory project's, still there).
    nonisolated static func location(of hit: SearchHit) -> Location? {
        guard let path = hit.path else { return nil }
        let file = (hit.projectRoot as NSString).appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        let position = Position(line: max(0, (hit.line ?? 1) - 1), character: 0)
        return Location(uri: DocumentURI(filePath: file), range: LSPRange(start: position, end: position))
    }

    /// `umlaut.findSimilar` with `[documentURI, limit?]`: the indexed files nearest to the
    /// document by file vector (`SimilarFiles`; the editor's text when the document is open),
    /// nearest first, as `Location[]`.
    func findSimilar(arguments: [LSPAny]) async throws(ResponseError) -> LSPAny {
        let usage = "umlaut.findSimilar takes a document URI, then optionally the most locations to answer"
        guard let text = arguments.first?.stringValue else { throw .invalidParams(usage) }
        var limit = ProjectSearchFeature.resultLimit
        if arguments.count > 1, arguments[1] != .null {
            guard case .int(let given) = arguments[1], given > 0 else { throw .invalidParams(usage) }
            limit = given
        }
        let uri = text.hasPrefix("/") ? DocumentURI(filePath: text) : DocumentURI(text)
        guard let path = uri.filePath else { throw .invalidParams("umlaut.findSimilar: not a file URI: \(text)") }
        guard let folder = folder(of: uri).folder?.path ?? folders.first?.path else {
            throw runFailed("Umlaut cannot find similar files without a workspace folder")
        }
        let index = ProjectSearchFeature.indexPath(folder: folder)
        guard FileManager.default.fileExists(atPath: index) else {
            throw runFailed(
                "Umlaut has no project index in \(folder) yet: run umlaut.indexWorkspace (or `umlaut index .`)")
        }
        let editorText = path.hasSuffix(".py") ? documents[uri].map { $0.source.bytes } : nil
        let outcome = await Task.detached { () -> Result<SimilarFiles.Result, SimilarFilesError> in
            do throws(SimilarFilesError) {
                let database: ProjectIndexDatabase
                do {
                    database = try ProjectIndexDatabase.openForReading(path: index)
                } catch {
                    throw SimilarFilesError(message: "\(error)")
                }
                return .success(try SimilarFiles.like(path: path, text: editorText, in: database, limit: limit))
            } catch {
                return .failure(error)
            }
        }.value
        switch outcome {
        case .failure(let error): throw runFailed("Umlaut could not find similar files: \(error.message)")
        case .success(let result):
            let locations = result.hits.compactMap(Self.location(of:))
            do {
                return try LSPAny(encoding: locations)
            } catch {
                throw ResponseError(code: .internalError, message: "umlaut.findSimilar: \(error)")
            }
        }
    }

    /// `umlaut.searchProjects` with `[query?, uri?]`: opens the explore page of the folder's
    /// dashboard (found or started by `DashboardLocator`, as `umlaut.showRun` does) with the
    /// query filled in, through `window/showDocument` (`external`), or tells the address.
    func searchProjects(arguments: [LSPAny]) async throws(ResponseError) -> LSPAny {
        let usage = "umlaut.searchProjects takes an optional query, then optionally a document or folder URI"
        var query: String?
        if let first = arguments.first, first != .null {
            guard let text = first.stringValue else { throw .invalidParams(usage) }
            query = text
        }
        var root = folders.first?.path
        if arguments.count > 1, arguments[1] != .null {
            guard let text = arguments[1].stringValue else { throw .invalidParams(usage) }
            let uri = text.hasPrefix("/") ? DocumentURI(filePath: text) : DocumentURI(text)
            guard let path = uri.filePath else {
                throw .invalidParams("umlaut.searchProjects: not a file URI: \(text)")
            }
            root = folder(of: uri).folder?.path ?? folders.first { $0.path == path }?.path ?? root
        }
        guard let root else { throw runFailed("Umlaut cannot open project search without a workspace folder") }
        let located: (instance: DashboardLocator.Instance, started: Bool)
        do {
            located = try await DashboardLocator.findOrStart(executable: umlautExecutable, workspace: root)
        } catch {
            throw runFailed("Umlaut could not start the dashboard: \(error.description)")
        }
        if located.started { log(.info, "started the dashboard for \(root): pid \(located.instance.pid)") }
        let address = located.instance.explorePage(query: query)
        var shown = false
        if client.window?.showDocument?.support == true {
            switch await sendRequest(ShowDocumentRequest(uri: DocumentURI(address), external: true)) {
            case .success(let result)?: shown = result.success
            case .failure(let error)?: log(.warning, "the client did not open project search: \(error.message)")
            case nil: break
            }
        }
        if !shown { send(ShowMessageNotification(type: .info, message: "Umlaut project search: \(address)")) }
        return .object(["url": .string(address), "started": .bool(located.started), "shown": .bool(shown)])
    }
}
