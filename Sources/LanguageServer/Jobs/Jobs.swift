import LSPTypes

/// A long job's number among the server's jobs.
struct JobID: Hashable, Comparable, Sendable, CustomStringConvertible {
    let value: Int

    static func < (lhs: JobID, rhs: JobID) -> Bool { lhs.value < rhs.value }
    var description: String { "job \(value)" }
}

/// What the server asks of a job it stops.
enum JobStop: Sendable, Equatable {
    /// End soon, and say why: the user cancelled the job's progress ("cancelled"), or the
    /// server shuts down.
    case stop(reason: String)
    /// End now: `shutdown` waited `Jobs.shutdownGrace` for the job in vain.
    case kill
    /// The server exits this instant (after `exit`, or when the client closed the connection):
    /// whatever the job does later is heard by nobody.
    case exit
}

/// The long jobs the server runs for the client (a run started from the editor today; project
/// indexing and model comparison next) and their work-done progress.
///
/// A feature starts a job with `startJob` (`LanguageServer+Jobs.swift`), giving a title and how
/// the job is stopped; it reports with `reportJob` and ends with `endJob`, exactly once. The job
/// then needs no progress code of its own:
///
/// - **Progress.** With the request's `workDoneToken`, the client's token is used; otherwise,
///   for a client with `window.workDoneProgress`, the server creates a token
///   (`window/workDoneProgress/create`) and begins once the client answered. A client without
///   progress support sees nothing, and the job runs all the same. The latest message is
///   remembered: a `begin` sent late carries it. A job that ends before the client answered the
///   creation gets its `begin` and `end` once it answers (nothing if it refuses).
/// - **Cancellation.** `window/workDoneProgress/cancel` with a cancellable job's token asks it
///   to `.stop(reason: "cancelled")`.
/// - **Shutdown.** `shutdown` asks every job to stop, waits up to `shutdownGrace` for them to
///   end, then asks what is left to `.kill`; the end of the session asks the rest to `.exit`.
///
/// A value owned by the server actor (`jobs`); its `Stop` handlers run on the actor.
struct Jobs: Sendable {
    /// How a job (the `JobID`) is asked to stop; it answers by ending (`endJob`), now or later.
    typealias Stop = @Sendable (isolated LanguageServer, JobID, JobStop) -> Void

    /// One job while it runs.
    struct Job: Sendable {
        /// Shown by the client ("Umlaut: train.py").
        let title: String
        /// Whether the client may cancel it.
        let cancellable: Bool
        var progress: Progress
        /// The latest message (`startJob`'s, then `reportJob`'s).
        var message: String?
        var percentage: Int?
        let stop: Stop
    }

    /// The state of a job's work-done progress.
    enum Progress: Equatable, Sendable {
        /// No progress: the client cannot show one (or would not create it), or `begin` is not
        /// sent yet.
        case none
        /// `window/workDoneProgress/create` was sent; no answer yet.
        case creating(ProgressToken)
        /// `begin` was sent.
        case active(ProgressToken)

        var token: ProgressToken? {
            switch self {
            case .none: nil
            case .creating(let token), .active(let token): token
            }
        }
    }

    /// The jobs that have not ended.
    var running: [JobID: Job] = [:]
    /// Jobs that ended before the client answered the creation of their progress: their title
    /// and last message, sent as `begin` and `end` once it answers.
    var endedBeforeCreated: [ProgressToken: (title: String, message: String?)] = [:]
    var lastID = 0

    /// How long `shutdown` waits for the stopped jobs to end.
    static let shutdownGrace = Duration.seconds(3)

    /// The running jobs, oldest first.
    var inOrder: [(id: JobID, job: Job)] {
        running.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
