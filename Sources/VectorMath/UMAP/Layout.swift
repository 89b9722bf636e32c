import Foundation

/// umap-learn's `optimize_layout_euclidean`: edge-sampled stochastic gradient descent on the
/// fuzzy cross-entropy. Each edge is sampled in proportion to its weight (`epochsPerSample`), pulls
/// its two ends together (gradient clipped at ±4, both ends move), and is followed by
/// `negativeSampleRate` repulsions from uniformly drawn vertices (only the head moves); the
/// learning rate decays linearly to 0. One difference: an edge's repulsions are all computed
/// from the head's place after the attraction and applied together (umap-learn moves the head
/// after each), which lets them run side by side: about a quarter less time, and the same
/// trustworthiness (`bench/umap.sh`).
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

    func optimize(
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
        var nextSample = epochsPerSample
        var nextNegativeSample = epochsPerNegativeSample
        let vertices = graph.count
        let chunks: [Range<Int>] =
            threads <= 1
            ? [0..<edges]
            : stride(from: 0, to: edges, by: (edges + threads * 8 - 1) / (threads * 8)).map {
                $0..<min(edges, $0 + (edges + threads * 8 - 1) / (threads * 8))
            }
        let (a, b, gamma) = (a, b, gamma)
        embedding.withUnsafeMutableBufferPointer { embedding in
            nextSample.withUnsafeMutableBufferPointer { nextSample in
                nextNegativeSample.withUnsafeMutableBufferPointer { nextNegative in
                    graph.heads.withUnsafeBufferPointer { heads in
                        graph.tails.withUnsafeBufferPointer { tails in
                            epochsPerSample.withUnsafeBufferPointer { perSample in
                                epochsPerNegativeSample.withUnsafeBufferPointer { perNegative in
                                    let y = embedding.baseAddress!
                                    for epoch in 0..<epochs {
                                        let alpha =
                                            initialLearningRate * (1 - Float(epoch) / Float(epochs))
                                        let n = Float(epoch)
                                        let body: (Int, Range<Int>) -> Void = { chunkNumber, chunk in
                                            var random = SeededGenerator(
                                                seed: seed &+ UInt64(epoch) &* 0x9E37_79B9
                                                    &+ UInt64(chunkNumber) &* 0x85EB_CA6B)
                                            if dimensions == 2 {
                                                Self.planeEpoch(
                                                    chunk, n: n, alpha: alpha, a: a, b: b, gamma: gamma,
                                                    y: y, vertices: vertices, heads: heads, tails: tails,
                                                    perSample: perSample, perNegative: perNegative,
                                                    nextSample: nextSample, nextNegative: nextNegative,
                                                    random: &random)
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

    /// One epoch over `chunk` in two dimensions, in `SIMD2` (the same steps as the general loop).
    @inline(__always)
    static func planeEpoch(
        _ chunk: Range<Int>, n: Float, alpha: Float, a: Float, b: Float, gamma: Float,
        y: UnsafeMutablePointer<Float>, vertices: Int, heads: UnsafeBufferPointer<Int32>,
        tails: UnsafeBufferPointer<Int32>, perSample: UnsafeBufferPointer<Float>,
        perNegative: UnsafeBufferPointer<Float>, nextSample: UnsafeMutableBufferPointer<Float>,
        nextNegative: UnsafeMutableBufferPointer<Float>, random: inout SeededGenerator
    ) {
        let points = UnsafeMutableRawPointer(y)
        let limit = SIMD2<Float>(repeating: 4)
        for e in chunk where perSample[e] > 0 && nextSample[e] <= n {
            let j = Int(heads[e]), k = Int(tails[e])
            var current = points.load(fromByteOffset: j * 8, as: SIMD2<Float>.self)
            var other = points.load(fromByteOffset: k * 8, as: SIMD2<Float>.self)
            let difference = current - other
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
            let negatives = max(0, Int((n - nextNegative[e]) / perNegative[e]))
            // The repulsions are all taken from where the head is after the attraction and summed:
            // each is then independent of the one before (umap-learn moves the head after each,
            // a chain of dependent divisions the processor cannot overlap). The steps are small
            // and Hogwild already reads stale places; see UMAPReferenceTests for the quality.
            var repulsion = SIMD2<Float>.zero
            for _ in 0..<negatives {
                let sample = Int(((random.next() >> 32) &* UInt64(vertices)) >> 32)
                let away = current - points.load(fromByteOffset: sample * 8, as: SIMD2<Float>.self)
                let d2 = (away * away).sum()
                guard d2 > 0 else { continue }
                let coefficient = 2 * gamma * b / ((0.001 + d2) * (a * power(d2, b) + 1))
                repulsion += (coefficient * away).clamped(lowerBound: -limit, upperBound: limit)
            }
            current += repulsion * alpha
            points.storeBytes(of: current, toByteOffset: j * 8, as: SIMD2<Float>.self)
            nextNegative[e] += Float(negatives) * perNegative[e]
        }
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

    @inline(__always)
    private func clip(_ value: Float) -> Float {
        min(4, max(-4, value))
    }
}
