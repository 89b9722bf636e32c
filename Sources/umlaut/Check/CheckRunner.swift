import Dispatch
import LintCore
import PythonSyntax
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks many files on a fixed pool of worker threads, each with its own `Parser`.
///
/// Workers take the next job from a shared atomic counter (so a huge file does not hold up a
/// whole pre-assigned share) and store each outcome at the job's index; outcomes come back in
/// job order, so the output never depends on scheduling.
enum CheckRunner {
    /// Threads to use: one per online CPU.
    static var defaultThreadCount: Int {
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    static func run(_ jobs: [FileChecker.Job], checker: FileChecker, threads: Int) -> [FileOutcome] {
        let workers = max(1, min(threads, jobs.count))
        if workers == 1 {
            let parser = Parser()
            return jobs.map { checker.check($0, parser: parser) }
        }
        let next = Atomic<Int>(0)
        let results = Mutex<[FileOutcome?]>(Array(repeating: nil, count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let parser = Parser()
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let outcome = checker.check(jobs[index], parser: parser)
                results.withLock { $0[index] = outcome }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
