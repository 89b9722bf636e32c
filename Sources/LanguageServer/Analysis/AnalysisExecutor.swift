import Foundation
import Synchronization

/// Where analyses run: each job on a thread of its own with a large stack, never on the
/// cooperative pool that the server's actor shares.
///
/// An analysis is synchronous, CPU-bound work that can take seconds on a big file; on the pool
/// (as wide as the machine has cores) two of them would leave no thread for the actor, and the
/// server would stop answering hover, `$/cancelRequest` and `shutdown`. Tasks that prefer this
/// executor (`Task.detached(executorPreference:)`) still have a task context, so
/// `Task.isCancelled` stops them between passes and rules.
final class AnalysisExecutor: TaskExecutor {
    static let shared = AnalysisExecutor()

    /// Room for deep syntax trees in whatever still recurses, far above the main thread's.
    static let stackSize = 64 << 20

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // At the same priority as the server's own threads: a lower one starves analyses on a
        // busy machine, and the scheduler already favours the actor, which mostly sleeps.
        let thread = Thread { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        thread.stackSize = Self.stackSize
        thread.name = "umlaut-lsp-analysis"
        thread.start()
    }
}

/// The analysis of one version of a unit, which any number of tasks may wait for; each wait
/// ends early, with nil, when the waiting task is cancelled (`$/cancelRequest`, a newer edit),
/// while the analysis goes on for the others.
final class PendingAnalysis: Sendable {
    private struct State {
        var done = false
        var value: AnalysisSnapshot?
        var waiters: [Int: CheckedContinuation<AnalysisSnapshot?, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// How many tasks wait: an analysis nobody waits for any more may be cancelled.
    var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Hands the result (nil when the analysis was cancelled) to every waiter, present and future.
    func resolve(_ value: AnalysisSnapshot?) {
        let waiters = state.withLock { state in
            state.done = true
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// The result, or nil when the analysis was cancelled or the waiting task is.
    func wait() async -> AnalysisSnapshot? {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<AnalysisSnapshot?, Never>) in
                let now: AnalysisSnapshot?? = state.withLock { state in
                    if state.done { return .some(state.value) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }
}
