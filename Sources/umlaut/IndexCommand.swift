import ArgumentParser
import Foundation
import ProjectSearch
import Store

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `umlaut index PATH...`: builds or refreshes the project index that `umlaut search` reads.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index ML projects (directories and source archives) for `umlaut search`.",
        discussion: """
            Each directory given that looks like a project (a README, a licence, packaging or \
            Python files at its top) is one project; otherwise each such directory and each \
            .tar.gz, .tgz, .tar or .zip archive one level below it is. Archives are read in \
            memory: members that are links, devices, absolute or climbing out (..) are skipped, \
            and sizes are capped. Nothing read is executed. Files whose content is unchanged \
            since the last run are not analysed again; files that are gone are forgotten.

            With --merge, the paths are shards (indexes written by `umlaut index --db` \
            elsewhere) merged into the index: each is checked first, and one that is missing, \
            damaged, not a project index or made by another umlaut stops the merge before \
            anything is written. A project the index has indexed at the same time or later is \
            kept; the file vectors are fitted again over the union.

            Exit status: 0 when every project was indexed (or every shard merged), 2 for bad \
            usage or an index or shard that cannot be used.
            """
    )

    @Argument(
        help: ArgumentHelp("Projects, or directories holding projects (with --merge: shards).", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("The index (default: .umlaut/projects.sqlite here).", valueName: "path"))
    var db: String?

    @Option(help: "Files analysed at once (default: one per CPU).")
    var jobs: Int?

    @Flag(help: "Merge the project indexes given (shards) into the index instead of indexing projects.")
    var merge = false

    func validate() throws {
        if merge {
            if paths.isEmpty { throw ValidationError("Give at least one shard to merge.") }
            if jobs != nil { throw ValidationError("--jobs cannot be used with --merge: merging analyses nothing.") }
            return
        }
        if paths.isEmpty { throw ValidationError("Give at least one project or directory to index.") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }

    func run() throws {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let databasePath = SearchCommand.databasePath(db, workingDirectory: workingDirectory)
        if merge {
            try runMerge(into: databasePath, workingDirectory: workingDirectory)
            return
        }
        let database: ProjectIndexDatabase
        do {
            database = try ProjectIndexDatabase.open(path: databasePath)
        } catch {
            StandardError.write("umlaut: error: \(error)\n")
            throw ExitCode(2)
        }
        let (projects, problems) = ProjectSource.find(paths: paths, workingDirectory: workingDirectory)
        for problem in problems { StandardError.write("umlaut: warning: \(problem)\n") }
        var indexer = ProjectIndexer(database: database, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let showsProgress = isatty(STDERR_FILENO) == 1
        let started = Date()
        var totals = (analysed: 0, unchanged: 0, removed: 0, skipped: 0)
        for (number, project) in projects.enumerated() {
            if showsProgress {
                let label = "[\(number + 1)/\(projects.count)] \(project.name)"
                indexer.progress = { done, total in
                    StandardError.write("\r\u{1B}[2K\(label): \(done)/\(total) files")
                }
            }
            let report: ProjectIndexReport
            do {
                report = try indexer.index(project)
            } catch {
                if showsProgress { StandardError.write("\n") }
                StandardError.write("umlaut: error: \(project.root): \(error)\n")
                throw ExitCode(2)
            }
            if showsProgress { StandardError.write("\r\u{1B}[2K") }
            for line in report.skipped { StandardError.write("umlaut: \(project.name): \(line)\n") }
            print(
                "\(report.name): \(report.analysed) analysed, \(report.unchanged) unchanged, \(report.removed.count) removed, \(report.skipped.count) skipped"
            )
            totals.analysed += report.analysed
            totals.unchanged += report.unchanged
            totals.removed += report.removed.count
            totals.skipped += report.skipped.count
        }
        let vectors: FileEmbedding.Outcome
        do {
            vectors = try FileEmbedding.refresh(database)
        } catch {
            StandardError.write("umlaut: error: could not compute the file vectors: \(error)\n")
            throw ExitCode(2)
        }
        let seconds = Date().timeIntervalSince(started)
        print(
            "indexed \(projects.count) project\(projects.count == 1 ? "" : "s") into \(databasePath) in \(String(format: "%.1f", seconds)) s: \(totals.analysed) files analysed, \(totals.unchanged) unchanged, \(totals.removed) removed, \(totals.skipped) skipped"
        )
        print(vectors.summary)
    }
}
