import Foundation
import GRDB

extension SessionDatabase {
    /// Creates a session. When its name is taken, `-2`, `-3`, ... is appended (inside the same
    /// transaction, so two runs starting at once get distinct names).
    package func startSession(_ session: SessionRecord) throws -> SessionRecord {
        try write { db in
            var record = session
            let base = session.name
            var suffix = 1
            while try SessionRecord.filter(Column("name") == record.name).fetchCount(db) > 0 {
                suffix += 1
                record.name = "\(base)-\(suffix)"
            }
            try record.insert(db)
            _ = try Self.bumpRevision(db)
            return record
        }
    }

    /// Stores one received line of the event stream.
    package func appendEvent(_ event: EventRecord) throws {
        try write { db in
            var event = event
            try event.insert(db)
        }
    }

    /// Stores several received lines in one transaction (used to catch up after a failed write).
    package func appendEvents(_ events: [EventRecord]) throws {
        guard !events.isEmpty else { return }
        try write { db in
            for var event in events { try event.insert(db, onConflict: .ignore) }
        }
    }

    /// Stores an epoch's metrics; a second report of the same epoch replaces the first.
    package func saveEpoch(_ epoch: EpochRecord) throws {
        try write { db in
            var epoch = epoch
            try epoch.insert(db, onConflict: .replace)
            _ = try Self.bumpRevision(db)
        }
    }

    /// Inserts a finding, or updates the one with the same session and key (its epochs grow).
    /// Returns the record as stored, with its revision.
    @discardableResult
    package func saveFinding(_ finding: FindingRecord) throws -> FindingRecord {
        try write { db in
            var record = finding
            record.revision = try Self.bumpRevision(db)
            if let existing =
                try FindingRecord
                .filter(Column("sessionId") == finding.sessionId && Column("key") == finding.key)
                .fetchOne(db)
            {
                record.id = existing.id
                record.epochs = Array(Set(existing.epochs).union(finding.epochs)).sorted()
                try record.update(db)
            } else {
                try record.insert(db)
            }
            return record
        }
    }

    /// Stores the exception the session's script died of (a second one replaces the first).
    package func saveCrash(_ crash: CrashRecord) throws {
        try write { db in
            var record = crash
            record.revision = try Self.bumpRevision(db)
            try CrashRecord.filter(Column("sessionId") == crash.sessionId).deleteAll(db)
            try record.insert(db)
        }
    }

    /// Records where something the run used was created (ignores repeats).
    package func saveSourceLocation(_ location: SourceLocationRecord) throws {
        try write { db in
            var location = location
            try location.insert(db, onConflict: .ignore)
        }
    }

    /// Marks a session as ended.
    package func finishSession(
        id: Int64, status: SessionRecord.Status, exitCode: Int?, note: String?, at date: Date = Date()
    ) throws {
        try write { db in
            guard var session = try SessionRecord.fetchOne(db, key: id) else { return }
            session.status = status
            session.exitCode = exitCode
            session.endedAt = date
            if let note { session.note = note }
            try session.update(db)
            _ = try Self.bumpRevision(db)
        }
    }

    /// Deletes a session and everything recorded for it.
    package func deleteSession(id: Int64) throws {
        try write { db in
            _ = try SessionRecord.deleteOne(db, key: id)
            _ = try Self.bumpRevision(db)
        }
    }
}
