/// One heavy test at a time across suites: the model-comparison tests each train or run PyTorch
/// for tens of seconds with several threads and processes. Run side by side at the start of
/// `swift test`, three of them took both cores of a 2-core machine for half a minute and the
/// language server's in-process tests, which need a little CPU now and then, missed their waits.
/// Waiting here suspends the test; it holds no thread of the cooperative pool.
package actor HeavyWorkGate {
    package static let shared = HeavyWorkGate()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` when no other heavy work runs, and lets the next one in when it ends (or throws).
    package nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}
