import Dashboard
import Dispatch
import Foundation
import ProjectSearch
import Store
import WebShell

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The explore page's content for the web shell: Dashboard's `Explorer` (table, map, notes) plus
/// what needs ProjectSearch (full-text and `--where` search, a file's source read from its
/// directory or archive). This is where the three modules meet.
struct ExploreContent: ProjectExplorerSource {
    let explorer: Explorer
    /// The most of a file the page is sent.
    static let sourceLimit = 512 * 1024

    /// The explore page of the workspace whose state directory (`.umlaut/`) is `stateDirectory`:
    /// the index `projects.sqlite` (what `umlaut index` writes there) and the user's labels and
    /// saved searches in `explore.json` beside it, and the map of every file kept across launches
    /// in `explore-map.json`.
    init(stateDirectory: String) {
        let directory = stateDirectory as NSString
        explorer = Explorer(
            indexPath: directory.appendingPathComponent("projects.sqlite"),
            notesPath: directory.appendingPathComponent("explore.json"),
            projector: ExploreProjector(keptMapPath: directory.appendingPathComponent("explore-map.json")))
    }

    func explorePage() -> Data { explorer.page() }

    func answer(_ request: ExploreRequest) async -> ExploreAnswer {
        // Off the cooperative pool: a map keeps the cores busy for a while.
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: self.answerNow(request))
            }
        }
    }

    func answerNow(_ request: ExploreRequest) -> ExploreAnswer {
        do {
            switch request {
            case .table:
                return ExploreAnswer(json: try explorer.tableJSON())
            case .notes:
                return ExploreAnswer(json: try explorer.notesJSON())
            case .map(let body):
                guard let mapRequest = try? JSONDecoder().decode(ExploreMapRequest.self, from: body) else {
                    return .error(400, "expected {\"ids\": [...], \"neighbors\": N, \"minimumDistance\": D}")
                }
                return ExploreAnswer(json: try explorer.mapJSON(mapRequest))
            case .updateNotes(let body):
                guard let change = try? JSONDecoder().decode(ExploreNotes.Change.self, from: body) else {
                    return .error(400, "expected {\"op\": ..., ...}")
                }
                switch try explorer.updateNotes(change) {
                case .success(let data): return ExploreAnswer(json: data)
                case .failure(let error): return .error(400, error.message)
                }
            case .search(let text, let filter):
                return try search(text: text, filter: filter)
            case .source(let id):
                return try source(fileId: id)
            }
        } catch let error as ProjectIndexError {
            return .error(404, "the project index cannot be read: \(error) (build it with `umlaut index`)")
        } catch {
            return .error(500, "\(error)")
        }
    }

    /// The ids of the files a search selects: a file hit is the file, a hit on a project's README
    /// or attributes is every file of the project.
    func search(text: String?, filter: String?) throws -> ExploreAnswer {
        let words = text.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let condition = filter.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        var expression: SearchExpression?
        if let condition {
            do {
                expression = try QueryParser.parse(condition)
            } catch {
                return .error(400, "invalid filter: \(error.description)\n\(error.pointing(into: condition))")
            }
        }
        let fts = words.flatMap(TextQuery.fts)
        if words != nil && fts == nil { return .error(400, "the query has no words to search for") }
        let database = try explorer.openIndex()
        let hits = try database.search(text: fts, filter: expression, limit: 1_000_000)
        let files = try database.exploreFiles()
        var byPlace: [String: Int64] = [:]
        var byProject: [String: [Int64]] = [:]
        for entry in files {
            guard let id = entry.file.id else { continue }
            byPlace[entry.project.root + "\n" + entry.file.path] = id
            byProject[entry.project.root, default: []].append(id)
        }
        var ids: [Int64] = []
        var seen = Set<Int64>()
        for hit in hits {
            let found =
                hit.path.map { byPlace[hit.projectRoot + "\n" + $0].map { [$0] } ?? [] }
                ?? byProject[hit.projectRoot] ?? []
            for id in found where seen.insert(id).inserted { ids.append(id) }
        }
        let body: [String: Any] = ["view": "explore-search", "ids": ids.map { NSNumber(value: $0) }]
        return ExploreAnswer(json: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }

    /// A file's text, from the project's directory (the path resolved, links included, must stay
    /// inside the project's resolved root) or its archive (read in memory, as the indexer reads
    /// it). Never executed, never rendered: the page shows it as text.
    func source(fileId: Int64) throws -> ExploreAnswer {
        let database = try explorer.openIndex()
        guard let found = try database.file(id: fileId) else { return .error(404, "no file \(fileId)") }
        let (file, project) = found
        let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
        guard !file.path.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." }) else {
            return .error(403, "the file's path leaves its project")
        }
        var bytes: [UInt8]
        switch project.source {
        case .directory:
            guard let root = realpath(project.root, nil) else { return .error(404, "the project's folder is gone") }
            let resolvedRoot = String(cString: root)
            free(root)
            let candidate = (project.root as NSString).appendingPathComponent(file.path)
            guard let real = realpath(candidate, nil) else { return .error(404, "the file is gone") }
            let resolved = String(cString: real)
            free(real)
            guard resolved.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/") else {
                return .error(403, "the file resolves outside its project")
            }
            let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType
            guard type == .typeRegular else { return .error(403, "not a regular file") }
            guard let handle = FileHandle(forReadingAtPath: resolved) else {
                return .error(404, "cannot read the file")
            }
            defer { try? handle.close() }
            bytes = [UInt8](handle.readData(ofLength: Self.sourceLimit + 1))
        case .archive:
            let wanted = file.path
            let contents = try ArchiveReader.read(path: project.root) { member in
                member == wanted || member.split(separator: "/").dropFirst().joined(separator: "/") == wanted
            }
            guard
                let member = contents.members.first(where: { $0.path == wanted })
                    ?? contents.members.first
            else { return .error(404, "the file is not in the archive any more") }
            bytes = member.bytes
        }
        let truncated = bytes.count > Self.sourceLimit
        if truncated { bytes = Array(bytes.prefix(Self.sourceLimit)) }
        let body: [String: Any] = [
            "view": "explore-source", "id": NSNumber(value: fileId), "project": project.name, "path": file.path,
            "text": String(decoding: bytes, as: UTF8.self), "truncated": truncated,
        ]
        return ExploreAnswer(json: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }
}

extension UICommand {
    /// The explore page for the workspace whose session database is `databasePath`.
    static func makeExplorer(databasePath: String) -> any ProjectExplorerSource {
        ExploreContent(stateDirectory: (databasePath as NSString).deletingLastPathComponent)
    }
}
