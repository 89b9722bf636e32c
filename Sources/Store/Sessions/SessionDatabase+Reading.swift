import Foundation
import GRDB

extension SessionDatabase {
    /// Every session, oldest first.
    package func sessions() throws -> [SessionRecord] {
        try read { db in try SessionRecord.order(Column("startedAt"), Column("id")).fetchAll(db) }
    }

    /// The session with a name, or `last` for the most recently started one.
    ///
    /// - Throws: `SessionStoreError.noSuchSession`.
    package func session(named name: String) throws -> SessionRecord {
        try read { db in
            let found =
                name == "last"
                ? try SessionRecord.order(Column("startedAt").desc, Column("id").desc).fetchOne(db)
                : try SessionRecord.filter(Column("name") == name).fetchOne(db)
            guard let found else { throw SessionStoreError.noSuchSession(name) }
            return found
        }
    }

    /// The session with an id, if it exists.
    package func session(id: Int64) throws -> SessionRecord? {
        try read { db in try SessionRecord.fetchOne(db, key: id) }
    }

    /// A session's epochs, by model then epoch.
    package func epochs(sessionId: Int64) throws -> [EpochRecord] {
        try read { db in
            try EpochRecord.filter(Column("sessionId") == sessionId).order(Column("model"), Column("epoch")).fetchAll(
                db)
        }
    }

    /// A session's findings: static ones first, then by first epoch, code and position.
    package func findings(sessionId: Int64) throws -> [FindingRecord] {
        let records = try read { db in try FindingRecord.filter(Column("sessionId") == sessionId).fetchAll(db) }
        return records.sorted(by: FindingRecord.displayOrder)
    }

    /// The exception a session's script died of, if it did.
    package func crash(sessionId: Int64) throws -> CrashRecord? {
        try read { db in try CrashRecord.filter(Column("sessionId") == sessionId).fetchOne(db) }
    }

    /// A session's received events, in order.
    package func events(sessionId: Int64) throws -> [EventRecord] {
        try read { db in try EventRecord.filter(Column("sessionId") == sessionId).order(Column("sequence")).fetchAll(db)
        }
    }

    /// A session's source locations.
    package func sourceLocations(sessionId: Int64) throws -> [SourceLocationRecord] {
        try read { db in
            try SourceLocationRecord.filter(Column("sessionId") == sessionId).order(Column("id")).fetchAll(db)
        }
    }

    /// The findings located in a file, from the most recent session that has any there, written
    /// after `revision` (0: all). For the editor: show them, remember `revision()`, and poll.
    package func findings(inFile path: String, changedAfter revision: Int64 = 0) throws -> [FindingRecord] {
        try read { db in
            guard
                let sessionId = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT f.sessionId FROM finding f JOIN session s ON s.id = f.sessionId
                        WHERE f.path = ? ORDER BY s.startedAt DESC, s.id DESC LIMIT 1
                        """, arguments: [path])
            else { return [] }
            return
                try FindingRecord
                .filter(Column("sessionId") == sessionId && Column("path") == path && Column("revision") > revision)
                .fetchAll(db)
                .sorted(by: FindingRecord.displayOrder)
        }
    }

    /// A counter that grows with every write a reader may care about (a session started or
    /// ended, an epoch or finding stored). Cheap to poll from another process: when it has not
    /// changed, nothing needs re-reading. A snapshot (`isSnapshot`) reports the file's revision.
    package func revision() throws -> Int64 {
        try read(ofFile: true) { db in try Int64.fetchOne(db, sql: "SELECT value FROM storeRevision WHERE id = 1") ?? 0
        }
    }
}

extension FindingRecord {
    /// Static findings first, then by first epoch, code, file and line.
    static func displayOrder(_ a: FindingRecord, _ b: FindingRecord) -> Bool {
        let stageA = a.stage == .static ? 0 : 1, stageB = b.stage == .static ? 0 : 1
        if stageA != stageB { return stageA < stageB }
        let epochA = a.epochs.first ?? -1, epochB = b.epochs.first ?? -1
        if epochA != epochB { return epochA < epochB }
        if a.code != b.code { return a.code < b.code }
        return (a.path ?? "", a.line ?? 0, a.key) < (b.path ?? "", b.line ?? 0, b.key)
    }
}
