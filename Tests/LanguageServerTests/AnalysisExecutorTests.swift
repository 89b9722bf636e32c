import Foundation
import Testing

@testable import LanguageServer

/// `AnalysisExecutor` keeps its threads: every job starts at once, as on a thread of its own,
/// and a finished thread takes the next job instead of a new thread being made for it.
@Suite struct AnalysisExecutorTests {
    /// A job that waits for another job can finish: the second job does not queue behind it.
    @Test func jobsRunAtTheSameTime() async {
        let executor = AnalysisExecutor(idleLimit: 4)
        let other = DispatchSemaphore(value: 0)
        let first = Task.detached(executorPreference: executor) {
            // Holds its thread until the second job has run (or a minute has passed).
            other.wait(timeout: .now() + 60) == .success
        }
        let second = Task.detached(executorPreference: executor) { other.signal() }
        await second.value
        #expect(await first.value)
    }

    /// Jobs one after another run on the threads already made.
    @Test func finishedThreadsTakeTheNextJobs() async {
        let executor = AnalysisExecutor(idleLimit: 4)
        var threads: Set<String> = []
        for _ in 0..<20 {
            let name = await Task.detached(executorPreference: executor) {
                // The thread's identity, while the job runs on it.
                "\(pthread_self())"
            }.value
            threads.insert(name)
        }
        // The task's own job and its resumption can each take a thread; twenty tasks made
        // twenty or more threads before the threads were kept.
        #expect(executor.threadsStarted <= 2)
        #expect(threads.count <= 2)
    }

    /// No more than `idleLimit` threads wait for work: the others exit.
    @Test func atMostTheIdleLimitOfThreadsWait() async {
        let executor = AnalysisExecutor(idleLimit: 1)
        let release = DispatchSemaphore(value: 0)
        let tasks = (0..<3).map { _ in
            Task.detached(executorPreference: executor) { _ = release.wait(timeout: .now() + 60) }
        }
        // Three jobs at once need three threads.
        while executor.threadsStarted < 3 { try? await Task.sleep(for: .milliseconds(1)) }
        for _ in 0..<3 { release.signal() }
        for task in tasks { await task.value }
        while executor.threadsWaiting < 1 { try? await Task.sleep(for: .milliseconds(1)) }
        // Time for the other two threads to settle too: they exit rather than wait.
        try? await Task.sleep(for: .milliseconds(100))
        #expect(executor.threadsWaiting == 1)
        // The waiting thread takes the next job.
        await Task.detached(executorPreference: executor) {}.value
        #expect(executor.threadsStarted == 3)
    }
}
