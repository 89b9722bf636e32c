import Foundation
import GRDB

extension ProjectIndexDatabase {
    /// Creates the project with this root (dated `indexedAt`), or renames the one that has it.
    /// An existing project is re-dated only when its name or kind of source changed: its date
    /// says when what the index holds of it last changed (`updateProject` moves it when the
    /// content did), so that merging a shard re-indexed with nothing changed copies nothing.
    /// Returns the record as stored.
    @discardableResult
    package func upsertProject(
        root: String, name: String, source: ProjectRecord.Source, indexedAt: Date = Date()
    ) throws -> ProjectRecord {
        try write { db in
            let revision = try Self.bumpRevision(db)
            if var existing = try ProjectRecord.filter(Column("root") == root).fetchOne(db) {
                if existing.name != name || existing.source != source { existing.indexedAt = indexedAt }
                existing.name = name
                existing.source = source
                existing.revision = revision
                try existing.update(db)
                return existing
            }
            var record = ProjectRecord(root: root, name: name, source: source, indexedAt: indexedAt, revision: revision)
            try record.insert(db)
            return record
        }
    }

    /// Stores a file as just indexed, with everything found in it, in one transaction: the file's
    /// row is created or updated (found by project and path), its old features are replaced by
    /// `features`, and its embeddings are dropped when its content changed (they describe the old
    /// text). A reader sees the file's old rows or its new ones, never a mixture.
    ///
    /// Returns the file as stored, with its id and revision.
    @discardableResult
    package func replaceFile(_ file: IndexedFileRecord, features: [FileFeature]) throws -> IndexedFileRecord {
        try write { db in
            var record = file
            record.revision = try Self.bumpRevision(db)
            if let existing =
                try IndexedFileRecord
                .filter(Column("projectId") == file.projectId && Column("path") == file.path)
                .fetchOne(db)
            {
                record.id = existing.id
                try record.update(db)
                try FileFeatureRecord.filter(Column("fileId") == existing.id).deleteAll(db)
                if existing.contentHash != file.contentHash {
                    try EmbeddingRecord.filter(Column("fileId") == existing.id).deleteAll(db)
                }
            } else {
                record.id = nil
                try record.insert(db)
            }
            guard let id = record.id else { return record }
            for feature in features {
                var row = FileFeatureRecord(fileId: id, feature)
                try row.insert(db)
            }
            return record
        }
    }

    /// Forgets files of a project that are gone from it (with their features and embeddings).
    package func removeFiles(projectId: Int64, paths: [String]) throws {
        guard !paths.isEmpty else { return }
        try write { db in
            try IndexedFileRecord.filter(Column("projectId") == projectId && paths.contains(Column("path"))).deleteAll(
                db)
            _ = try Self.bumpRevision(db)
        }
    }

    /// Stores a file's vector from one embedding model, replacing the previous one.
    package func saveEmbedding(fileId: Int64, model: String, values: [Float]) throws {
        try write { db in
            try EmbeddingRecord(fileId: fileId, model: model, values: values).insert(db, onConflict: .replace)
            _ = try Self.bumpRevision(db)
        }
    }
}
