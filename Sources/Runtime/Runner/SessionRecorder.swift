import Foundation
import Store

/// Stores a run as it happens, and never loses what it received.
///
/// Each received line, epoch and finding is written in its own short transaction as it
/// arrives. When the database cannot be opened or written (read-only, locked for longer than
/// the busy timeout, on a full disk), the recorder says so once, keeps everything in memory and
/// tries again at most every `retryInterval`; what is still unsaved at the end goes to a JSON
/// Lines file beside the database (or in the temporary directory) whose path it prints. The
/// training is never held up for more than one busy timeout per retry. A damaged database (or
/// one of a newer schema) is never retried nor written: the events go to the file.
///
/// Not thread-safe: used on the runner's thread only.
final class SessionRecorder {
    private enum Pending {
        case event(sequence: Int, receivedAt: Date, kind: String?, payload: String)
        case epoch(EpochRecord)
        case finding(FindingRecord)
        case location(SourceLocationRecord)
        case crash(CrashRecord)
    }

    let databasePath: String
    private let open: () throws -> SessionDatabase
    private let retryInterval: TimeInterval
    private let report: (String) -> Void
    private var database: SessionDatabase?
    private var template: SessionRecord
    private(set) var session: SessionRecord?
    private var pending: [Pending] = []
    private var lastAttempt: Date?
    private var reportedFailure = false
    /// Set when the database is damaged (or of a newer schema): it is never written again in this run.
    private(set) var abandoned = false
    /// Whether the last write failed (then writes are retried at most every `retryInterval`).
    private var degraded = false
    /// How many lines were received (the next one's sequence number).
    private(set) var eventCount = 0

    init(
        databasePath: String, session: SessionRecord, retryInterval: TimeInterval = 10,
        open: @escaping () throws -> SessionDatabase, report: @escaping (String) -> Void
    ) {
        self.databasePath = databasePath
        self.template = session
        self.open = open
        self.retryInterval = retryInterval
        self.report = report
    }

    /// Opens the database and creates the session; on failure the run goes on unrecorded for now.
    func start() {
        connect(force: true)
    }

    /// The session's name as stored, or as it will be.
    var sessionName: String { session?.name ?? template.name }

    /// Whether everything received so far is in the database.
    var isUpToDate: Bool { session != nil && pending.isEmpty }

    func recordEvent(kind: String?, payload: String) {
        pending.append(.event(sequence: eventCount, receivedAt: Date(), kind: kind, payload: payload))
        eventCount += 1
        flush()
    }

    func recordEpoch(_ epoch: EpochRecord) {
        pending.append(.epoch(epoch))
        flush()
    }

    func recordFinding(_ finding: FindingRecord) {
        pending.append(.finding(finding))
        flush()
    }

    func recordCrash(_ crash: CrashRecord) {
        pending.append(.crash(crash))
        flush()
    }

    func recordLocation(_ location: SourceLocationRecord) {
        pending.append(.location(location))
        flush()
    }

    /// Marks the session ended, retrying the database once more if needed. Returns the path of
    /// the fallback file when some events could not be stored.
    func finish(status: SessionRecord.Status, exitCode: Int?, note: String?) -> String? {
        template.status = status
        template.exitCode = exitCode
        template.note = note ?? template.note
        template.endedAt = Date()
        connect(force: true)
        flush(force: true)
        if !abandoned, let database, let id = session?.id, pending.isEmpty {
            do {
                try database.finishSession(id: id, status: status, exitCode: exitCode, note: note)
                return nil
            } catch {
                fail(error)
            }
        }
        return writeFallback()
    }

    /// Sets the note stored with the session (`instrumentation could not attach: ...`).
    func setNote(_ note: String) { template.note = note }

    // MARK: - Private

    private func connect(force: Bool) {
        guard session == nil, !abandoned else { return }
        if !force, let lastAttempt, Date().timeIntervalSince(lastAttempt) < retryInterval { return }
        lastAttempt = Date()
        do {
            let database = try self.database ?? open()
            self.database = database
            session = try database.startSession(template)
        } catch {
            fail(error)
        }
    }

    private func flush(force: Bool = false) {
        connect(force: false)
        guard !abandoned, let database, let sessionId = session?.id, !pending.isEmpty else { return }
        if !force, degraded, let lastAttempt, Date().timeIntervalSince(lastAttempt) < retryInterval { return }
        lastAttempt = Date()
        do {
            while let next = pending.first {
                switch next {
                case .event(let sequence, let receivedAt, let kind, let payload):
                    try database.appendEvent(
                        EventRecord(
                            sessionId: sessionId, sequence: sequence, receivedAt: receivedAt, kind: kind,
                            payload: payload))
                case .epoch(var epoch):
                    epoch.sessionId = sessionId
                    try database.saveEpoch(epoch)
                case .finding(var finding):
                    finding.sessionId = sessionId
                    try database.saveFinding(finding)
                case .location(var location):
                    location.sessionId = sessionId
                    try database.saveSourceLocation(location)
                case .crash(var crash):
                    crash.sessionId = sessionId
                    try database.saveCrash(crash)
                }
                pending.removeFirst()
            }
            degraded = false
        } catch let error as SessionStoreError {
            fail(error)
        } catch {
            // A record the schema refuses (should not happen): drop that one, keep the rest.
            pending.removeFirst()
            report("could not store a record: \(error)")
        }
    }

    private func fail(_ error: any Error) {
        degraded = true
        if let error = error as? SessionStoreError, error.isPermanent, !abandoned {
            // A damaged file is left as it is: no retry could succeed, and writing into it can only harm it.
            abandoned = true
            database = nil
            report(
                "cannot record the session: \(error); umlaut stops writing to it. The training goes on, and its events "
                    + "are saved to a separate file at the end")
            reportedFailure = true
            return
        }
        guard !reportedFailure else { return }
        reportedFailure = true
        report("cannot record the session: \(error); the training goes on, and umlaut keeps its events and tries again")
    }

    /// Writes the raw events not stored to a JSON Lines file; returns its path.
    private func writeFallback() -> String? {
        let lines = pending.compactMap { item -> String? in
            if case .event(_, _, _, let payload) = item { return payload }
            return nil
        }
        guard !pending.isEmpty else { return nil }
        let name = "unsaved-\(template.name)-\(getpid()).jsonl"
        let directory = (databasePath as NSString).deletingLastPathComponent
        let data = Data((lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")).utf8)
        for candidate in [directory, NSTemporaryDirectory()] where !candidate.isEmpty {
            let path = (candidate as NSString).appendingPathComponent(name)
            if FileManager.default.createFile(atPath: path, contents: data) { return path }
        }
        return nil
    }
}

extension SessionStoreError {
    /// Errors no retry can cure within a run: the file is damaged, or not ours to write.
    var isPermanent: Bool {
        switch self {
        case .notADatabase, .newerSchema: true
        default: false
        }
    }
}
