import CVectorKernels
import Foundation

/// umap-learn's `optimize_layout_euclidean`: edge-sampled stochastic gradient descent on the
/// fuzzy cross-entropy. Each edge is sampled in proportion to its weight (`epochsPerSample`), pulls
/// its two ends together (gradient clipped at ±4, both ends move), and is followed by
/// `negativeSampleRate` repulsions from uniformly drawn vertices (only the head moves); the
/// learning rate decays linearly to 0. One difference: an edge's repulsions are computed from
/// one place of the head and applied together (umap-learn moves the head after each), which
/// lets them run side by side (in SIMD lanes in two dimensions, from the head's place before the
/// edge's attraction, `planeEpoch`); the same trustworthiness (`bench/umap.sh`). Summing all of a head's due edges' repulsions at once
/// (10a5f88) went too far: see `planeEpoch`.
///
/// In two dimensions each epoch runs in C where the processor has AVX2 (`vm_umap_plane_epoch`:
/// an edge's five or so negative samples in one vector of eight lanes instead of two of SSE2's
/// four; the same samples drawn, the sums in another order), else in `planeEpoch`.
///
/// Parallel like umap-learn's parallel mode (Hogwild!): the edges are cut into chunks run
/// concurrently, writing the shared embedding without locks; races only lose an occasional
/// update, as in umap-learn. With `threads == 1` one chunk runs, and the result depends only on
/// the seed.
struct Layout {
    var a: Float
    var b: Float
    var gamma: Float = 1
    var initialLearningRate: Float = 1
    var negativeSampleRate: Float = 5
    /// Below this many edges the SGD runs on one thread (`optimize`).
    static let parallelEdgeMinimum = 16_384
    /// Whether the two-dimensional epochs run in CVectorKernels (`vm_umap_plane_epoch`, with
    /// AVX2 where the processor has it) rather than in `planeEpoch`; tests compare the two.
    var useWideEpoch = true

    /// Runs the SGD on `embedding` (`graph.count × dimensions`, row-major) in place.
    ///
    /// The vertices are first renumbered in breadth-first order over the graph, and the SGD
    /// runs on the renumbered copy: neighbours then sit near each other in memory, so an edge's
    /// tail is mostly in a cache line just used, and two threads working on different stretches
    /// of edges mostly write different lines (with the input's order, every tail was anywhere,
    /// and the threads kept taking lines from each other).
    func optimize(
        embedding: inout [Float], dimensions: Int, graph: FuzzyGraph, epochs: Int, seed: UInt64, threads: Int
    ) {
        let (order, local) = Self.renumberedBreadthFirst(graph)
        var placed = [Float](repeating: 0, count: embedding.count)
        for (new, old) in order.enumerated() {
            for d in 0..<dimensions { placed[new * dimensions + d] = embedding[Int(old) * dimensions + d] }
        }
        optimizeInPlace(
            embedding: &placed, dimensions: dimensions, graph: local, epochs: epochs, seed: seed, threads: threads)
        for (new, old) in order.enumerated() {
            for d in 0..<dimensions { embedding[Int(old) * dimensions + d] = placed[new * dimensions + d] }
        }
    }

    /// The graph's vertices in breadth-first order (each component from its first unvisited
    /// vertex), `order[new] = old`, and the graph renumbered so, its edges sorted by head then tail.
    static func renumberedBreadthFirst(_ graph: FuzzyGraph) -> (order: [Int32], graph: FuzzyGraph) {
        let n = graph.count
        // Rows by head (the edges may come in any order).
        var rowStart = [Int](repeating: 0, count: n + 1)
        for h in graph.heads { rowStart[Int(h) + 1] += 1 }
        for i in 0..<n { rowStart[i + 1] += rowStart[i] }
        var fill = rowStart
        var byRow = [Int](repeating: 0, count: graph.heads.count)
        for (e, h) in graph.heads.enumerated() {
            byRow[fill[Int(h)]] = e
            fill[Int(h)] += 1
        }
        var order: [Int32] = []
        order.reserveCapacity(n)
        var position = [Int32](repeating: -1, count: n)
        for start in 0..<n where position[start] < 0 {
            position[start] = Int32(order.count)
            order.append(Int32(start))
            var next = order.count - 1
            while next < order.count {
                let vertex = Int(order[next])
                next += 1
                for slot in rowStart[vertex]..<rowStart[vertex + 1] {
                    let tail = Int(graph.tails[byRow[slot]])
                    if position[tail] < 0 {
                        position[tail] = Int32(order.count)
                        order.append(Int32(tail))
                    }
                }
            }
        }
        var heads: [Int32] = [], tails: [Int32] = [], weights: [Float] = []
        heads.reserveCapacity(graph.heads.count)
        tails.reserveCapacity(graph.heads.count)
        weights.reserveCapacity(graph.heads.count)
        var row: [(Int32, Float)] = []
        for new in 0..<n {
            let old = Int(order[new])
            row.removeAll(keepingCapacity: true)
            for slot in rowStart[old]..<rowStart[old + 1] {
                let e = byRow[slot]
                row.append((position[Int(graph.tails[e])], graph.weights[e]))
            }
            row.sort { $0.0 < $1.0 }
            for (tail, weight) in row {
                heads.append(Int32(new))
                tails.append(tail)
                weights.append(weight)
            }
        }
        return (order, FuzzyGraph(count: n, heads: heads, tails: tails, weights: weights))
    }

    private func optimizeInPlace(
        embedding: inout [Float], dimensions: Int, graph: FuzzyGraph, epochs: Int, seed: UInt64, threads: Int
    ) {
        let edges = graph.weights.count
        guard edges > 0, epochs > 0 else { return }
        let maximum = graph.weights.max()!
        var epochsPerSample = [Float](repeating: -1, count: edges)
        for e in 0..<edges where graph.weights[e] > 0 {
            epochsPerSample[e] = Float(epochs) / (Float(epochs) * (graph.weights[e] / maximum))
        }
        let epochsPerNegativeSample = epochsPerSample.map { $0 / negativeSampleRate }
        // An edge of weight 0 is never due.
        var nextSample = epochsPerSample.map { $0 > 0 ? $0 : .infinity }
        var nextNegativeSample = epochsPerNegativeSample
        let vertices = graph.count
        // A small graph runs as one chunk whatever `threads` says: with a few hundred edges
        // among a few dozen points, every chunk writes the same points, and a head kept in
        // registers through its edges while another thread moves it loses that thread's
        // updates (the explore page's test corpus of 24 files got maps twice as wide, each
        // project a few pixels across); and the whole SGD takes milliseconds there.
        let chunks: [Range<Int>] =
            threads <= 1 || edges < Self.parallelEdgeMinimum
            ? [0..<edges]
            : stride(from: 0, to: edges, by: (edges + threads * 8 - 1) / (threads * 8)).map {
                $0..<min(edges, $0 + (edges + threads * 8 - 1) / (threads * 8))
            }
        let (a, b, gamma, useWideEpoch) = (a, b, gamma, useWideEpoch)
        // Scratch for `planeEpoch`: each chunk lists its due edges in its own stretch.
        let due = UnsafeMutablePointer<Int32>.allocate(capacity: edges)
        let settled = UnsafeMutablePointer<Float>.allocate(capacity: embedding.count)
        defer {
            due.deallocate()
            settled.deallocate()
        }
        embedding.withUnsafeMutableBufferPointer { embedding in
            nextSample.withUnsafeMutableBufferPointer { nextSample in
                nextNegativeSample.withUnsafeMutableBufferPointer { nextNegative in
                    graph.heads.withUnsafeBufferPointer { heads in
                        graph.tails.withUnsafeBufferPointer { tails in
                            epochsPerSample.withUnsafeBufferPointer { perSample in
                                epochsPerNegativeSample.withUnsafeBufferPointer { perNegative in
                                    let y = embedding.baseAddress!
                                    for epoch in 0..<epochs {
                                        if dimensions == 2 { settled.update(from: y, count: embedding.count) }
                                        let alpha =
                                            initialLearningRate * (1 - Float(epoch) / Float(epochs))
                                        let n = Float(epoch)
                                        let body: (Int, Range<Int>) -> Void = { chunkNumber, chunk in
                                            let chunkSeed =
                                                seed &+ UInt64(epoch) &* 0x9E37_79B9
                                                &+ UInt64(chunkNumber) &* 0x85EB_CA6B
                                            var random = SeededGenerator(seed: chunkSeed)
                                            // The same epoch in C with AVX2 where the processor
                                            // has it (eight samples to a vector), else below.
                                            if dimensions == 2, useWideEpoch,
                                                vm_umap_plane_epoch(
                                                    chunk.lowerBound, chunk.upperBound, n, alpha, a, b, gamma, y,
                                                    settled, vertices, heads.baseAddress, tails.baseAddress,
                                                    perSample.baseAddress, perNegative.baseAddress,
                                                    nextSample.baseAddress, nextNegative.baseAddress,
                                                    due + chunk.lowerBound, chunkSeed) != 0
                                            {
                                                return
                                            }
                                            if dimensions == 2 {
                                                Self.planeEpoch(
                                                    chunk, n: n, alpha: alpha, a: a, b: b, gamma: gamma,
                                                    y: y, settled: settled, vertices: vertices,
                                                    heads: heads, tails: tails, perSample: perSample,
                                                    perNegative: perNegative, nextSample: nextSample,
                                                    nextNegative: nextNegative,
                                                    due: due + chunk.lowerBound, random: &random)
                                                return
                                            }
                                            var repulsion = [Float](repeating: 0, count: dimensions)
                                            for e in chunk where perSample[e] > 0 && nextSample[e] <= n {
                                                let j = Int(heads[e]), k = Int(tails[e])
                                                let current = y + j * dimensions
                                                var other = y + k * dimensions
                                                var d2: Float = 0
                                                for d in 0..<dimensions {
                                                    let diff = current[d] - other[d]
                                                    d2 += diff * diff
                                                }
                                                if d2 > 0 {
                                                    let pb = Self.power(d2, b)
                                                    let coefficient = -2 * a * b * (pb / d2) / (a * pb + 1)
                                                    for d in 0..<dimensions {
                                                        let g = clip(coefficient * (current[d] - other[d])) * alpha
                                                        current[d] += g
                                                        other[d] -= g
                                                    }
                                                }
                                                nextSample[e] += perSample[e]
                                                let negatives = Int((n - nextNegative[e]) / perNegative[e])
                                                // As in `planeEpoch`: every repulsion from the head's
                                                // place after the attraction, summed, then applied.
                                                for d in 0..<dimensions { repulsion[d] = 0 }
                                                for _ in 0..<max(0, negatives) {
                                                    // Lemire's multiply-shift: uniform enough for
                                                    // sampling, without a division.
                                                    let kk = Int(
                                                        ((random.next() >> 32) &* UInt64(vertices)) >> 32)
                                                    other = y + kk * dimensions
                                                    var d2: Float = 0
                                                    for d in 0..<dimensions {
                                                        let diff = current[d] - other[d]
                                                        d2 += diff * diff
                                                    }
                                                    guard d2 > 0 else { continue }
                                                    let pb = Self.power(d2, b)
                                                    let coefficient = 2 * gamma * b / ((0.001 + d2) * (a * pb + 1))
                                                    for d in 0..<dimensions {
                                                        repulsion[d] += clip(coefficient * (current[d] - other[d]))
                                                    }
                                                }
                                                for d in 0..<dimensions { current[d] += repulsion[d] * alpha }
                                                nextNegative[e] += Float(max(0, negatives)) * perNegative[e]
                                            }
                                        }
                                        Parallel.forEach(chunks, body)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One epoch over `chunk` in two dimensions, in `SIMD2` (the same steps as the general loop,
    /// arranged for speed; each arrangement keeps the trustworthiness, `bench/umap.sh`):
    ///
    /// - The edges due this epoch are first listed into `due` (the chunk's own stretch of a
    ///   scratch array) without a branch per edge: about half the edges are due in an epoch, in no
    ///   pattern the processor can predict, and a mispredicted branch per edge cost more than the
    ///   list.
    /// - The negative samples are read from `settled`, a copy of the embedding taken at the start
    ///   of the epoch, not from the live one. With several threads the live embedding's cache
    ///   lines are written by all of them all the time, so each uniformly drawn point was a cache
    ///   miss served by the other core; the copy is only read, and stays in every core's cache.
    ///   A point moves little in one epoch against its distance to a random other point, and
    ///   Hogwild's reads are stale anyway.
    ///   A point drawn as its own negative sample is skipped, as umap-learn skips it: read from
    ///   the copy, its distance to itself is how far it moved this epoch, not 0.
    /// - Each due edge's gradient, its attraction and its repulsions (four at a time in `SIMD4`
    ///   lanes), is computed from the head's place before the edge and applied together before
    ///   the head's next edge, so the repulsions need not wait for the attraction. Summing all the due edges'
    ///   repulsions of a head from one place (10a5f88: a head's ~75 repulsions filled the lanes
    ///   better) has no feedback between them: on a small map, where a good share of the
    ///   negative samples are near, each clipped at 4, a point was kicked dozens of units at
    ///   once, and the explore page's map of 24 files came out twice as wide as umap-learn's,
    ///   each project a few pixels across (`smallProjectsOfAlikeFilesStayVisibleGroups`).
    @inline(__always)
    static func planeEpoch(
        _ chunk: Range<Int>, n: Float, alpha: Float, a: Float, b: Float, gamma: Float,
        y: UnsafeMutablePointer<Float>, settled: UnsafePointer<Float>, vertices: Int,
        heads: UnsafeBufferPointer<Int32>, tails: UnsafeBufferPointer<Int32>, perSample: UnsafeBufferPointer<Float>,
        perNegative: UnsafeBufferPointer<Float>, nextSample: UnsafeMutableBufferPointer<Float>,
        nextNegative: UnsafeMutableBufferPointer<Float>, due: UnsafeMutablePointer<Int32>,
        random: inout SeededGenerator
    ) {
        let points = UnsafeMutableRawPointer(y)
        let limit = SIMD2<Float>(repeating: 4)
        var dueCount = 0
        for e in chunk {
            due[dueCount] = Int32(truncatingIfNeeded: e)
            // Due when n − next ≥ 0: its sign bit clear (a comparison here became a branch).
            dueCount &+= 1 &- Int((n - nextSample[e]).bitPattern >> 31)
        }
        let vertexCount = UInt64(vertices)
        var slot = 0
        while slot < dueCount {
            // The due edges of one head (edges come sorted by head), one after another. The
            // head stays in registers until its last due edge.
            let j = Int(heads[Int(due[slot])])
            var current = points.load(fromByteOffset: j * 8, as: SIMD2<Float>.self)
            repeat {
                let e = Int(due[slot])
                let k = Int(tails[e])
                // The edge's whole gradient, its attraction and its repulsions, from one place,
                // then applied: the repulsions need not wait for the attraction.
                let origin = current
                let negatives = max(0, Int((n - nextNegative[e]) / perNegative[e]))
                nextNegative[e] += Float(negatives) * perNegative[e]
                var repulsionX = SIMD4<Float>.zero, repulsionY = SIMD4<Float>.zero
                var remaining = negatives
                while remaining > 0 {
                    // Four uniform vertices from two random words (Lemire's multiply-shift on each
                    // 32-bit half: uniform enough for sampling, without a division).
                    let first = random.next(), second = random.next()
                    let samples = SIMD4<UInt64>(
                        ((first >> 32) &* vertexCount) >> 32, ((first & 0xffff_ffff) &* vertexCount) >> 32,
                        ((second >> 32) &* vertexCount) >> 32, ((second & 0xffff_ffff) &* vertexCount) >> 32)
                    var awayX = SIMD4<Float>(), awayY = SIMD4<Float>()
                    for lane in 0..<4 {
                        let sample = Int(samples[lane])
                        awayX[lane] = settled[2 * sample]
                        awayY[lane] = settled[2 * sample + 1]
                    }
                    awayX = origin.x - awayX
                    awayY = origin.y - awayY
                    let d2 = awayX * awayX + awayY * awayY
                    // Lanes past the count push nothing, nor does the head drawn as its own
                    // negative sample: umap-learn skips it (its distance to itself is 0), but
                    // the head's copy in `settled` is where it was at the epoch's start, and
                    // that tiny distance gave a push of the clipping's full size.
                    let live =
                        (SIMD4<Int32>(0, 1, 2, 3) .< Int32(truncatingIfNeeded: remaining)) .& (d2 .> 0)
                        .& (SIMD4<Int32>(truncatingIfNeeded: samples) .!= Int32(truncatingIfNeeded: j))
                    let coefficient = (2 * gamma * b) / ((0.001 + d2) * (a * power(d2, b) + 1))
                    repulsionX += clip(coefficient * awayX).replacing(with: 0, where: .!live)
                    repulsionY += clip(coefficient * awayY).replacing(with: 0, where: .!live)
                    remaining -= 4
                }
                var other = points.load(fromByteOffset: k * 8, as: SIMD2<Float>.self)
                let difference = origin - other
                let d2 = (difference * difference).sum()
                if d2 > 0 {
                    let pb = power(d2, b)
                    let coefficient = -2 * a * b * (pb / d2) / (a * pb + 1)
                    let step = (coefficient * difference).clamped(lowerBound: -limit, upperBound: limit) * alpha
                    current += step
                    other -= step
                    points.storeBytes(of: other, toByteOffset: k * 8, as: SIMD2<Float>.self)
                }
                nextSample[e] += perSample[e]
                current += SIMD2(repulsionX.sum(), repulsionY.sum()) * alpha
                slot += 1
            } while slot < dueCount && Int(heads[Int(due[slot])]) == j
            points.storeBytes(of: current, toByteOffset: j * 8, as: SIMD2<Float>.self)
        }
    }

    /// `power` in four lanes. Written with bit patterns and comparisons only: the standard
    /// library's lane-wise conversions (`SIMD4<Int32>(_:rounding:)`, `SIMD4<Float>(_: SIMD4<Int32>)`)
    /// and `clamped` are generic code that is not specialised, and cost more than the rest.
    @inline(__always)
    static func power(_ x: SIMD4<Float>, _ b: Float) -> SIMD4<Float> {
        let bits = unsafeBitCast(x.replacing(with: 1e-30, where: x .< 1e-30), to: SIMD4<UInt32>.self)
        // An integer below 2²³ as a float: its bits under 2²³'s exponent, less 2²³.
        let exponent =
            unsafeBitCast(((bits &>> 23) & 0xff) | 0x4B00_0000, to: SIMD4<Float>.self) - (8_388_608 + 127)
        let t = unsafeBitCast((bits & 0x7f_ffff) | 0x3f80_0000, to: SIMD4<Float>.self) - 1
        var log2x = SIMD4<Float>(repeating: 0.045_885_53)
        log2x = log2x * t - 0.194_422_67
        log2x = log2x * t + 0.415_421_95
        log2x = log2x * t - 0.708_682_10
        log2x = log2x * t + 1.441_825_80
        var y = b * (exponent + log2x * t)
        y = y.replacing(with: 126, where: y .> 126).replacing(with: -126, where: y .< -126)
        // Floor by 1.5·2²³: adding it rounds to an integer, which then sits in the low bits.
        let magic: Float = 12_582_912
        let nearest = (y + magic) - magic
        let whole = nearest.replacing(with: nearest - 1, where: nearest .> y)
        let f = y - whole
        var p = SIMD4<Float>(repeating: 0.013_493_01)
        p = p * f + 0.052_074_71
        p = p * f + 0.241_404_38
        p = p * f + 0.693_018_69
        p = p * f + 1
        let integer =
            unsafeBitCast(whole + magic, to: SIMD4<Int32>.self) &- Int32(bitPattern: magic.bitPattern)
        return unsafeBitCast(unsafeBitCast(p, to: SIMD4<Int32>.self) &+ (integer &<< 23), to: SIMD4<Float>.self)
    }

    /// x^b for x > 0 as 2^(b·log₂ x), both by polynomials (relative error about 3e-5, far
    /// below what SGD notices; libm's pow costs several times more, and the layout calls it
    /// hundreds of millions of times).
    @inline(__always)
    static func power(_ x: Float, _ b: Float) -> Float {
        let bits = max(x, 1e-30).bitPattern
        let exponent = Float(Int32(bitPattern: (bits >> 23) & 0xff) - 127)
        let t = Float(bitPattern: (bits & 0x7f_ffff) | 0x3f80_0000) - 1
        var log2x: Float = 0.045_885_53
        log2x = log2x * t - 0.194_422_67
        log2x = log2x * t + 0.415_421_95
        log2x = log2x * t - 0.708_682_10
        log2x = log2x * t + 1.441_825_80
        let y = min(126, max(-126, b * (exponent + log2x * t)))
        let truncated = Float(Int32(y))
        let whole = truncated > y ? truncated - 1 : truncated
        let f = y - whole
        var p: Float = 0.013_493_01
        p = p * f + 0.052_074_71
        p = p * f + 0.241_404_38
        p = p * f + 0.693_018_69
        p = p * f + 1
        return Float(bitPattern: UInt32(bitPattern: Int32(bitPattern: p.bitPattern) &+ (Int32(whole) << 23)))
    }

    /// Each lane clipped to ±4 (by comparisons: `clamped` is not specialised).
    @inline(__always)
    static func clip(_ value: SIMD4<Float>) -> SIMD4<Float> {
        value.replacing(with: 4, where: value .> 4).replacing(with: -4, where: value .< -4)
    }

    @inline(__always)
    private func clip(_ value: Float) -> Float {
        min(4, max(-4, value))
    }
}
