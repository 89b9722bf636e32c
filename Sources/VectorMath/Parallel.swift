import Dispatch
import Foundation

/// VectorMath's own parallel loops (the scans between BLAS calls): a range cut into chunks run
/// on Dispatch's pool, as wide as the cores. Never called while a BLAS call runs (see `BLAS`).
enum Parallel {
    /// `0 ..< count` cut into at most four chunks per core, each at least `minimumChunk` long.
    static func chunks(_ count: Int, minimumChunk: Int = 256) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let chunks = max(
            1, min(ProcessInfo.processInfo.activeProcessorCount * 4, (count + minimumChunk - 1) / minimumChunk))
        let size = (count + chunks - 1) / chunks
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// Runs `body(chunkNumber, chunk)` on each of `chunks`, concurrently; returns when all have
    /// run. `body` must only write what its chunk (or its chunk number) owns.
    static func forEach(_ chunks: [Range<Int>], _ body: (Int, Range<Int>) -> Void) {
        if chunks.count <= 1 { return chunks.first.map { body(0, $0) } ?? () }
        withoutActuallyEscaping(body) { body in
            // `concurrentPerform` wants a `@Sendable` closure; `body` (which writes through
            // pointers) is not one. Unchecked here, and sound: `concurrentPerform` returns only
            // after every chunk has run, and each chunk writes only what it owns (the contract above).
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: chunks.count) { body($0, chunks[$0]) }
        }
    }

    /// Runs `body` on disjoint chunks covering `0 ..< count`, concurrently.
    static func forEachChunk(_ count: Int, minimumChunk: Int = 256, _ body: (Range<Int>) -> Void) {
        forEach(chunks(count, minimumChunk: minimumChunk)) { body($1) }
    }
}
