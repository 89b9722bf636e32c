import ArgumentParser
import Foundation
import ProjectSearch
import Store

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension IndexCommand {
    /// `umlaut index --merge SHARD...`: the shards merged into the index (`IndexMerge`), one line
    /// per shard, a progress line per project on a terminal, then the vectors' refit.
    func runMerge(into databasePath: String, workingDirectory: String) throws {
        let shards = paths.map { SearchCommand.databasePath($0, workingDirectory: workingDirectory) }
        let showsProgress = isatty(STDERR_FILENO) == 1
        let report: IndexMerge.Report
        do {
            report = try IndexMerge.merge(shards: shards, into: databasePath) { shard, count, project, projects, name in
                guard showsProgress else { return }
                StandardError.write("\r\u{1B}[2K[shard \(shard)/\(count)] [\(project)/\(projects)] \(name)")
            }
        } catch {
            if showsProgress { StandardError.write("\r\u{1B}[2K") }
            StandardError.write("umlaut: error: \(error)\n")
            throw ExitCode(2)
        }
        if showsProgress { StandardError.write("\r\u{1B}[2K") }
        for (given, shard) in zip(paths, report.shards) {
            let projects = shard.merged.count == 1 ? "project" : "projects"
            let files = shard.files == 1 ? "file" : "files"
            print(
                "\(given): \(shard.merged.count) \(projects) merged (\(shard.files) \(files)), \(shard.skipped.count) skipped (not newer than the index's)"
            )
        }
        print(
            "merged \(report.shards.count) shard\(report.shards.count == 1 ? "" : "s") into \(databasePath) in \(String(format: "%.1f", report.copySeconds)) s: \(report.merged) merged, \(report.skipped) skipped"
        )
        if let vectors = report.vectors {
            print("\(vectors.summary) in \(String(format: "%.1f", report.refitSeconds)) s")
        } else {
            print("file vectors: unchanged (nothing merged)")
        }
    }
}
