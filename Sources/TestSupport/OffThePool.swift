import Foundation

/// Runs long synchronous work (seconds of CPU, a child process waited on) on a thread of its own
/// and suspends the calling test until it ends. Swift Testing runs tests on the cooperative pool,
/// which has one thread per core: on a 2-core machine two synchronous tests that each compute for
/// a minute hold the whole pool, and every asynchronous test (the in-process language server's)
/// stalls until its timeouts fire. Work passed here leaves the pool free.
///
/// `body` must not record issues itself (a bare thread has no current test): return what went
/// wrong and record it in the test.
package func offTheTestPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 16 << 20
        thread.start()
    }
}

/// `offTheTestPool` for the heaviest work (a training, a whole comparison), one at a time across
/// suites (`HeavyWorkGate`).
package func heavyWorkOffTheTestPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await HeavyWorkGate.shared.run { try await offTheTestPool(body) }
}
