import Foundation
import Store

/// `umlaut index --merge`: shards (project indexes written by `umlaut index --db` on any
/// machine) merged into one index, then the global steps fitted once over the union
/// (`Docs/ProjectSearchAtScale.md`, "Shards that merge").
///
/// Every shard is checked before anything is written (`ProjectIndexDatabase.checkShard`): one
/// refused shard leaves the target as it was, not even created. Then each shard's projects are
/// copied, one transaction each, a project the target has indexed at the same time or later
/// skipped (`ProjectIndexDatabase.merge`); nothing is analysed. When anything was copied (or a
/// file has no vector: an earlier merge stopped before its refit), the file vectors are fitted
/// again over every file (`FileEmbedding.refresh(refit: true)`): a shard's vectors live in its
/// own TF-IDF vocabulary and SVD space. An interrupted merge is finished by running it again:
/// the projects it copied are as new as the shard's and skipped.
package enum IndexMerge {
    /// What a merge did, and how long its two steps took.
    package struct Report: Sendable {
        package var shards: [ShardMergeReport]
        /// Seconds spent checking and copying the shards.
        package var copySeconds: Double
        /// The refit's outcome, nil when nothing was copied and every file has its vector (the
        /// vectors are as they were).
        package var vectors: FileEmbedding.Outcome?
        package var refitSeconds: Double

        package var merged: Int { shards.reduce(0) { $0 + $1.merged.count } }
        package var skipped: Int { shards.reduce(0) { $0 + $1.skipped.count } }
        package var files: Int { shards.reduce(0) { $0 + $1.files } }
    }

    /// Checks every shard, opens (creating if needed) the target at `targetPath`, merges the
    /// shards in order and refits the file vectors.
    ///
    /// - Throws: `ProjectIndexError` (`.cannotMerge` for a refused shard, before any write).
    package static func merge(
        shards: [String], into targetPath: String,
        progress: ((_ shard: Int, _ shards: Int, _ project: Int, _ projects: Int, _ name: String) -> Void)? = nil
    ) throws -> Report {
        let started = Date()
        for shard in shards { try ProjectIndexDatabase.checkShard(path: shard, target: targetPath) }
        let database = try ProjectIndexDatabase.open(path: targetPath)
        return try merge(shards: shards, into: database, started: started, progress: progress)
    }

    /// Merges checked shards into an open index (tests pass an in-memory one) and refits.
    package static func merge(
        shards: [String], into database: ProjectIndexDatabase, started: Date = Date(),
        progress: ((_ shard: Int, _ shards: Int, _ project: Int, _ projects: Int, _ name: String) -> Void)? = nil
    ) throws -> Report {
        let reports = try database.merge(shards: shards, progress: progress)
        let copied = Date()
        var report = Report(
            shards: reports, copySeconds: copied.timeIntervalSince(started), vectors: nil, refitSeconds: 0)
        // Files without a vector too: a merge interrupted between its copy and its refit is
        // finished by running it again, though nothing is newer then.
        let unfitted = try database.filesWithoutEmbedding(model: FileEmbedding.modelName)
        if report.merged > 0 || !unfitted.isEmpty {
            report.vectors = try FileEmbedding.refresh(database, refit: true)
            report.refitSeconds = Date().timeIntervalSince(copied)
        }
        return report
    }
}
