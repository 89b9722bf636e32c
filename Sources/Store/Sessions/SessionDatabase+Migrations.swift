import GRDB

extension SessionDatabase {
    /// The schema's history. Migrations are never edited once shipped: a change is a new
    /// migration appended here.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions, events, epochs, findings, source locations") { db in
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("script", .text).notNull()
                t.column("arguments", .jsonText).notNull()
                t.column("python", .text).notNull()
                t.column("workingDirectory", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("endedAt", .datetime)
                t.column("status", .text).notNull()
                    .check { ["running", "completed", "failed", "killed"].contains($0) }
                t.column("exitCode", .integer)
                t.column("note", .text)
                t.column("umlautPID", .integer)
            }
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("sequence", .integer).notNull().check { $0 >= 0 }
                t.column("receivedAt", .datetime).notNull()
                t.column("kind", .text)
                t.column("payload", .text).notNull()
                t.uniqueKey(["sessionId", "sequence"])
            }
            try db.create(table: "epoch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("model", .text).notNull()
                t.column("epoch", .integer).notNull().check { $0 >= 0 }
                t.column("duration", .double)
                t.column("learningRate", .double)
                t.column("metrics", .jsonText).notNull()
                t.column("receivedAt", .datetime).notNull()
                t.uniqueKey(["sessionId", "model", "epoch"])
            }
            try db.create(table: "finding") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("key", .text).notNull()
                t.column("stage", .text).notNull().check { ["static", "runtime"].contains($0) }
                t.column("code", .text).notNull()
                t.column("name", .text).notNull()
                t.column("severity", .text).notNull().check { ["error", "warning", "info", "hint"].contains($0) }
                t.column("message", .text).notNull()
                t.column("path", .text).indexed()
                t.column("line", .integer).check { $0 >= 1 }
                t.column("column", .integer).check { $0 >= 1 }
                t.column("endLine", .integer)
                t.column("endColumn", .integer)
                t.column("help", .text)
                t.column("fix", .jsonText)
                t.column("related", .jsonText).notNull()
                t.column("epochs", .jsonText).notNull()
                t.column("revision", .integer).notNull().indexed()
                t.uniqueKey(["sessionId", "key"])
            }
            try db.create(table: "sourceLocation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("role", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("path", .text).notNull()
                t.column("line", .integer).notNull().check { $0 >= 1 }
                t.uniqueKey(["sessionId", "role", "subject", "path", "line"])
            }
            // One row, bumped by every write a reader may care about (sessions, epochs,
            // findings): another process polls it to learn that something changed.
            try db.create(table: "storeRevision") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("value", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO storeRevision (id, value) VALUES (1, 0)")
        }
        migrator.registerMigration("v2: the exception a session's script died of") { db in
            try db.create(table: "crash") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull().unique()
                t.column("exceptionType", .text).notNull()
                t.column("message", .text).notNull()
                t.column("path", .text)
                t.column("line", .integer).check { $0 >= 1 }
                t.column("column", .integer).check { $0 >= 1 }
                t.column("endLine", .integer)
                t.column("endColumn", .integer)
                t.column("kind", .text)
                t.column("cause", .jsonText)
                t.column("frames", .jsonText).notNull()
                t.column("revision", .integer).notNull()
            }
        }
        // The one short line editors show inline; null in findings stored before it existed.
        migrator.registerMigration("v3: finding summary") { db in
            try db.alter(table: "finding") { t in
                t.add(column: "summary", .text)
            }
        }
        // Structure that earlier versions wrote as prose: a related place's role was a prefix of
        // its message (`root cause`, `the symptom` and a colon), a runtime message began with the epoch
        // it was last updated at ("Epoch 4: ", "Epochs 3–7: ", "When training starts: "), which
        // readers now word from `epochs`, and a fix's applicability was a string inside its JSON.
        // Severity was already checked by v1.
        migrator.registerMigration("v4: related roles, fix applicability, messages without epoch labels") { db in
            try db.alter(table: "finding") { t in
                t.add(column: "fixApplicability", .text).check { ["safe", "unsafe", "display-only"].contains($0) }
            }
            try db.execute(
                sql: """
                    UPDATE finding SET fixApplicability = json_extract(fix, '$.applicability'),
                                       fix = json_remove(fix, '$.applicability')
                    WHERE fix IS NOT NULL;
                    UPDATE finding SET related = (
                        SELECT json_group_array(json_set(place.value,
                            '$.role', CASE
                                WHEN finding.stage = 'runtime' AND json_extract(place.value, '$.message') GLOB 'root cause: *' THEN 'rootCause'
                                WHEN finding.stage = 'runtime' AND json_extract(place.value, '$.message') GLOB 'the symptom: *' THEN 'symptom'
                                ELSE 'context' END,
                            '$.message', CASE
                                WHEN finding.stage = 'runtime' AND json_extract(place.value, '$.message') GLOB 'root cause: *'
                                    THEN substr(json_extract(place.value, '$.message'), 13)
                                WHEN finding.stage = 'runtime' AND json_extract(place.value, '$.message') GLOB 'the symptom: *'
                                    THEN substr(json_extract(place.value, '$.message'), 14)
                                ELSE json_extract(place.value, '$.message') END))
                        FROM json_each(finding.related) AS place)
                    WHERE json_array_length(related) > 0;
                    UPDATE finding SET message = substr(message, instr(message, ': ') + 2)
                    WHERE stage = 'runtime' AND instr(message, ': ') > 0
                      AND (message GLOB 'Epoch [0-9]*' OR message GLOB 'Epochs [0-9]*' OR message GLOB 'When training starts: *');
                    UPDATE crash SET cause = json_set(cause, '$.role', 'rootCause') WHERE cause IS NOT NULL;
                    """)
        }
        return migrator
    }
}
