import Foundation
import LintCore
import PythonSyntax
import Synchronization

/// Checks many files on a fixed pool of worker threads, each with its own `Parser`.
///
/// Workers take the next job from a shared atomic counter (so a huge file does not hold up a
/// whole pre-assigned share) and store each outcome at the job's index; outcomes come back in
/// job order, so the output never depends on scheduling. Plain threads rather than
/// `DispatchQueue.concurrentPerform`, which on Linux may run every iteration on the calling
/// thread before its pool has started a second one.
enum CheckRunner {
    /// Threads to use: one per CPU this process may run on.
    static var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// What the workers share: the next job's index and the outcomes by index.
    private final class Work: Sendable {
        let jobs: [FileChecker.Job]
        let checker: FileChecker
        let next = Atomic<Int>(0)
        let results: Mutex<[FileOutcome?]>

        init(jobs: [FileChecker.Job], checker: FileChecker) {
            self.jobs = jobs
            self.checker = checker
            results = Mutex(Array(repeating: nil, count: jobs.count))
        }

        /// Checks jobs until none is left.
        func drain() {
            let parser = Parser()
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let outcome = checker.check(jobs[index], parser: parser)
                results.withLock { $0[index] = outcome }
            }
        }
    }

    static func run(_ jobs: [FileChecker.Job], checker: FileChecker, threads: Int) -> [FileOutcome] {
        let work = Work(jobs: jobs, checker: checker)
        let helpers = max(0, min(threads, jobs.count) - 1)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<helpers {
            let thread = Thread {
                work.drain()
                finished.signal()
            }
            // Deeply nested code makes deep recursion in the analysis: give workers the main
            // thread's stack size rather than the small default of secondary threads.
            thread.stackSize = 8 << 20
            thread.start()
        }
        work.drain()
        for _ in 0..<helpers { finished.wait() }
        return work.results.withLock { $0.map { $0! } }
    }
}
