import Foundation
import GRDB

/// A fitted file-vector model as stored (v3's `embeddingModel`): enough to project a file that
/// was not part of the fit into the same space as the stored vectors.
package struct EmbeddingModelRecord: Sendable, Equatable {
    /// The embedding's name, the `model` of its `EmbeddingRecord`s (`tfidf-svd`).
    package var name: String
    package var dimension: Int
    /// The terms, in column order.
    package var vocabulary: [String]
    /// One weight per term.
    package var inverseDocumentFrequencies: [Float]
    /// `dimension × vocabulary.count`, row-major: the SVD's right singular vectors.
    package var axes: [Float]
    /// How many files the model was fitted on, and the index revision it was fitted at.
    package var fileCount: Int
    package var revision: Int64
    package var fittedAt: Date

    package init(
        name: String, dimension: Int, vocabulary: [String], inverseDocumentFrequencies: [Float], axes: [Float],
        fileCount: Int, revision: Int64, fittedAt: Date = Date()
    ) {
        self.name = name
        self.dimension = dimension
        self.vocabulary = vocabulary
        self.inverseDocumentFrequencies = inverseDocumentFrequencies
        self.axes = axes
        self.fileCount = fileCount
        self.revision = revision
        self.fittedAt = fittedAt
    }
}

/// An indexed file with its project: where a vector's file is.
package struct IndexedFilePlace: Sendable, Hashable {
    package var project: ProjectRecord
    package var file: IndexedFileRecord
}

extension ProjectIndexDatabase {
    /// Every file's stored terms (`FileTerms.encode`d), by file id.
    package func fileTerms() throws -> [(fileId: Int64, terms: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT fileId, terms FROM fileTerms ORDER BY fileId").map { row in
                (fileId: row["fileId"] as Int64, terms: row["terms"] as String)
            }
        }
    }

    /// The paths of a project's files that have no stored terms (indexed before v3).
    package func pathsWithoutTerms(projectId: Int64) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT path FROM file WHERE projectId = ?
                    AND NOT EXISTS (SELECT 1 FROM fileTerms t WHERE t.fileId = file.id)
                    """, arguments: [projectId])
        }
    }

    /// The files that have terms but no vector of `model`: changed or new since the vectors
    /// were last written.
    package func filesWithoutEmbedding(model: String) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT t.fileId FROM fileTerms t
                    WHERE NOT EXISTS (SELECT 1 FROM embedding e WHERE e.fileId = t.fileId AND e.model = ?)
                    ORDER BY t.fileId
                    """, arguments: [model])
        }
    }

    /// The stored model called `name`, if one was fitted.
    package func embeddingModel(name: String) throws -> EmbeddingModelRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM embeddingModel WHERE name = ?", arguments: [name])
            else { return nil }
            let vocabulary = (row["vocabulary"] as String).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            return EmbeddingModelRecord(
                name: row["name"], dimension: row["dimension"], vocabulary: vocabulary.first == "" ? [] : vocabulary,
                inverseDocumentFrequencies: Self.floats(row["idf"]), axes: Self.floats(row["axes"]),
                fileCount: row["fileCount"], revision: row["revision"], fittedAt: row["fittedAt"])
        }
    }

    /// Writes vectors of one model in one transaction: with `model`, the model is stored (replacing
    /// the previous one) and every earlier vector of that name is dropped first (a refit: old
    /// vectors live in another space); without, the vectors are added to the stored model's.
    package func saveEmbeddings(
        name: String, model: EmbeddingModelRecord?, vectors: [(fileId: Int64, values: [Float])]
    )
        throws
    {
        try write { db in
            if let model {
                try EmbeddingRecord.filter(Column("model") == name).deleteAll(db)
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO embeddingModel
                        (name, dimension, vocabulary, idf, axes, fileCount, revision, fittedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        name, model.dimension, model.vocabulary.joined(separator: "\n"),
                        Self.data(model.inverseDocumentFrequencies), Self.data(model.axes), model.fileCount,
                        model.revision, model.fittedAt,
                    ])
            }
            for (fileId, values) in vectors {
                try EmbeddingRecord(fileId: fileId, model: name, values: values).insert(db, onConflict: .replace)
            }
            _ = try Self.bumpRevision(db)
        }
    }

    /// Where each of these files is: its row and its project's.
    package func places(fileIds: [Int64]) throws -> [Int64: IndexedFilePlace] {
        try read { db in
            var projects: [Int64: ProjectRecord] = [:]
            var result: [Int64: IndexedFilePlace] = [:]
            for chunk in stride(from: 0, to: fileIds.count, by: 500).map({ fileIds[$0..<min($0 + 500, fileIds.count)] })
            {
                for file in try IndexedFileRecord.filter(keys: Array(chunk)).fetchAll(db) {
                    guard let id = file.id else { continue }
                    if projects[file.projectId] == nil {
                        projects[file.projectId] = try ProjectRecord.fetchOne(db, key: file.projectId)
                    }
                    if let project = projects[file.projectId] {
                        result[id] = IndexedFilePlace(project: project, file: file)
                    }
                }
            }
            return result
        }
    }

    /// The indexed file at this absolute path: a file of a directory project whose root holds it.
    package func place(absolutePath: String) throws -> IndexedFilePlace? {
        try read { db in
            for project in try ProjectRecord.filter(Column("source") == ProjectRecord.Source.directory.rawValue)
                .fetchAll(db)
            {
                let prefix = project.root.hasSuffix("/") ? project.root : project.root + "/"
                guard absolutePath.hasPrefix(prefix), let projectId = project.id else { continue }
                let relative = String(absolutePath.dropFirst(prefix.count))
                if let file = try IndexedFileRecord.filter(
                    Column("projectId") == projectId && Column("path") == relative
                )
                .fetchOne(db) {
                    return IndexedFilePlace(project: project, file: file)
                }
            }
            return nil
        }
    }

    static func data(_ values: [Float]) -> Data {
        var bytes = Data(capacity: values.count * 4)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    static func floats(_ data: Data) -> [Float] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            Float(
                bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                    | UInt32(bytes[offset + 3]) << 24)
        }
    }
}

extension SearchHit {
    /// A file found by its vector's distance to another file's.
    package init(place: IndexedFilePlace, distance: Double, reason: String) {
        self.init(
            project: place.project.name, projectRoot: place.project.root, path: place.file.path, line: nil,
            reasons: [reason], snippet: nil, score: nil, distance: distance)
    }
}
