import Foundation
import GRDB

/// Everything the explore page shows of one indexed file: its project, its row and what was
/// found in it. Read in bulk (`exploreFiles()`), a handful of queries for the whole index.
package struct ExploreFile: Sendable {
    package var file: IndexedFileRecord
    package var project: ProjectRecord
    package var features: [FileFeature]
    package var mentions: [FileMention]
}

extension ProjectIndexDatabase {
    /// Every indexed file with its project, features and mentions, by project root then path.
    package func exploreFiles() throws -> [ExploreFile] {
        try read { db in
            let projects = Dictionary(
                try ProjectRecord.fetchAll(db).compactMap { project in project.id.map { ($0, project) } },
                uniquingKeysWith: { first, _ in first })
            var features: [Int64: [FileFeature]] = [:]
            for record in try FileFeatureRecord.order(Column("id")).fetchAll(db) {
                features[record.fileId, default: []].append(record.feature)
            }
            var mentions: [Int64: [FileMention]] = [:]
            for record in try FileMentionRecord.order(Column("id")).fetchAll(db) {
                mentions[record.fileId, default: []].append(record.mention)
            }
            let files = try IndexedFileRecord.order(Column("projectId"), Column("path")).fetchAll(db)
            return files.compactMap { file -> ExploreFile? in
                guard let id = file.id, let project = projects[file.projectId] else { return nil }
                return ExploreFile(
                    file: file, project: project, features: features[id] ?? [], mentions: mentions[id] ?? [])
            }
            .sorted { ($0.project.root, $0.file.path) < ($1.project.root, $1.file.path) }
        }
    }

    /// Every project's attributes (framework, domain, task, …), by project id.
    package func projectAttributes() throws -> [Int64: [ProjectAttribute]] {
        try read { db in
            var attributes: [Int64: [ProjectAttribute]] = [:]
            for record in try ProjectAttributeRecord.order(Column("id")).fetchAll(db) {
                attributes[record.projectId, default: []].append(record.attribute)
            }
            return attributes
        }
    }

    /// The full-text body of each file (its identifiers, their sub-words and its feature values):
    /// the words the explore map's fallback file vectors are built from.
    package func fileSearchTexts() throws -> [Int64: String] {
        try read { db in
            var texts: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fileId, body FROM searchText WHERE fileId IS NOT NULL") {
                guard let id = row["fileId"] as Int64? else { continue }
                texts[id] = row["body"] as String? ?? ""
            }
            return texts
        }
    }

    /// The embedding models with stored vectors and how many files each covers, most first.
    /// What a map of the whole index is made from, as one hash: the index's revision, every
    /// file's id, project, revision and content hash, and the stored embeddings' models and
    /// counts. A map kept beside the index (the explore page's, across launches) is the index's
    /// own while this is unchanged; an index deleted and built again gets another one even where
    /// its revision and ids repeat, because its files' contents differ.
    package func mapFingerprint() throws -> String {
        try read { db in
            var text = "revision \(try Int64.fetchOne(db, sql: "SELECT value FROM indexRevision WHERE id = 1") ?? 0)\n"
            let files = try Row.fetchCursor(
                db, sql: "SELECT id, projectId, revision, contentHash FROM file ORDER BY id")
            while let row = try files.next() {
                let id: Int64 = row["id"]
                let project: Int64 = row["projectId"]
                let revision: Int64 = row["revision"]
                let hash: String = row["contentHash"]
                text += "\(id) \(project) \(revision) \(hash)\n"
            }
            let models = "SELECT model, COUNT(*) AS n FROM embedding GROUP BY model ORDER BY model"
            for row in try Row.fetchAll(db, sql: models) {
                text += "embedding \(row["model"] as String) \(row["n"] as Int)\n"
            }
            return ContentHash.of(Array(text.utf8))
        }
    }

    package func embeddingModels() throws -> [(model: String, count: Int)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT model, COUNT(*) AS n FROM embedding GROUP BY model ORDER BY n DESC, model"
            ).map { ($0["model"] as String, $0["n"] as Int) }
        }
    }
}

extension ProjectIndexDatabase {
    /// One file with its project, by the file's id; nil when there is no such file.
    package func file(id: Int64) throws -> (file: IndexedFileRecord, project: ProjectRecord)? {
        try read { db in
            guard let file = try IndexedFileRecord.fetchOne(db, key: id),
                let project = try ProjectRecord.fetchOne(db, key: file.projectId)
            else { return nil }
            return (file, project)
        }
    }
}
