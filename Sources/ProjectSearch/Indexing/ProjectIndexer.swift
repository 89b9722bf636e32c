import Foundation
import PythonSyntax
import Store
import Synchronization
import Workspace

/// What indexing one project did.
package struct ProjectIndexReport: Sendable {
    package var name: String
    package var root: String
    /// Files analysed (new or changed), left as they were (same content hash), and forgotten.
    package var analysed = 0
    package var unchanged = 0
    package var removed: [String] = []
    /// Files and archive members not indexed, with why: `a.bin: skipped: binary content`.
    package var skipped: [String] = []
}

/// Indexes projects into a `ProjectIndexDatabase`: reads their files (directories through
/// `FileDiscovery`, archives in memory through `ArchiveReader`), analyses changed files on
/// `jobs` threads, and writes from the calling thread only. Nothing read is executed and
/// nothing is written but the index.
package struct ProjectIndexer: Sendable {
    package var database: ProjectIndexDatabase
    package var jobs: Int
    package var limits: ArchiveLimits
    /// Called on the writing thread with (files done, files in the project).
    package var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Asked before each file: when it says yes, no further file is analysed and `index`
    /// throws `ProjectIndexerCancelled` (files already written stay; nothing is forgotten).
    package var isCancelled: (@Sendable () -> Bool)?

    package init(
        database: ProjectIndexDatabase, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        limits: ArchiveLimits = ArchiveLimits()
    ) {
        self.database = database
        self.jobs = max(1, jobs)
        self.limits = limits
    }

    /// A file of the project: where its bytes come from.
    struct SourceFile: Sendable {
        var path: String
        var isNotebook: Bool
        /// The file on disk (directories), or nil with `bytes` (archives).
        var absolutePath: String?
        var bytes: [UInt8]?
    }

    /// Indexes one project; unchanged files (same content hash, read by this `analysisVersion`)
    /// are not analysed again, and the rows of files that are gone are removed.
    package func index(_ source: ProjectSource) throws -> ProjectIndexReport {
        var report = ProjectIndexReport(name: source.name, root: source.root)
        var files: [SourceFile] = []
        var readme: (path: String, text: String)?
        var licence: String?
        // Data configuration files (`cfg/datasets/coco.yaml`): only their names are read.
        var configPaths: [String] = []
        switch source {
        case .directory(let root):
            var none = NoExclusions()
            let discovery = FileDiscovery(paths: [root], workingDirectory: root, exclusions: &none)
            report.skipped += discovery.problems.map(\.description)
            let prefix = root.hasSuffix("/") ? root : root + "/"
            for file in discovery.files {
                let relative =
                    file.absolutePath.hasPrefix(prefix) ? String(file.absolutePath.dropFirst(prefix.count)) : file.path
                files.append(SourceFile(path: relative, isNotebook: file.isNotebook, absolutePath: file.absolutePath))
            }
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
            if let name = Self.bestReadme(entries),
                let bytes = Self.readSmall((root as NSString).appendingPathComponent(name), limit: limits.maxMemberSize)
            {
                readme = (name, String(decoding: bytes, as: UTF8.self))
            }
            if let name = entries.first(where: LicenceSignature.isLicenceFile),
                let bytes = Self.readSmall((root as NSString).appendingPathComponent(name), limit: limits.maxMemberSize)
            {
                licence = LicenceSignature.identify(String(decoding: bytes, as: UTF8.self))
            }
            configPaths = Self.configFiles(under: root)
        case .archive(let path):
            let contents: ArchiveContents
            do {
                contents = try ArchiveReader.read(path: path, limits: limits) { member in
                    let parts = member.split(separator: "/")
                    if parts.dropLast().contains(where: {
                        $0.hasPrefix(".") || FileDiscovery.skippedDirectories.contains(String($0))
                    }) {
                        return false
                    }
                    let name = String(parts.last ?? "")
                    if Self.isConfigFile(name), configPaths.count < Self.maxConfigFiles {
                        configPaths.append(member)
                    }
                    if parts.count <= 2 && (ReadmeSummary.isReadme(name) || LicenceSignature.isLicenceFile(name)) {
                        return true
                    }
                    return name.hasSuffix(".py") || name.hasSuffix(".ipynb")
                }
            } catch {
                report.skipped.append("\(path): not indexed: \(error)")
                return report
            }
            report.skipped += contents.skipped
            // An sdist or a GitHub archive keeps everything under one top directory: strip it.
            let tops = Set(contents.members.map { $0.path.split(separator: "/").first.map(String.init) ?? "" })
            let strip =
                tops.count == 1 && contents.members.allSatisfy { $0.path.contains("/") } ? tops.first! + "/" : ""
            configPaths = configPaths.map { $0.hasPrefix(strip) ? String($0.dropFirst(strip.count)) : $0 }
            var topLevel: [String: [UInt8]] = [:]
            for member in contents.members {
                let relative = String(member.path.dropFirst(strip.count))
                let name = (relative as NSString).lastPathComponent
                if !relative.contains("/") && (ReadmeSummary.isReadme(name) || LicenceSignature.isLicenceFile(name)) {
                    topLevel[relative] = member.bytes
                }
                if relative.hasSuffix(".py") || relative.hasSuffix(".ipynb") {
                    files.append(
                        SourceFile(path: relative, isNotebook: relative.hasSuffix(".ipynb"), bytes: member.bytes))
                }
            }
            let names = topLevel.keys.sorted()
            if let name = Self.bestReadme(names) { readme = (name, String(decoding: topLevel[name]!, as: UTF8.self)) }
            if let name = names.first(where: LicenceSignature.isLicenceFile) {
                licence = LicenceSignature.identify(String(decoding: topLevel[name]!, as: UTF8.self))
            }
        }
        files.sort { $0.path < $1.path }

        let project = try database.upsertProject(
            root: source.root, name: source.name,
            source: { if case .archive = source { .archive } else { .directory } }())
        guard let projectId = project.id else { return report }
        var stored = try database.contentHashes(projectId: projectId)
        // Files indexed before the index kept terms (v3) are analysed again for their vectors.
        for path in try database.pathsWithoutTerms(projectId: projectId) { stored[path] = nil }
        let outcome = analyse(files, projectId: projectId, stored: stored, report: &report)
        if isCancelled?() == true { throw ProjectIndexerCancelled() }
        report.removed = try database.removeFiles(projectId: projectId, keeping: outcome.present)

        // The project as a whole, from the stored rows of all its files (analysed now or before).
        let evidence = try database.projectEvidence(projectId: projectId)
        let summary = readme.map { ReadmeSummary(text: $0.text) }
        let attributes = ProjectInference.attributes(
            features: evidence.features, mentions: evidence.mentions, readme: readme?.text, readmePath: readme?.path,
            dataFiles: try database.files(projectId: projectId).map(\.path) + configPaths)
        let storedFiles = try database.files(projectId: projectId)
        var text = [source.name, summary?.title ?? "", summary?.summary ?? "", licence ?? ""]
        text += attributes.map(\.value)
        text.append(String((readme?.text ?? "").prefix(50_000)))
        try database.updateProject(
            id: projectId, title: summary?.title, summary: summary?.summary, licence: licence,
            fileCount: storedFiles.count, lineCount: storedFiles.reduce(0) { $0 + $1.lineCount },
            byteCount: storedFiles.reduce(0) { $0 + $1.size }, attributes: attributes,
            searchText: text.joined(separator: "\n"), filesChanged: report.analysed > 0 || !report.removed.isEmpty)
        return report
    }

    private static func bestReadme(_ names: [String]) -> String? {
        let readmes = names.filter(ReadmeSummary.isReadme)
        return readmes.first { $0.lowercased() == "readme.md" } ?? readmes.first { $0.lowercased() == "readme.rst" }
            ?? readmes.first
    }

    /// At most this many configuration files' names are kept per project.
    static let maxConfigFiles = 20_000

    /// Whether a file name is a configuration's whose name may say what data it configures.
    static func isConfigFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".yaml", ".yml", ".json", ".toml", ".cfg"].contains(where: lower.hasSuffix)
    }

    /// The configuration files under a directory project (relative paths), hidden and skipped
    /// directories left out, at most `maxConfigFiles` of them and 200,000 entries looked at. Only
    /// names are read.
    static func configFiles(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        var looked = 0
        while let relative = enumerator.nextObject() as? String, looked < 200_000, found.count < maxConfigFiles {
            looked += 1
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || FileDiscovery.skippedDirectories.contains(name) {
                enumerator.skipDescendants()
                continue
            }
            if isConfigFile(name) { found.append(relative) }
        }
        return found
    }

    private static func readSmall(_ path: String, limit: Int) -> [UInt8]? {
        guard case .success(.file(let size)) = FileSystem.kind(of: path), size <= limit,
            case .success(let bytes) = FileSystem.read(path)
        else { return nil }
        return bytes
    }

    /// What the workers share: the next file and the finished entries the writer takes.
    private final class Work: Sendable {
        let files: [SourceFile]
        let projectId: Int64
        let stored: [String: String]
        let maxSize: Int
        let isCancelled: (@Sendable () -> Bool)?
        let next = Atomic<Int>(0)
        let finishedWorkers = Atomic<Int>(0)
        /// Entries to write, unchanged paths, skipped lines, files done.
        let results = Mutex<(entries: [IndexedFileEntry], unchanged: [String], skipped: [String], done: Int)>(
            ([], [], [], 0))

        init(
            files: [SourceFile], projectId: Int64, stored: [String: String], maxSize: Int,
            isCancelled: (@Sendable () -> Bool)?
        ) {
            self.isCancelled = isCancelled
            self.files = files
            self.projectId = projectId
            self.stored = stored
            self.maxSize = maxSize
        }

        func drain() {
            let parser = Parser()
            let analyzer = FileAnalyzer()
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < files.count, isCancelled?() != true else { return }
                let file = files[index]
                var bytes = file.bytes ?? []
                var modified = Date()
                var problem: String?
                if let absolute = file.absolutePath {
                    switch FileSystem.kind(of: absolute) {
                    case .success(.file(let size)) where size > maxSize * (file.isNotebook ? 10 : 1):
                        problem = "\(file.path): skipped: \(size) bytes, over the size limit"
                    default:
                        switch FileSystem.read(absolute) {
                        case .success(let read): bytes = read
                        case .failure(let failure): problem = "\(file.path): cannot read: \(failure)"
                        }
                    }
                    let attributes = try? FileManager.default.attributesOfItem(atPath: absolute)
                    modified = attributes?[.modificationDate] as? Date ?? modified
                }
                if let problem {
                    results.withLock {
                        $0.skipped.append(problem)
                        $0.done += 1
                    }
                    continue
                }
                let hash = FileAnalyzer.stamp(bytes)
                if stored[file.path] == hash {
                    results.withLock {
                        $0.unchanged.append(file.path)
                        $0.done += 1
                    }
                    continue
                }
                let analysis = analyzer.analyze(
                    path: file.path, bytes: bytes, isNotebook: file.isNotebook, parser: parser)
                results.withLock {
                    $0.done += 1
                    if let problem = analysis.problem {
                        $0.skipped.append("\(file.path): \(problem)")
                        return
                    }
                    var record = IndexedFileRecord(
                        projectId: projectId, path: file.path, kind: file.isNotebook ? .ipynb : .py,
                        role: analysis.role,
                        contentHash: hash, size: Int64(bytes.count), modifiedAt: modified)
                    record.lineCount = analysis.lineCount
                    $0.entries.append(
                        IndexedFileEntry(
                            file: record, features: analysis.features, mentions: analysis.mentions,
                            searchText: analysis.searchText, terms: analysis.terms))
                }
            }
        }
    }

    /// Analyses the changed files on worker threads while this thread writes what they finish.
    private func analyse(
        _ files: [SourceFile], projectId: Int64, stored: [String: String], report: inout ProjectIndexReport
    ) -> (present: Set<String>, Void) {
        let work = Work(
            files: files, projectId: projectId, stored: stored, maxSize: limits.maxMemberSize, isCancelled: isCancelled)
        let workers = max(1, min(jobs, files.count))
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            let thread = Thread {
                work.drain()
                finished.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var present: Set<String> = []
        var running = workers
        var failure: (any Error)?
        while true {
            if running > 0, finished.wait(timeout: .now() + .milliseconds(200)) == .success { running -= 1 }
            let (entries, unchanged, skipped, done) = work.results.withLock { results in
                defer {
                    results.entries = []
                    results.unchanged = []
                    results.skipped = []
                }
                return (results.entries, results.unchanged, results.skipped, results.done)
            }
            if !entries.isEmpty, failure == nil {
                do {
                    try database.replaceFiles(entries)
                } catch {
                    failure = error
                }
            }
            report.analysed += entries.count
            report.unchanged += unchanged.count
            report.skipped += skipped
            present.formUnion(entries.map(\.file.path))
            present.formUnion(unchanged)
            progress?(done, files.count)
            if running == 0 && entries.isEmpty && unchanged.isEmpty && skipped.isEmpty { break }
        }
        if let failure { report.skipped.append("(index): could not write: \(failure)") }
        return (present, ())
    }
}

/// Indexing stopped because `ProjectIndexer.isCancelled` said so.
package struct ProjectIndexerCancelled: Error, CustomStringConvertible, Sendable {
    package init() {}
    package var description: String { "cancelled" }
}
