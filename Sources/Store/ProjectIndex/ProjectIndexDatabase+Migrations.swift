import GRDB

extension ProjectIndexDatabase {
    /// The first migration's identifier: its presence tells an index from another database.
    static let firstMigration = "v1: projects, files, file features, embeddings"

    /// The index's history, its own and not the session database's. Migrations are never edited
    /// once shipped: a change is a new migration appended here.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.create(table: "project") { t in
                t.autoIncrementedPrimaryKey("id")
                // The directory indexed, or the archive's path: what a re-index finds it by.
                t.column("root", .text).notNull().unique()
                t.column("name", .text).notNull()
                t.column("source", .text).notNull().check { ["directory", "archive"].contains($0) }
                t.column("indexedAt", .datetime).notNull()
                t.column("revision", .integer).notNull()
            }
            try db.create(table: "file") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("project", onDelete: .cascade).notNull()
                // Relative to the project's root.
                t.column("path", .text).notNull()
                t.column("kind", .text).notNull().check { ["py", "ipynb"].contains($0) }
                t.column("role", .text)
                t.column("contentHash", .text).notNull()
                t.column("size", .integer).notNull().check { $0 >= 0 }
                t.column("modifiedAt", .datetime).notNull()
                t.column("revision", .integer).notNull().indexed()
                t.uniqueKey(["projectId", "path"])
            }
            // What the analysis found in a file, one row per thing, so that a search filters
            // with an index instead of parsing JSON: `kind` says what `name` is.
            try db.create(table: "fileFeature") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("file", onDelete: .cascade).notNull()
                t.column("kind", .text).notNull()
                    .check {
                        ["framework", "layer", "activation", "loss", "optimizer", "learningRate", "dataLoader"]
                            .contains($0)
                    }
                t.column("name", .text).notNull().collate(.nocase)
                t.column("value", .double)
                t.column("line", .integer).check { $0 >= 1 }
            }
            try db.create(index: "fileFeature_on_kind_name", on: "fileFeature", columns: ["kind", "name"])
            // One vector per file and embedding model: float32, little-endian, `dimension` long.
            try db.create(table: "embedding") { t in
                t.belongsTo("file", onDelete: .cascade).notNull()
                t.column("model", .text).notNull()
                t.column("dimension", .integer).notNull().check { $0 > 0 }
                t.column("vector", .blob).notNull()
                t.primaryKey(["fileId", "model"])
                t.check(sql: "length(vector) = 4 * dimension")
            }
            // One row, bumped by every write: another process polls it to learn that the
            // index changed.
            try db.create(table: "indexRevision") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("value", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO indexRevision (id, value) VALUES (1, 0)")
        }
        migrator.registerMigration(secondMigration) { db in
            // What the indexer read from the project as a whole: its README, its licence, its size.
            try db.alter(table: "project") { t in
                t.add(column: "title", .text)
                t.add(column: "summary", .text)
                t.add(column: "licence", .text)
                t.add(column: "fileCount", .integer).notNull().defaults(to: 0)
                t.add(column: "lineCount", .integer).notNull().defaults(to: 0)
                t.add(column: "byteCount", .integer).notNull().defaults(to: 0)
            }
            try db.alter(table: "file") { t in
                t.add(column: "lineCount", .integer).notNull().defaults(to: 0)
            }
            // A project's attributes, each with the evidence it was concluded from (`evidence`:
            // words for a person; `path` and `line`: where, when one place says it).
            try db.create(table: "projectAttribute") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("project", onDelete: .cascade).notNull()
                t.column("kind", .text).notNull()
                    .check { ["framework", "domain", "task", "dataset", "model", "reference"].contains($0) }
                t.column("value", .text).notNull().collate(.nocase)
                t.column("evidence", .text).notNull()
                t.column("path", .text)
                t.column("line", .integer).check { $0 >= 1 }
            }
            try db.create(
                index: "projectAttribute_on_kind_value", on: "projectAttribute", columns: ["kind", "value"])
            // What a file names or triggers beyond v1's analysis features: datasets and model
            // families it names, Umlaut's findings (`name` is the rule code, `detail` the summary).
            try db.create(table: "fileMention") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("file", onDelete: .cascade).notNull()
                t.column("kind", .text).notNull().check { ["dataset", "model", "finding"].contains($0) }
                t.column("name", .text).notNull().collate(.nocase)
                t.column("line", .integer).check { $0 >= 1 }
                t.column("detail", .text)
            }
            try db.create(index: "fileMention_on_kind_name", on: "fileMention", columns: ["kind", "name"])
            // Full text: one row per file (its path, identifiers and feature values) and one per
            // project (fileId NULL: its name, README text and attribute values). Kept in step by
            // the writes, not by triggers: the text is the indexer's, not a column's.
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE searchText USING fts5(
                        projectId UNINDEXED, fileId UNINDEXED, path, body,
                        tokenize = "unicode61 tokenchars '_'")
                    """)
        }
        migrator.registerMigration(thirdMigration) { db in
            // A file's identifier sub-tokens with their counts (`term count` lines): what the
            // file vectors are fitted from, so a refit needs no file read again (archives included).
            try db.create(table: "fileTerms") { t in
                t.primaryKey("fileId", .integer).references("file", onDelete: .cascade)
                t.column("terms", .text).notNull()
            }
            // A fitted file-vector model: the TF-IDF vocabulary (one term a line) and its idf
            // weights, the SVD's axes (`dimension` × terms, float32), and the index revision it
            // was fitted at; what projects a file that was not in the fit.
            try db.create(table: "embeddingModel") { t in
                t.primaryKey("name", .text)
                t.column("dimension", .integer).notNull().check { $0 > 0 }
                t.column("vocabulary", .text).notNull()
                t.column("idf", .blob).notNull()
                t.column("axes", .blob).notNull()
                t.column("fileCount", .integer).notNull()
                t.column("revision", .integer).notNull()
                t.column("fittedAt", .datetime).notNull()
            }
        }
        return migrator
    }

    /// Project attributes, file mentions and full-text search.
    static let secondMigration = "v2: project attributes, file mentions, full-text search"

    /// File terms and the fitted file-vector model (`umlaut search --like`).
    static let thirdMigration = "v3: file terms, embedding model"
}
