import Foundation
import LSPTypes
import ProjectSearch
import Store
import Synchronization

/// `umlaut.indexWorkspace`: indexes the workspace folders into their project indexes, as
/// `umlaut index .` in each folder does, as a job (`Jobs`): `$/progress` with each project's
/// files done, cancellable (no file is analysed after the cancel; files written stay, nothing is
/// forgotten), stopped at shutdown. The file vectors are brought up to date at the end.
extension LanguageServer {
    /// `umlaut.indexWorkspace` with `[folderURI?]` (else every folder): answers at once with
    /// the progress token and the indexes it writes.
    func indexWorkspace(arguments: [LSPAny], workDoneToken: ProgressToken?) throws(ResponseError) -> LSPAny {
        let usage = "umlaut.indexWorkspace takes an optional workspace folder URI"
        var roots = folders.map(\.path)
        if let first = arguments.first, first != .null {
            guard let text = first.stringValue else { throw .invalidParams(usage) }
            let uri = text.hasPrefix("/") ? DocumentURI(filePath: text) : DocumentURI(text)
            guard let path = uri.filePath else {
                throw .invalidParams("umlaut.indexWorkspace: not a file URI: \(text)")
            }
            guard let folder = folder(of: uri).folder?.path ?? folders.first(where: { $0.path == path })?.path else {
                throw .invalidParams("umlaut.indexWorkspace: \(path) is not in a workspace folder")
            }
            roots = [folder]
        }
        guard !roots.isEmpty else { throw runFailed("Umlaut cannot index without a workspace folder") }
        guard projectSearch.indexing == nil else {
            throw runFailed("Umlaut is already indexing the workspace; cancel it or wait for it to end")
        }
        projectSearch.indexingCount += 1
        let token = ProgressToken.string("umlaut-index-\(projectSearch.indexingCount)")
        let cancelled = CancelFlag()
        let id = startJob(
            title: "Umlaut: indexing", clientToken: workDoneToken, serverToken: token, message: "finding projects",
            cancellable: true
        ) { _, _, _ in cancelled.set() }
        projectSearch.indexing = id
        let thread = Thread { [self, roots] in
            let outcome = Self.index(roots: roots, cancelled: cancelled) { message, percentage in
                Task { await self.reportIndexing(id, message: message, percentage: percentage) }
            }
            Task { await self.endIndexing(id, message: outcome) }
        }
        thread.stackSize = 8 << 20
        thread.start()
        return .object([
            "token": .string("umlaut-index-\(projectSearch.indexingCount)"),
            "indexes": .array(roots.map { .string(ProjectSearchFeature.indexPath(folder: $0)) }),
        ])
    }

    private func reportIndexing(_ id: JobID, message: String, percentage: Int?) {
        reportJob(id, message: message, percentage: percentage)
    }

    private func endIndexing(_ id: JobID, message: String) {
        log(.info, "indexing: \(message)")
        endJob(id, message: message)
        if projectSearch.indexing == id { projectSearch.indexing = nil }
    }

    /// Indexes the folders (on the calling thread, which writes) and says how it ended.
    nonisolated static func index(
        roots: [String], cancelled: CancelFlag, report: @escaping @Sendable (String, Int?) -> Void
    ) -> String {
        var analysed = 0, unchanged = 0, removed = 0
        var vectors: [String] = []
        for root in roots {
            let database: ProjectIndexDatabase
            do {
                database = try ProjectIndexDatabase.open(path: ProjectSearchFeature.indexPath(folder: root))
            } catch {
                return "failed: \(error)"
            }
            let (projects, _) = ProjectSource.find(paths: [root], workingDirectory: root)
            var indexer = ProjectIndexer(database: database, jobs: max(1, ProcessInfo.processInfo.activeProcessorCount))
            indexer.isCancelled = { cancelled.isSet }
            for project in projects {
                let last = LastPercentage()
                let name = project.name
                indexer.progress = { done, total in
                    let percentage = total == 0 ? 100 : done * 100 / total
                    if last.changed(to: percentage) { report("\(name): \(done)/\(total) files", percentage) }
                }
                do {
                    let done = try indexer.index(project)
                    analysed += done.analysed
                    unchanged += done.unchanged
                    removed += done.removed.count
                } catch is ProjectIndexerCancelled {
                    return "cancelled after \(analysed) files analysed"
                } catch {
                    return "failed: \(project.name): \(error)"
                }
            }
            report("computing file vectors", nil)
            do {
                vectors.append(try FileEmbedding.refresh(database).summary)
            } catch {
                vectors.append("file vectors failed: \(error)")
            }
        }
        return "\(analysed) files analysed, \(unchanged) unchanged, \(removed) removed; "
            + vectors.joined(separator: "; ")
    }
}

/// Set once, read by the indexing threads: the job was asked to stop.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// The last percentage reported, so that each is reported once.
final class LastPercentage: Sendable {
    private let value = Atomic<Int>(-1)
    func changed(to percentage: Int) -> Bool { value.exchange(percentage, ordering: .relaxed) != percentage }
}
