import CBLAS
import Foundation

/// OpenBLAS, as VectorMath uses it: the one file that imports `CBLAS`, so the C API stays behind
/// this module (no other target may import it).
///
/// **Threads.** OpenBLAS keeps one pool of worker threads for the whole process and splits each
/// large call (a GEMM of a few million multiply-adds or more; small ones run on the caller's
/// thread) across it. Debian's pthread build sizes that pool by the cores it sees, up to 64.
/// VectorMath pins it once, before its first call: to `$OPENBLAS_NUM_THREADS` when that is set
/// (the user's choice, which OpenBLAS also reads itself), else to the cores this process may run
/// on (`ProcessInfo.activeProcessorCount`, which honours CPU affinity) — two on the machines CI
/// uses. One GEMM at a time then keeps every core busy; VectorMath never calls BLAS from several
/// threads at once, and its own parallel loops (the selection after each GEMM) run between BLAS
/// calls, not beside them, so cores are not oversubscribed. `setThreadCount(_:)` changes the pin
/// (a benchmark giving both sides the same cores, a server leaving one core to the editor).
/// OpenBLAS's calls are safe from any thread.
package enum BLAS {
    private static let pinned: Void = {
        let variable = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) }
        openblas_set_num_threads(Int32(clamping: max(1, variable ?? ProcessInfo.processInfo.activeProcessorCount)))
    }()

    /// Stops OpenBLAS's worker threads until a BLAS call needs them. The pthread build starts
    /// them when the library loads, and each spins (`sched_yield`) for about 0.1 s before it
    /// sleeps: a `umlaut check` of one file spent as much CPU in them as on its own work, and a
    /// language server shared the cores with them while it analysed the first document. `umlaut`
    /// calls this at start; the first multi-threaded BLAS call starts the threads again (as
    /// OpenBLAS does after a `fork`, whose handler stops them the same way).
    package static func stopIdleThreads() {
        _ = blas_thread_shutdown_()
    }

    /// The number of threads one BLAS call may use.
    package static var threadCount: Int {
        _ = pinned
        return Int(openblas_get_num_threads())
    }

    /// Pins the number of threads one BLAS call may use (at least 1).
    package static func setThreadCount(_ count: Int) {
        _ = pinned
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// `c[m × n] = alpha · a[m × depth] · b[n × depth]ᵀ`: both operands row-major with rows of
    /// `depth` entries, so row `i` of `a` meets row `j` of `b` in `c[i * n + j]`.
    static func multiplyByTranspose(
        _ a: UnsafePointer<Float>, rows m: Int,
        _ b: UnsafePointer<Float>, rows n: Int,
        depth: Int, alpha: Float, into c: UnsafeMutablePointer<Float>
    ) {
        _ = pinned
        precondition(
            m <= Int32.max && n <= Int32.max && depth <= Int32.max, "BLAS: a block larger than 32-bit BLAS allows")
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            blasint(m), blasint(n), blasint(depth),
            alpha, a, blasint(depth), b, blasint(depth),
            0, c, blasint(n))
    }
}

extension BLAS {
    /// `c[m × n] = alpha · op(a) · op(b) + beta · c`, all row-major; `op` transposes when asked.
    /// `a` is `m × depth` (or `depth × m` transposed), `b` is `depth × n` (or `n × depth`).
    static func multiply(
        _ a: UnsafePointer<Float>, transposed transposeA: Bool, _ b: UnsafePointer<Float>,
        transposed transposeB: Bool, m: Int, n: Int, depth: Int, alpha: Float = 1, beta: Float = 0,
        into c: UnsafeMutablePointer<Float>
    ) {
        _ = threadCount
        precondition(
            m <= Int32.max && n <= Int32.max && depth <= Int32.max, "BLAS: a block larger than 32-bit BLAS allows")
        guard m > 0, n > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(depth),
            alpha, a, blasint(transposeA ? m : depth), b, blasint(transposeB ? depth : n),
            beta, c, blasint(n))
    }
}
