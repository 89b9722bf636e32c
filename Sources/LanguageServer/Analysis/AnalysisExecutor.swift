import Foundation
import Synchronization

/// Where analyses run: on threads of its own with a large stack, never on the cooperative pool
/// that the server's actor shares.
///
/// An analysis is synchronous, CPU-bound work that can take seconds on a big file; on the pool
/// (as wide as the machine has cores) two of them would leave no thread for the actor, and the
/// server would stop answering hover, `$/cancelRequest` and `shutdown`. Tasks that prefer this
/// executor (`Task.detached(executorPreference:)`) still have a task context, so
/// `Task.isCancelled` stops them between passes and rules.
///
/// Every job starts at once, as on a thread of its own: a thread that waits for work takes it,
/// else a new thread does. Finished threads wait for the next job (up to `idleLimit` of them)
/// rather than exit. On a busy machine a thread created for each job ran late: Linux places a
/// new thread behind the others on its core and moves it between cores, where a thread that
/// slept is woken ahead of them. An analysis task makes two or three jobs (it resumes after each
/// `await`), so an edit paid that two or three times (`bench/lsp.sh`'s p99 with another process
/// busy on the machine).
///
/// `@unchecked Sendable`: its mutable state is read and written only under `condition`.
final class AnalysisExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = AnalysisExecutor()

    /// Room for deep syntax trees in whatever still recurses, far above the main thread's.
    static let stackSize = 64 << 20

    /// How many threads wait for work at most; the others exit when they find none.
    let idleLimit: Int

    private let condition = NSCondition()
    /// Guarded by `condition`: the jobs not yet taken, oldest first; the threads waiting; how
    /// many of those have been signalled a job and not yet woken.
    private var jobs: [UnownedJob] = []
    private var waiting = 0
    private var signalled = 0
    /// Threads started, for tests.
    private var started = 0

    init(idleLimit: Int = 2) {
        self.idleLimit = idleLimit
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        if waiting > signalled {
            signalled += 1
            condition.signal()
            condition.unlock()
            return
        }
        started += 1
        condition.unlock()
        // At the same priority as the server's own threads: a lower one starves analyses on a
        // busy machine, and the scheduler already favours the actor, which mostly sleeps.
        let thread = Thread { [self] in work() }
        thread.stackSize = Self.stackSize
        thread.name = "umlaut-lsp-analysis"
        thread.start()
    }

    /// How many threads the executor has started, for tests.
    var threadsStarted: Int {
        condition.lock()
        defer { condition.unlock() }
        return started
    }

    /// How many threads wait for work, for tests.
    var threadsWaiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return waiting
    }

    /// A thread's life: the jobs it finds, one after another, then a wait for more.
    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job.runSynchronously(on: asUnownedTaskExecutor())
                condition.lock()
                continue
            }
            if waiting >= idleLimit { break }
            waiting += 1
            condition.wait()
            waiting -= 1
            if signalled > 0 { signalled -= 1 }
        }
        condition.unlock()
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
