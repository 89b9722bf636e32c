import Foundation
import GRDB
import ProjectSearch
import Store
import TestSupport
import Testing

/// `umlaut index --merge`: shards indexed apart and merged give the index of everything at once;
/// a newer copy replaces, an older one is kept; a refused shard writes nothing.
@Suite struct IndexMergeTests {
    /// Four projects in two disjoint sets: `a/` (segnet, tagger) and `b/` (mnist-cnn, gan).
    static func writeProjects(in directory: TemporaryDirectory) throws -> (a: String, b: String) {
        try directory.write("a/segnet/README.md", "# SegNet demo\n\nA PyTorch U-Net for medical image segmentation.\n")
        try directory.write("a/segnet/LICENSE", Corpus.mit)
        try directory.write("a/segnet/model.py", Corpus.segmentationModel)
        try directory.write("a/segnet/train.py", Corpus.segmentationTraining)
        try directory.write("a/segnet/utils/helpers.py", "def mean(values):\n    return sum(values) / len(values)\n")
        try directory.write("a/tagger/README.md", "# Tagger\n\nAn LSTM that tags parts of speech.\n")
        try directory.write(
            "a/tagger/tagger.py",
            """
            import torch
            from torch import nn


            class Tagger(nn.Module):
                def __init__(self, vocabulary_size, tag_count):
                    super().__init__()
                    self.embedding = nn.Embedding(vocabulary_size, 64)
                    self.lstm = nn.LSTM(64, 128)
                    self.output = nn.Linear(128, tag_count)

                def forward(self, sentence):
                    hidden, _ = self.lstm(self.embedding(sentence))
                    return self.output(hidden)

            """)
        try directory.write(
            "b/mnist-cnn/README.md", "MNIST CNN\n=========\n\nA Keras CNN that classifies MNIST digits.\n")
        try directory.write("b/mnist-cnn/train.py", Corpus.mnistTraining)
        try directory.write("b/gan/README.md", "# GAN\n\nA generator and a discriminator on CIFAR-10.\n")
        try directory.write(
            "b/gan/gan.py",
            """
            import torch
            from torch import nn, optim

            generator = nn.Sequential(nn.Linear(100, 256), nn.ReLU(), nn.Linear(256, 3072), nn.Tanh())
            discriminator = nn.Sequential(nn.Linear(3072, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1))
            criterion = nn.BCEWithLogitsLoss()
            optimizer = optim.Adam(generator.parameters(), lr=2e-4)

            """)
        return (directory.path + "/a", directory.path + "/b")
    }

    /// Indexes the projects under `paths` into the index file at `path` (vectors fitted), and
    /// closes it.
    static func index(_ paths: [String], into path: String) throws {
        let database = try ProjectIndexDatabase.open(path: path)
        for project in ProjectSource.find(paths: paths, workingDirectory: "/").projects {
            _ = try ProjectIndexer(database: database, jobs: 1).index(project)
        }
        _ = try FileEmbedding.refresh(database)
    }

    /// Everything a search can see of an index, without ids and times: projects, files,
    /// features, mentions, attributes and full text by root and path.
    static func contents(_ database: ProjectIndexDatabase) throws -> [String] {
        try database.writer.read { db in
            var lines = try Row.fetchAll(
                db,
                sql: """
                    SELECT root, name, source, title, summary, licence, fileCount, lineCount, byteCount
                    FROM project ORDER BY root
                    """
            ).map { "project \($0)" }
            lines += try Row.fetchAll(
                db,
                sql: """
                    SELECT p.root, f.path, f.kind, f.role, f.contentHash, f.size, f.lineCount, t.terms
                    FROM file f JOIN project p ON p.id = f.projectId LEFT JOIN fileTerms t ON t.fileId = f.id
                    ORDER BY p.root, f.path
                    """
            ).map { "file \($0)" }
            lines += try Row.fetchAll(
                db,
                sql: """
                    SELECT p.root, f.path, x.kind, x.name, x.value, x.line FROM fileFeature x
                    JOIN file f ON f.id = x.fileId JOIN project p ON p.id = f.projectId ORDER BY p.root, f.path, x.id
                    """
            ).map { "feature \($0)" }
            lines += try Row.fetchAll(
                db,
                sql: """
                    SELECT p.root, f.path, x.kind, x.name, x.line, x.detail FROM fileMention x
                    JOIN file f ON f.id = x.fileId JOIN project p ON p.id = f.projectId ORDER BY p.root, f.path, x.id
                    """
            ).map { "mention \($0)" }
            lines += try Row.fetchAll(
                db,
                sql: """
                    SELECT p.root, x.kind, x.value, x.evidence, x.path, x.line FROM projectAttribute x
                    JOIN project p ON p.id = x.projectId ORDER BY p.root, x.id
                    """
            ).map { "attribute \($0)" }
            lines += try Row.fetchAll(
                db,
                sql: """
                    SELECT p.root, s.path, s.body FROM searchText s JOIN project p ON p.id = s.projectId
                    ORDER BY p.root, s.path, s.body
                    """
            ).map { "text \($0)" }
            return lines
        }
    }

    /// The full-text rows all point at their own project and file (ids remapped together).
    static func textRowsPointAtTheirFiles(_ database: ProjectIndexDatabase) throws -> Bool {
        try database.writer.read { db in
            let orphans = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM searchText s LEFT JOIN file f ON f.id = s.fileId
                    LEFT JOIN project p ON p.id = s.projectId
                    WHERE p.id IS NULL OR (s.fileId IS NOT NULL AND (f.id IS NULL OR f.path != s.path
                        OR f.projectId != s.projectId))
                    """)
            return orphans == 0
        }
    }

    static let queries: [(text: String?, filter: String?)] = [
        ("segmentation", nil), ("intersection", nil), ("conv2d", nil), ("lstm", nil), ("mnist", nil),
        (nil, "framework = pytorch"), (nil, "framework = pytorch and loss ~ dice and lr < 1e-3"),
        (nil, "dataset = MNIST or finding = UM201"), (nil, "layer = Linear and not project = gan"),
        ("generator", "framework = pytorch"), (nil, "role = model"), (nil, "task = segmentation"),
    ]

    static func results(_ database: ProjectIndexDatabase) throws -> [[String]] {
        try queries.map { query in
            try database.search(
                text: query.text.flatMap(TextQuery.fts), filter: try query.filter.map(QueryParser.parse), limit: 50
            ).map { "\($0.projectRoot) \($0.path ?? "-") \($0.line.map(String.init) ?? "-") \($0.reasons)" }.sorted()
        }
    }

    @Test func shardsMergedGiveTheIndexOfEverythingAtOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (a, b) = try Self.writeProjects(in: directory)
        let shardA = directory.path + "/shard-a.sqlite", shardB = directory.path + "/shard-b.sqlite"
        let whole = directory.path + "/whole.sqlite", target = directory.path + "/target.sqlite"
        let report = try await offTheTestPool {
            try Self.index([a], into: shardA)
            try Self.index([b], into: shardB)
            try Self.index([a, b], into: whole)
            return try IndexMerge.merge(shards: [shardA, shardB], into: target)
        }
        #expect(report.shards.map(\.merged) == [["segnet", "tagger"], ["gan", "mnist-cnn"]])
        #expect(report.skipped == 0 && report.files == 6)
        #expect(report.vectors == FileEmbedding.Outcome(refitted: true, written: 6, dimension: 5))

        let merged = try ProjectIndexDatabase.open(path: target)
        let single = try ProjectIndexDatabase.open(path: whole)
        #expect(try Self.contents(merged) == Self.contents(single))
        #expect(try Self.textRowsPointAtTheirFiles(merged))
        #expect(try Self.results(merged) == Self.results(single))
        // bm25 over the union: the same scores as the single index's.
        let mergedScores = try merged.search(text: TextQuery.fts("segmentation"), filter: nil, limit: 10)
        let singleScores = try single.search(text: TextQuery.fts("segmentation"), filter: nil, limit: 10)
        #expect(mergedScores.map(\.score) == singleScores.map(\.score))

        // Files like one: the same neighbours at close distances (the fit saw the same files).
        let like = a + "/segnet/train.py"
        let near = try SimilarFiles.like(path: like, in: merged, limit: 10).hits
        let reference = try SimilarFiles.like(path: like, in: single, limit: 10).hits
        #expect(
            Set(near.map { "\($0.projectRoot) \($0.path ?? "")" })
                == Set(reference.map { "\($0.projectRoot) \($0.path ?? "")" }))
        let distances = Dictionary(
            uniqueKeysWithValues: reference.map { ("\($0.projectRoot) \($0.path ?? "")", $0.distance ?? 0) })
        for hit in near {
            let expected = try #require(distances["\(hit.projectRoot) \(hit.path ?? "")"])
            #expect(abs((hit.distance ?? 0) - expected) < 1e-3, "\(hit) vs \(expected)")
        }
    }

    @Test func idsAreFreshInATargetThatHasProjectsOfItsOwn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (a, b) = try Self.writeProjects(in: directory)
        let shard = directory.path + "/shard.sqlite", target = directory.path + "/target.sqlite"
        let before = try await offTheTestPool { () -> Int64 in
            try Self.index([a], into: shard)
            try Self.index([b], into: target)
            return try ProjectIndexDatabase.open(path: target).revision()
        }
        let database = try ProjectIndexDatabase.open(path: target)
        let oldIds = try await database.writer.read { try Int64.fetchSet($0, sql: "SELECT id FROM file") }
        let report = try await offTheTestPool { try IndexMerge.merge(shards: [shard], into: database) }
        #expect(report.merged == 2)
        let files = try await database.writer.read { try Row.fetchAll($0, sql: "SELECT id, path FROM file") }
        #expect(files.count == 6)
        let newIds = Set(files.map { $0["id"] as Int64 }).subtracting(oldIds)
        #expect(newIds.count == 4 && newIds.allSatisfy { $0 > oldIds.max() ?? 0 })
        #expect(try database.projects().map(\.name).sorted() == ["gan", "mnist-cnn", "segnet", "tagger"])
        #expect(try Self.textRowsPointAtTheirFiles(database))
        // One bump for the merge, one for the refit's vectors.
        #expect(try database.revision() == before + 2)
        let merged = try await database.writer.read {
            try Int64.fetchAll(
                $0,
                sql:
                    "SELECT DISTINCT revision FROM file WHERE id IN (\(newIds.map(String.init).joined(separator: ",")))"
            )
        }
        #expect(merged == [before + 1])
        #expect(try database.filesWithoutEmbedding(model: FileEmbedding.modelName).isEmpty)
        let hits = try database.search(text: nil, filter: try QueryParser.parse("framework = pytorch"), limit: 20)
        #expect(Set(hits.map(\.project)) == ["gan", "segnet", "tagger"])
    }

    @Test func aNewerShardCopyReplacesAndAnOlderOneIsKept() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (a, _) = try Self.writeProjects(in: directory)
        let shard = directory.path + "/shard.sqlite", target = directory.path + "/target.sqlite"
        try await offTheTestPool {
            try Self.index([a], into: shard)
            _ = try IndexMerge.merge(shards: [shard], into: target)
        }
        // The same shard again: nothing newer, nothing written, the vectors left alone.
        let database = try ProjectIndexDatabase.open(path: target)
        let revision = try database.revision()
        let again = try await offTheTestPool { try IndexMerge.merge(shards: [shard], into: database) }
        #expect(again.merged == 0 && again.skipped == 2 && again.vectors == nil)
        #expect(try database.revision() == revision)
        // A merge stopped before its refit: run again, it fits the vectors though nothing is newer.
        try await database.writer.write { try $0.execute(sql: "DELETE FROM embedding") }
        let finished = try await offTheTestPool { try IndexMerge.merge(shards: [shard], into: database) }
        #expect(finished.merged == 0 && finished.vectors?.refitted == true)
        #expect(try database.filesWithoutEmbedding(model: FileEmbedding.modelName).isEmpty)

        // The shard re-indexed with nothing changed: its projects keep their dates, and a merge
        // copies nothing (a re-index used to re-date every project, so every one was copied).
        try await offTheTestPool { try Self.index([a], into: shard) }
        let unchanged = try await offTheTestPool { try IndexMerge.merge(shards: [shard], into: database) }
        #expect(unchanged.merged == 0 && unchanged.skipped == 2)

        // segnet re-indexed in the shard after a change: its newer copy replaces the target's.
        try directory.write(
            "a/segnet/train.py", Corpus.segmentationTraining + "scheduler = optim.SGD(net.parameters(), lr=0.5)\n")
        try await offTheTestPool { try Self.index([a], into: shard) }
        let replaced = try await offTheTestPool { try IndexMerge.merge(shards: [shard], into: database) }
        #expect(replaced.shards.first?.merged == ["segnet"])
        #expect(replaced.shards.first?.replaced == ["segnet"])
        // The replaced rows' deletion markers are merged away: the full text is one FTS5 segment.
        let segments = try await database.writer.read {
            try Int.fetchOne($0, sql: "SELECT count(DISTINCT segid) FROM searchText_idx")
        }
        #expect(segments == 1)
        let sgd = try database.search(text: nil, filter: try QueryParser.parse("optimizer = SGD"), limit: 10)
        #expect(sgd.map(\.path) == ["train.py"])
        #expect(try database.projects().count == 2)
        #expect(try Self.textRowsPointAtTheirFiles(database))

        // The target re-indexes tagger itself, later than the shard: the shard's older copy is kept out.
        try await offTheTestPool {
            for project in ProjectSource.find(paths: [a], workingDirectory: "/").projects where project.name == "tagger"
            {
                _ = try ProjectIndexer(database: database, jobs: 1).index(project)
            }
        }
        let tagger = try #require(try database.projects().first { $0.name == "tagger" })
        let kept = try await offTheTestPool { try IndexMerge.merge(shards: [shard], into: database) }
        #expect(kept.merged == 0 && kept.skipped == 2)
        #expect(try database.projects().first { $0.name == "tagger" } == tagger)
    }

    /// Every file of the directory whose name starts with `prefix`, with its bytes.
    static func snapshot(_ directory: TemporaryDirectory, _ prefix: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasPrefix(prefix) {
            files[name] = FileManager.default.contents(atPath: directory.path + "/" + name)
        }
        return files
    }

    @Test func aRefusedShardLeavesTheTargetAsItWas() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (a, b) = try Self.writeProjects(in: directory)
        let good = directory.path + "/good.sqlite", target = directory.path + "/target.sqlite"
        try await offTheTestPool {
            try Self.index([a], into: good)
            try Self.index([b], into: target)
        }
        let goodBytes = try #require(FileManager.default.contents(atPath: good))
        func copy(_ name: String, _ change: (Database) throws -> Void) throws -> String {
            let path = directory.path + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: goodBytes)
            let queue = try DatabaseQueue(path: path)
            try queue.write(change)
            try queue.close()
            return path
        }
        let link = directory.path + "/elsewhere.sqlite"
        try FileManager.default.linkItem(atPath: target, toPath: link)
        let text = try directory.write("notes.sqlite", "not a database at all, but long enough to be read as one\n")
        var damagedBytes = goodBytes
        // A b-tree page past the schema's: the file opens, `quick_check` or the first read fails.
        for offset in (damagedBytes.count - 2 * 4096)..<(damagedBytes.count - 4096) { damagedBytes[offset] = 0xA5 }
        let damaged = directory.path + "/damaged.sqlite"
        _ = FileManager.default.createFile(atPath: damaged, contents: damagedBytes)
        let other = directory.path + "/sessions.sqlite"
        try await DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE run (id INTEGER PRIMARY KEY)") }
        let older = try copy("older.sqlite") {
            try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v3:%'")
        }
        let newer = try copy("newer.sqlite") {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        let cases: [(shard: String, reason: String)] = [
            (directory.path + "/missing.sqlite", "no such file"),
            (link, "it is the target index itself"),
            (directory.path + "/./target.sqlite", "it is the target index itself"),
            (text, "not an SQLite database, or damaged"),
            (damaged, "damaged"),
            (other, "an SQLite database that is not a project index"),
            (older, "it was made by an older umlaut"),
            (newer, "it was made by another umlaut"),
        ]
        let before = try Self.snapshot(directory, "target")
        #expect(before.count == 1)
        for (shard, reason) in cases {
            // The good shard first: the refusal still comes before any write.
            do {
                _ = try IndexMerge.merge(shards: [good, shard], into: target)
                Issue.record("\(shard) was merged")
            } catch let error as ProjectIndexError {
                guard case .cannotMerge(let refused, let why) = error else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(refused == shard)
                #expect(why.contains(reason), "\(shard): \(why)")
            }
            #expect(try Self.snapshot(directory, "target") == before, "\(shard)")
        }
        // A target that does not exist yet is not created.
        let absent = directory.path + "/new-target.sqlite"
        #expect(throws: ProjectIndexError.self) { try IndexMerge.merge(shards: [good, text], into: absent) }
        #expect(!FileManager.default.fileExists(atPath: absent))
    }
}
