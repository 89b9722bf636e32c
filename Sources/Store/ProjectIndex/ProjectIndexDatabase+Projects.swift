import Foundation
import GRDB

/// One file as the indexer hands it to the index: its row, features, mentions and the text it
/// is found by (v2).
package struct IndexedFileEntry: Sendable {
    package var file: IndexedFileRecord
    package var features: [FileFeature]
    package var mentions: [FileMention]
    /// Path, identifiers and feature values: what full-text search matches.
    package var searchText: String
    /// The file's identifier sub-tokens with their counts, `FileTerms.encode`d (v3): what the
    /// file vectors are fitted from. Nil keeps no terms (the file gets no vector).
    package var terms: String?

    package init(
        file: IndexedFileRecord, features: [FileFeature], mentions: [FileMention], searchText: String,
        terms: String? = nil
    ) {
        self.file = file
        self.features = features
        self.mentions = mentions
        self.searchText = searchText
        self.terms = terms
    }
}

extension ProjectIndexDatabase {
    /// Stores files as just indexed, in one transaction: each file's row is created or updated
    /// (found by project and path), its features, mentions and full-text row replaced, its
    /// embeddings dropped when its content changed. Returns the files as stored.
    @discardableResult
    package func replaceFiles(_ entries: [IndexedFileEntry]) throws -> [IndexedFileRecord] {
        guard !entries.isEmpty else { return [] }
        return try write { db in
            let revision = try Self.bumpRevision(db)
            var stored: [IndexedFileRecord] = []
            for entry in entries {
                var record = entry.file
                record.revision = revision
                if let existing =
                    try IndexedFileRecord
                    .filter(Column("projectId") == record.projectId && Column("path") == record.path)
                    .fetchOne(db)
                {
                    record.id = existing.id
                    try record.update(db)
                    try FileFeatureRecord.filter(Column("fileId") == existing.id).deleteAll(db)
                    try FileMentionRecord.filter(Column("fileId") == existing.id).deleteAll(db)
                    try db.execute(sql: "DELETE FROM searchText WHERE fileId = ?", arguments: [existing.id])
                    if existing.contentHash != record.contentHash {
                        try EmbeddingRecord.filter(Column("fileId") == existing.id).deleteAll(db)
                    }
                } else {
                    record.id = nil
                    try record.insert(db)
                }
                guard let id = record.id else { continue }
                for feature in entry.features {
                    var row = FileFeatureRecord(fileId: id, feature)
                    try row.insert(db)
                }
                for mention in entry.mentions {
                    var row = FileMentionRecord(fileId: id, mention)
                    try row.insert(db)
                }
                try db.execute(
                    sql: "INSERT INTO searchText (projectId, fileId, path, body) VALUES (?, ?, ?, ?)",
                    arguments: [record.projectId, id, record.path, entry.searchText])
                try db.execute(sql: "DELETE FROM fileTerms WHERE fileId = ?", arguments: [id])
                if let terms = entry.terms {
                    try db.execute(
                        sql: "INSERT INTO fileTerms (fileId, terms) VALUES (?, ?)", arguments: [id, terms])
                }
                stored.append(record)
            }
            return stored
        }
    }

    /// Forgets files of a project that are gone from it, with their rows of every table.
    package func removeFiles(projectId: Int64, keeping paths: Set<String>) throws -> [String] {
        try write { db in
            let all = try IndexedFileRecord.filter(Column("projectId") == projectId).fetchAll(db)
            let gone = all.filter { !paths.contains($0.path) }
            guard !gone.isEmpty else { return [] }
            for file in gone {
                try db.execute(sql: "DELETE FROM searchText WHERE fileId = ?", arguments: [file.id])
                _ = try IndexedFileRecord.deleteOne(db, key: file.id)
            }
            _ = try Self.bumpRevision(db)
            return gone.map(\.path).sorted()
        }
    }

    /// Stores what was concluded about a project as a whole (README, licence, size, attributes)
    /// and its full-text row, replacing the previous ones.
    package func updateProject(
        id: Int64, title: String?, summary: String?, licence: String?, fileCount: Int, lineCount: Int,
        byteCount: Int64, attributes: [ProjectAttribute], searchText: String, filesChanged: Bool,
        indexedAt: Date = Date()
    ) throws {
        try write { db in
            let revision = try Self.bumpRevision(db)
            // Re-dated only when something of the project changed (see `upsertProject`).
            let before = try Row.fetchOne(
                db, sql: "SELECT title, summary, licence, fileCount, lineCount, byteCount FROM project WHERE id = ?",
                arguments: [id])
            let storedAttributes = try ProjectAttributeRecord.filter(Column("projectId") == id).fetchAll(db)
                .map(\.attribute)
            let storedText = try String.fetchOne(
                db, sql: "SELECT body FROM searchText WHERE projectId = ? AND fileId IS NULL", arguments: [id])
            let unchanged =
                !filesChanged
                && before.map {
                    $0["title"] as String? == title && $0["summary"] as String? == summary
                        && $0["licence"] as String? == licence && $0["fileCount"] as Int == fileCount
                        && $0["lineCount"] as Int == lineCount && $0["byteCount"] as Int64 == byteCount
                } == true && Set(storedAttributes) == Set(attributes) && storedAttributes.count == attributes.count
                && storedText == searchText
            if !unchanged {
                try db.execute(sql: "UPDATE project SET indexedAt = ? WHERE id = ?", arguments: [indexedAt, id])
            }
            try db.execute(
                sql: """
                    UPDATE project SET title = ?, summary = ?, licence = ?, fileCount = ?, lineCount = ?,
                    byteCount = ?, revision = ? WHERE id = ?
                    """,
                arguments: [title, summary, licence, fileCount, lineCount, byteCount, revision, id])
            try ProjectAttributeRecord.filter(Column("projectId") == id).deleteAll(db)
            for attribute in attributes {
                var row = ProjectAttributeRecord(projectId: id, attribute)
                try row.insert(db)
            }
            try db.execute(sql: "DELETE FROM searchText WHERE projectId = ? AND fileId IS NULL", arguments: [id])
            try db.execute(
                sql: "INSERT INTO searchText (projectId, fileId, path, body) VALUES (?, NULL, '', ?)",
                arguments: [id, searchText])
        }
    }

    /// A project's attributes, by kind and value.
    package func attributes(projectId: Int64) throws -> [ProjectAttribute] {
        try read { db in
            try ProjectAttributeRecord.filter(Column("projectId") == projectId)
                .order(Column("kind"), Column("value")).fetchAll(db).map(\.attribute)
        }
    }

    /// What a file names and triggers, in the order stored.
    package func mentions(fileId: Int64) throws -> [FileMention] {
        try read { db in
            try FileMentionRecord.filter(Column("fileId") == fileId).order(Column("id")).fetchAll(db).map(\.mention)
        }
    }

    /// Every feature and mention of a project's files, with each file's path: what the project's
    /// attributes are concluded from (the stored rows, so unchanged files need not be analysed again).
    package func projectEvidence(
        projectId: Int64
    ) throws -> (
        features: [(path: String, feature: FileFeature)], mentions: [(path: String, mention: FileMention)]
    ) {
        try read { db in
            let featureRows = try Row.fetchAll(
                db,
                sql: """
                    SELECT file.path, f.kind, f.name, f.value, f.line FROM fileFeature f
                    JOIN file ON file.id = f.fileId WHERE file.projectId = ? ORDER BY file.path, f.id
                    """, arguments: [projectId])
            let features = featureRows.compactMap { row -> (path: String, feature: FileFeature)? in
                guard let kind = FileFeature.Kind(rawValue: row["kind"]) else { return nil }
                return (row["path"], FileFeature(kind, row["name"], value: row["value"], line: row["line"]))
            }
            let mentionRows = try Row.fetchAll(
                db,
                sql: """
                    SELECT file.path, m.kind, m.name, m.line, m.detail FROM fileMention m
                    JOIN file ON file.id = m.fileId WHERE file.projectId = ? ORDER BY file.path, m.id
                    """, arguments: [projectId])
            let mentions = mentionRows.compactMap { row -> (path: String, mention: FileMention)? in
                guard let kind = FileMention.Kind(rawValue: row["kind"]) else { return nil }
                return (row["path"], FileMention(kind, row["name"], line: row["line"], detail: row["detail"]))
            }
            return (features, mentions)
        }
    }

    /// Each file's role, by path, and how many files have a role (for the project's summary).
    package func fileRoles(projectId: Int64) throws -> [String: String?] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT path, role FROM file WHERE projectId = ?", arguments: [projectId])
            return Dictionary(
                rows.map { ($0["path"] as String, $0["role"] as String?) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
