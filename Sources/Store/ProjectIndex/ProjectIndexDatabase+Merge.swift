import Foundation
import GRDB

/// What merging one shard into the index did, project by project (by name).
package struct ShardMergeReport: Sendable, Equatable {
    package var shard: String
    /// Projects copied: new to the index, or newer in the shard than in the index.
    package var merged: [String] = []
    /// Of `merged`, the projects whose older copy in the index was replaced.
    package var replaced: [String] = []
    /// Projects left as the index had them: its copy was indexed at the same time or later.
    package var skipped: [String] = []
    /// Files copied with the merged projects.
    package var files = 0

    package init(shard: String) {
        self.shard = shard
    }
}

extension ProjectIndexDatabase {
    /// Checks a shard before anything is merged: it exists, is not `target` itself (the same
    /// file by device and inode, whatever the path's spelling), is an undamaged SQLite file
    /// (`PRAGMA quick_check`), is a project index, and has exactly this umlaut's migration
    /// history (what `target` has once opened). Reads the shard only.
    ///
    /// - Throws: `ProjectIndexError.cannotMerge` naming the shard and why.
    package static func checkShard(path: String, target: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ProjectIndexError.cannotMerge(shard: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ProjectIndexError.cannotMerge(shard: path, reason: "a directory, not an index file")
        }
        if let shard = fileIdentity(path), let target = fileIdentity(target), shard == target {
            throw ProjectIndexError.cannotMerge(shard: path, reason: "it is the target index itself")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "umlaut.projectIndex.shard"
        let applied: Set<String>?
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            applied = try queue.read { db -> Set<String>? in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw ProjectIndexError.cannotMerge(
                        shard: path, reason: "damaged (quick_check: \(check.prefix(3).joined(separator: "; ")))")
                }
                guard try holdsThisSchema(db) else { return nil }
                return try migrator.appliedIdentifiers(db)
            }
            try queue.close()
        } catch let error as ProjectIndexError {
            throw error
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
        {
            throw ProjectIndexError.cannotMerge(shard: path, reason: "not an SQLite database, or damaged")
        } catch let error as DatabaseError {
            throw ProjectIndexError.cannotMerge(
                shard: path, reason: "cannot read it: \(error.message ?? "\(error.resultCode)")")
        }
        guard let applied else {
            throw ProjectIndexError.cannotMerge(shard: path, reason: "an SQLite database that is not a project index")
        }
        let expected = Set(migrator.migrations)
        guard applied == expected else {
            let older = applied.isSubset(of: expected)
            throw ProjectIndexError.cannotMerge(
                shard: path,
                reason: older
                    ? "it was made by an older umlaut (its schema history differs from the index's); index its projects again"
                    : "it was made by another umlaut (its schema history differs from the index's)")
        }
    }

    /// The file's device and inode, or nil when it cannot be read (a target not created yet).
    private static func fileIdentity(_ path: String) -> [Int]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let device = (attributes[.systemNumber] as? NSNumber)?.intValue,
            let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue
        else { return nil }
        return [device, inode]
    }

    /// Merges shards (checked first by `checkShard`) into this index, in order, one transaction
    /// per project. A project is found by its root, as the indexer finds it: one the index has
    /// indexed at the same time or later (`indexedAt`) is skipped, else the index's rows of it
    /// are deleted and the shard's copied, with fresh ids (files keep their order, offset past
    /// every id the index has used). Full-text rows are inserted again from the shard's text,
    /// so the index's bm25 statistics are the union's; vectors and the fitted vector model are
    /// not copied (they live in the shard's space: refit after merging). Every copied row
    /// carries one new revision, and the index's revision is bumped once at the end when
    /// anything was merged, so a reader sees one change.
    ///
    /// `progress` is called before each project with (shard number, shard count, project
    /// number, project count, project name), numbers from 1.
    package func merge(
        shards: [String],
        progress: ((_ shard: Int, _ shards: Int, _ project: Int, _ projects: Int, _ name: String) -> Void)? = nil
    ) throws -> [ShardMergeReport] {
        do {
            return try writer.writeWithoutTransaction { db in
                let revision = (try Int64.fetchOne(db, sql: "SELECT value FROM indexRevision WHERE id = 1") ?? 0) + 1
                var reports: [ShardMergeReport] = []
                for (number, shard) in shards.enumerated() {
                    try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [Self.readOnlyURI(shard)])
                    do {
                        reports.append(
                            try Self.mergeAttached(
                                db, shard: shard, revision: revision,
                                progress: { progress?(number + 1, shards.count, $0, $1, $2) }))
                    } catch {
                        try? db.execute(sql: "DROP TABLE IF EXISTS temp.mergeText")
                        try? db.execute(sql: "DETACH DATABASE shard")
                        throw error
                    }
                    try db.execute(sql: "DETACH DATABASE shard")
                }
                if reports.contains(where: { !$0.merged.isEmpty }) {
                    try db.inTransaction {
                        try db.execute(
                            sql: "UPDATE indexRevision SET value = max(value + 1, ?) WHERE id = 1",
                            arguments: [revision])
                        return .commit
                    }
                }
                if reports.contains(where: { !$0.replaced.isEmpty }) {
                    // The replaced projects' full-text rows went through FTS5's deletion markers,
                    // kept until its segments merge (a re-merge of half the corpus grew them from
                    // 18 to 31 MB): merge them all now and give the space back.
                    try db.inTransaction {
                        try db.execute(sql: "INSERT INTO searchText(searchText) VALUES('optimize')")
                        return .commit
                    }
                }
                return reports
            }
        } catch let error as ProjectIndexError {
            throw error
        } catch {
            throw ProjectIndexError.translating(error, path: path)
        }
    }

    /// A `file:` URI opening the shard read-only (SQLite's URI filenames: `?` `#` `%` escaped).
    static func readOnlyURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:" + escaped + "?mode=ro"
    }

    /// Merges the attached shard, one transaction per project.
    private static func mergeAttached(
        _ db: Database, shard: String, revision: Int64,
        progress: (_ project: Int, _ projects: Int, _ name: String) -> Void
    ) throws -> ShardMergeReport {
        var report = ShardMergeReport(shard: shard)
        let projects = try Row.fetchAll(
            db, sql: "SELECT id, root, name, indexedAt FROM shard.project ORDER BY root")
        // The shard's full text, read once (FTS5 filters its unindexed columns by scanning).
        try db.execute(
            sql: """
                CREATE TEMP TABLE mergeText AS SELECT projectId, fileId, path, body FROM shard.searchText;
                CREATE INDEX temp.mergeText_on_projectId ON mergeText(projectId);
                """)
        for (number, project) in projects.enumerated() {
            let shardId: Int64 = project["id"]
            let root: String = project["root"]
            let name: String = project["name"]
            let indexedAt: Date = project["indexedAt"]
            progress(number + 1, projects.count, name)
            let existing = try Row.fetchOne(
                db, sql: "SELECT id, indexedAt FROM main.project WHERE root = ?", arguments: [root])
            if let existing, (existing["indexedAt"] as Date) >= indexedAt {
                report.skipped.append(name)
                continue
            }
            try db.inTransaction {
                report.files += try copyProject(db, shardId: shardId, root: root, revision: revision)
                return .commit
            }
            report.merged.append(name)
            if existing != nil { report.replaced.append(name) }
        }
        try db.execute(sql: "DROP TABLE temp.mergeText")
        return report
    }

    /// Replaces the index's copy of one project (by root) with the attached shard's; returns the
    /// files copied.
    private static func copyProject(_ db: Database, shardId: Int64, root: String, revision: Int64) throws -> Int {
        if let old = try Int64.fetchOne(db, sql: "SELECT id FROM main.project WHERE root = ?", arguments: [root]) {
            // Files, features, mentions, attributes, terms and vectors go by cascade; the
            // full-text rows are kept by the writes, not by the schema.
            try db.execute(sql: "DELETE FROM main.searchText WHERE projectId = ?", arguments: [old])
            try db.execute(sql: "DELETE FROM main.project WHERE id = ?", arguments: [old])
        }
        try db.execute(
            sql: """
                INSERT INTO main.project (root, name, source, indexedAt, revision, title, summary, licence,
                    fileCount, lineCount, byteCount)
                SELECT root, name, source, indexedAt, ?, title, summary, licence, fileCount, lineCount, byteCount
                FROM shard.project WHERE id = ?
                """, arguments: [revision, shardId])
        let projectId = db.lastInsertedRowID
        // Each shard file id moves past every id the index has used (AUTOINCREMENT's sequence
        // included), so ids never collide nor come back.
        let used =
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT max(coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'file'), 0),
                               coalesce((SELECT max(id) FROM main.file), 0))
                    """) ?? 0
        guard
            let lowest = try Int64.fetchOne(
                db, sql: "SELECT min(id) FROM shard.file WHERE projectId = ?", arguments: [shardId])
        else {
            try copyProjectRows(db, shardId: shardId, projectId: projectId)
            return 0
        }
        let offset = used + 1 - lowest
        let arguments: StatementArguments = [offset, shardId]
        try db.execute(
            sql: """
                INSERT INTO main.file (id, projectId, path, kind, role, contentHash, size, modifiedAt, revision,
                    lineCount)
                SELECT id + ?, ?, path, kind, role, contentHash, size, modifiedAt, ?, lineCount
                FROM shard.file WHERE projectId = ? ORDER BY id
                """, arguments: [offset, projectId, revision, shardId])
        let files = db.changesCount
        try db.execute(
            sql: """
                INSERT INTO main.fileFeature (fileId, kind, name, value, line)
                SELECT f.fileId + ?, f.kind, f.name, f.value, f.line
                FROM shard.fileFeature f JOIN shard.file ON file.id = f.fileId WHERE file.projectId = ? ORDER BY f.id
                """, arguments: arguments)
        try db.execute(
            sql: """
                INSERT INTO main.fileMention (fileId, kind, name, line, detail)
                SELECT m.fileId + ?, m.kind, m.name, m.line, m.detail
                FROM shard.fileMention m JOIN shard.file ON file.id = m.fileId WHERE file.projectId = ? ORDER BY m.id
                """, arguments: arguments)
        try db.execute(
            sql: """
                INSERT INTO main.fileTerms (fileId, terms)
                SELECT t.fileId + ?, t.terms
                FROM shard.fileTerms t JOIN shard.file ON file.id = t.fileId WHERE file.projectId = ?
                ORDER BY t.fileId
                """, arguments: arguments)
        try copyProjectRows(db, shardId: shardId, projectId: projectId, fileOffset: offset)
        return files
    }

    /// Copies a project's attributes and its full-text rows (the project's and its files').
    private static func copyProjectRows(
        _ db: Database, shardId: Int64, projectId: Int64, fileOffset: Int64 = 0
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO main.projectAttribute (projectId, kind, value, evidence, path, line)
                SELECT ?, kind, value, evidence, path, line FROM shard.projectAttribute WHERE projectId = ? ORDER BY id
                """, arguments: [projectId, shardId])
        try db.execute(
            sql: """
                INSERT INTO main.searchText (projectId, fileId, path, body)
                SELECT ?, CASE WHEN fileId IS NULL THEN NULL ELSE fileId + ? END, path, body
                FROM temp.mergeText WHERE projectId = ?
                """, arguments: [projectId, fileOffset, shardId])
    }
}
