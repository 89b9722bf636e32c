import Foundation

/// Where UMAP's optimisation starts.
package enum UMAPInitialization: Sendable, Hashable {
    /// The normalised graph Laplacian's eigenvectors of the smallest non-zero eigenvalues
    /// (umap-learn's default), when the graph is connected; else `pca`.
    case spectral
    /// The data's first principal components.
    case pca
}

enum Initialization {
    /// The graph's connected components: a label per vertex, and how many there are.
    static func components(_ graph: FuzzyGraph) -> Int {
        var parent = Array(0..<graph.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var count = graph.count
        for (h, t) in zip(graph.heads, graph.tails) {
            let a = find(Int(h)), b = find(Int(t))
            if a != b {
                parent[a] = b
                count -= 1
            }
        }
        return count
    }

    /// The `dimensions` eigenvectors of I − D^(−½) W D^(−½) with the smallest eigenvalues after
    /// the trivial one, by subspace iteration on (I + D^(−½) W D^(−½)) / 2 with the trivial
    /// eigenvector D^(½)·1 deflated, then a Rayleigh–Ritz step; `nil` if the graph is not
    /// connected (its Laplacian then has several zero eigenvalues, and umap-learn lays out
    /// components separately — VectorMath falls back to PCA instead).
    static func spectral(
        _ graph: FuzzyGraph, dimensions: Int, random: inout SeededGenerator, iterations: Int = 200
    ) -> [Float]? {
        let n = graph.count
        guard n > dimensions + 2, components(graph) == 1 else { return nil }
        // CSR rows: heads are sorted.
        var rowStart = [Int](repeating: 0, count: n + 1)
        for h in graph.heads { rowStart[Int(h) + 1] += 1 }
        for i in 0..<n { rowStart[i + 1] += rowStart[i] }
        var degree = [Float](repeating: 0, count: n)
        for (h, w) in zip(graph.heads, graph.weights) { degree[Int(h)] += w }
        let scale = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var trivial = degree.map { $0.squareRoot() }
        let trivialNorm = trivial.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        trivial = trivial.map { Float(Double($0) / trivialNorm) }

        let block = dimensions + 4
        var vectors = (0..<(block * n)).map { _ in Float(random.nextNormal()) }
        DenseEigen.orthonormalize(&vectors, count: block, length: n, against: [trivial], random: &random)
        var product = [Float](repeating: 0, count: block * n)
        func apply() {
            vectors.withUnsafeBufferPointer { x in
                product.withUnsafeMutableBufferPointer { y in
                    graph.tails.withUnsafeBufferPointer { tails in
                        graph.weights.withUnsafeBufferPointer { weights in
                            Parallel.forEachChunk(n, minimumChunk: 1024) { rows in
                                for j in 0..<block {
                                    let xj = x.baseAddress! + j * n, yj = y.baseAddress! + j * n
                                    for i in rows {
                                        var sum: Float = 0
                                        for e in rowStart[i]..<rowStart[i + 1] {
                                            let t = Int(tails[e])
                                            sum += weights[e] * scale[t] * xj[t]
                                        }
                                        yj[i] = 0.5 * (xj[i] + scale[i] * sum)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for _ in 0..<iterations {
            apply()
            swap(&vectors, &product)
            DenseEigen.orthonormalize(&vectors, count: block, length: n, against: [trivial], random: &random)
        }
        // Rayleigh–Ritz: H = Vᵀ M V.
        apply()
        var h = [Double](repeating: 0, count: block * block)
        vectors.withUnsafeBufferPointer { x in
            product.withUnsafeBufferPointer { y in
                for i in 0..<block {
                    for j in 0..<block {
                        h[i * block + j] = Double(Kernels.dot(x.baseAddress! + i * n, y.baseAddress! + j * n, n))
                    }
                }
            }
        }
        for i in 0..<block {
            for j in 0..<i {
                let mean = (h[i * block + j] + h[j * block + i]) / 2
                h[i * block + j] = mean
                h[j * block + i] = mean
            }
        }
        let (_, ritz) = DenseEigen.symmetric(h, block)
        var embedding = [Float](repeating: 0, count: n * dimensions)
        for point in 0..<n {
            for d in 0..<dimensions {
                var sum = 0.0
                for j in 0..<block { sum += ritz[j * block + d] * Double(vectors[j * n + point]) }
                embedding[point * dimensions + d] = Float(sum)
            }
        }
        return embedding
    }

    /// The rows of `data` projected on its first `dimensions` principal axes (centred;
    /// eigenvectors of the covariance by subspace iteration over GEMMs). The covariance is
    /// estimated from at most `sampleLimit` rows drawn at random: a starting layout needs the
    /// axes roughly, and the full n × m × m product was most of this step (0.85 s of CPU at
    /// 45,757 × 768).
    static func pca(
        _ data: Matrix, dimensions: Int, random: inout SeededGenerator, sampleLimit: Int = 8192
    ) -> [Float] {
        let n = data.rows, m = data.columns
        guard n > 0, m > 0 else { return [Float](repeating: 0, count: n * dimensions) }
        var means = [Double](repeating: 0, count: m)
        for i in 0..<n {
            for j in 0..<m { means[j] += Double(data.values[i * m + j]) }
        }
        let mean = means.map { Float($0 / Double(n)) }
        // The sample: a partial Fisher–Yates shuffle of the row numbers, then in order.
        var rows = Array(0..<n)
        let sampled = min(n, sampleLimit)
        if sampled < n {
            for i in 0..<sampled { rows.swapAt(i, i + random.next(below: n - i)) }
            rows = rows[..<sampled].sorted()
        }
        var centred = [Float](repeating: 0, count: sampled * m)
        for (slot, i) in rows.prefix(sampled).enumerated() {
            for j in 0..<m { centred[slot * m + j] = data.values[i * m + j] - mean[j] }
        }
        var covariance = [Float](repeating: 0, count: m * m)
        centred.withUnsafeBufferPointer { x in
            covariance.withUnsafeMutableBufferPointer { c in
                BLAS.multiply(
                    x.baseAddress!, transposed: true, x.baseAddress!, transposed: false, m: m, n: m, depth: sampled,
                    into: c.baseAddress!)
            }
        }
        let block = min(m, dimensions + 6)
        var vectors = (0..<(block * m)).map { _ in Float(random.nextNormal()) }
        DenseEigen.orthonormalize(&vectors, count: block, length: m, random: &random)
        var product = [Float](repeating: 0, count: block * m)
        for _ in 0..<60 {
            // product (block × m) = vectors (block × m) · C (symmetric).
            vectors.withUnsafeBufferPointer { v in
                covariance.withUnsafeBufferPointer { c in
                    product.withUnsafeMutableBufferPointer { p in
                        BLAS.multiply(
                            v.baseAddress!, transposed: false, c.baseAddress!, transposed: false, m: block, n: m,
                            depth: m, into: p.baseAddress!)
                    }
                }
            }
            swap(&vectors, &product)
            DenseEigen.orthonormalize(&vectors, count: block, length: m, random: &random)
        }
        var h = [Double](repeating: 0, count: block * block)
        var image = [Double](repeating: 0, count: m)
        for j in 0..<block {
            // C·vⱼ once, then each vᵢ·(C·vⱼ).
            for r in 0..<m {
                var row = 0.0
                for c in 0..<m { row += Double(covariance[r * m + c]) * Double(vectors[j * m + c]) }
                image[r] = row
            }
            for i in 0..<block {
                var sum = 0.0
                for r in 0..<m { sum += Double(vectors[i * m + r]) * image[r] }
                h[i * block + j] = sum
            }
        }
        let (_, ritz) = DenseEigen.symmetric(h, block)
        var axes = [Float](repeating: 0, count: dimensions * m)
        for d in 0..<min(dimensions, block) {
            for c in 0..<m {
                var sum = 0.0
                for j in 0..<block { sum += ritz[j * block + d] * Double(vectors[j * m + c]) }
                axes[d * m + c] = Float(sum)
            }
        }
        // (x − mean)·axesᵀ as x·axesᵀ − mean·axesᵀ: no centred copy of all the rows.
        var embedding = [Float](repeating: 0, count: n * dimensions)
        data.values.withUnsafeBufferPointer { x in
            axes.withUnsafeBufferPointer { a in
                embedding.withUnsafeMutableBufferPointer { e in
                    BLAS.multiply(
                        x.baseAddress!, transposed: false, a.baseAddress!, transposed: true, m: n, n: dimensions,
                        depth: m, into: e.baseAddress!)
                }
            }
        }
        for d in 0..<dimensions {
            var shift: Float = 0
            for c in 0..<m { shift += mean[c] * axes[d * m + c] }
            for i in 0..<n { embedding[i * dimensions + d] -= shift }
        }
        return embedding
    }
}
