import Foundation
import GRDB

extension ProjectIndexDatabase {
    /// The index's revision: it grows with every write, so a reader in another process learns
    /// cheaply that something changed.
    package func revision() throws -> Int64 {
        try read { try Int64.fetchOne($0, sql: "SELECT value FROM indexRevision WHERE id = 1") ?? 0 }
    }

    /// Every project, by root.
    package func projects() throws -> [ProjectRecord] {
        try read { try ProjectRecord.order(Column("root")).fetchAll($0) }
    }

    /// The project indexed from `root`, if any.
    package func project(root: String) throws -> ProjectRecord? {
        try read { try ProjectRecord.filter(Column("root") == root).fetchOne($0) }
    }

    /// A project's files, by path.
    package func files(projectId: Int64) throws -> [IndexedFileRecord] {
        try read { try IndexedFileRecord.filter(Column("projectId") == projectId).order(Column("path")).fetchAll($0) }
    }

    /// The content hash of each file of a project, by path: what a re-index compares with the
    /// files on disk to index only the changed ones.
    package func contentHashes(projectId: Int64) throws -> [String: String] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT path, contentHash FROM file WHERE projectId = ?", arguments: [projectId])
            return Dictionary(
                rows.map { ($0["path"] as String, $0["contentHash"] as String) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// The files written after `revision` (as returned by `revision()`), oldest write first.
    package func files(changedAfter revision: Int64) throws -> [IndexedFileRecord] {
        try read { try IndexedFileRecord.filter(Column("revision") > revision).order(Column("revision")).fetchAll($0) }
    }

    /// What was found in a file, in the order it was stored.
    package func features(fileId: Int64) throws -> [FileFeatureRecord] {
        try read { try FileFeatureRecord.filter(Column("fileId") == fileId).order(Column("id")).fetchAll($0) }
    }

    /// Every file's vector from one embedding model, by file.
    package func embeddings(model: String) throws -> [EmbeddingRecord] {
        try read { try EmbeddingRecord.filter(Column("model") == model).order(Column("fileId")).fetchAll($0) }
    }

    /// The files every condition of `filter` holds for, by project root and path, each with the
    /// features that made its positive conditions hold (why it matched, with their lines).
    package func files(matching filter: FileFilter) throws -> [FileMatch] {
        try read { db in
            var clauses: [String] = []
            var arguments = StatementArguments()
            for condition in filter.conditions {
                let (clause, conditionArguments) = condition.featureClause
                clauses.append(
                    (condition.isExclusion ? "NOT " : "")
                        + "EXISTS (SELECT 1 FROM fileFeature f WHERE f.fileId = file.id AND \(clause))")
                arguments += StatementArguments(conditionArguments)
            }
            if let projectId = filter.projectId {
                clauses.append("file.projectId = ?")
                arguments += [projectId]
            }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let sql = """
                SELECT file.* FROM file JOIN project ON project.id = file.projectId
                \(whereClause)
                ORDER BY project.root, file.path
                """
            let files = try IndexedFileRecord.fetchAll(db, sql: sql, arguments: arguments)
            var projects: [Int64: ProjectRecord] = [:]
            return try files.map { file in
                let project: ProjectRecord
                if let known = projects[file.projectId] {
                    project = known
                } else {
                    project = try ProjectRecord.fetchOne(db, key: file.projectId)!
                    projects[file.projectId] = project
                }
                let features = try FileFeatureRecord.filter(Column("fileId") == file.id).order(Column("id")).fetchAll(
                    db)
                let positive = filter.conditions.filter { !$0.isExclusion }
                let evidence = features.filter { feature in positive.contains { $0.holds(for: feature) } }
                return FileMatch(project: project, file: file, evidence: evidence)
            }
        }
    }
}
