/// A rank-`components` truncated SVD of a sparse matrix by the randomized range finder of
/// Halko, Martinsson and Tropp (2011), as scikit-learn's `TruncatedSVD(algorithm="randomized")`
/// computes it (no centring): Y = A·Ω for a Gaussian Ω with `components + oversamples` columns,
/// `powerIterations` rounds of Y ← A·orth(Aᵀ·orth(Y)) (re-orthonormalised each half step, like
/// scikit-learn's "QR" normaliser), Q = orth(Y), then the exact SVD of the small B = Qᵀ·A from the
/// eigen-decomposition of B·Bᵀ. Orthonormalisation is classical Gram–Schmidt applied twice
/// over BLAS matrix–vector products.
///
/// The reduced rows (`embedding`, U·Σ, scikit-learn's `fit_transform`) are the file vectors; the
/// singular values and the explained variance (the variance of each reduced column, and its
/// share of the total variance of A's columns) are scikit-learn's `singular_values_`,
/// `explained_variance_` and `explained_variance_ratio_`.
package struct TruncatedSVD: Sendable {
    package var components: Int
    package var oversamples: Int
    package var powerIterations: Int
    package var seed: UInt64

    package init(components: Int = 128, oversamples: Int = 10, powerIterations: Int = 5, seed: UInt64 = 0) {
        self.components = components
        self.oversamples = oversamples
        self.powerIterations = powerIterations
        self.seed = seed
    }

    package struct Result: Sendable {
        /// `rows × components`: U·Σ.
        package let embedding: Matrix
        /// Descending.
        package let singularValues: [Float]
        /// `components × columns`: Vᵀ, the right singular vectors as rows.
        package let axes: Matrix
        package let explainedVariance: [Double]
        package let explainedVarianceRatio: [Double]
    }

    package func fit(_ a: SparseMatrix) throws -> Result {
        let n = a.rows, m = a.columns
        guard components >= 1, components < min(n, m) else {
            throw VectorMathError.invalidParameter(
                "components must be in 1 ..< min(rows, columns) = \(min(n, m)) (got \(components))")
        }
        let width = min(components + max(0, oversamples), min(n, m))
        var random = SeededGenerator(seed: seed)
        let transpose = a.transposed()
        var omega = (0..<(width * m)).map { _ in Float(random.nextNormal()) }
        var y = a.multiply(vectors: omega, count: width)
        for _ in 0..<powerIterations {
            DenseEigen.orthonormalizeByBLAS(&y, count: width, length: n, random: &random)
            omega = transpose.multiply(vectors: y, count: width)
            DenseEigen.orthonormalizeByBLAS(&omega, count: width, length: m, random: &random)
            y = a.multiply(vectors: omega, count: width)
        }
        DenseEigen.orthonormalizeByBLAS(&y, count: width, length: n, random: &random)
        // B = Qᵀ A, as `width` vectors of length m: row j of B is Aᵀ q_j.
        let b = transpose.multiply(vectors: y, count: width)
        var gram = [Float](repeating: 0, count: width * width)
        b.withUnsafeBufferPointer { b in
            gram.withUnsafeMutableBufferPointer { g in
                BLAS.multiplyByTranspose(
                    b.baseAddress!, rows: width, b.baseAddress!, rows: width, depth: m, alpha: 1, into: g.baseAddress!)
            }
        }
        let (values, vectors) = DenseEigen.symmetric(gram.map(Double.init), width)
        let d = components
        let singular = (0..<d).map { Float(max(0, values[$0]).squareRoot()) }
        // U·Σ = Q · W[:, :d] · Σ; Vᵀ = Σ⁻¹ Wᵀ B.
        var embedding = Matrix(rows: n, columns: d)
        embedding.withUnsafeMutableValues { out in
            for i in 0..<n {
                for c in 0..<d {
                    var sum = 0.0
                    for j in 0..<width { sum += vectors[j * width + c] * Double(y[j * n + i]) }
                    out[i * d + c] = Float(sum) * singular[c]
                }
            }
        }
        var axes = Matrix(rows: d, columns: m)
        axes.withUnsafeMutableValues { out in
            for c in 0..<d where singular[c] > 0 {
                for k in 0..<m {
                    var sum = 0.0
                    for j in 0..<width { sum += vectors[j * width + c] * Double(b[j * m + k]) }
                    out[c * m + k] = Float(sum / Double(singular[c]))
                }
            }
        }
        // Variances with divisor n, as NumPy's var.
        var variance = [Double](repeating: 0, count: d)
        for c in 0..<d {
            var sum = 0.0, squares = 0.0
            for i in 0..<n {
                let value = Double(embedding.values[i * d + c])
                sum += value
                squares += value * value
            }
            variance[c] = squares / Double(n) - (sum / Double(n)) * (sum / Double(n))
        }
        var columnSums = [Double](repeating: 0, count: m), columnSquares = [Double](repeating: 0, count: m)
        for e in a.values.indices {
            let column = Int(a.columnIndices[e]), value = Double(a.values[e])
            columnSums[column] += value
            columnSquares[column] += value * value
        }
        var total = 0.0
        for k in 0..<m {
            total += columnSquares[k] / Double(n) - (columnSums[k] / Double(n)) * (columnSums[k] / Double(n))
        }
        return Result(
            embedding: embedding, singularValues: singular, axes: axes, explainedVariance: variance,
            explainedVarianceRatio: variance.map { total > 0 ? $0 / total : 0 })
    }
}

extension DenseEigen {
    /// `orthonormalize` with the projections as BLAS matrix–vector products (for long vectors).
    static func orthonormalizeByBLAS(
        _ vectors: inout [Float], count: Int, length: Int, random: inout SeededGenerator
    ) {
        var h = [Float](repeating: 0, count: count)
        vectors.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            h.withUnsafeMutableBufferPointer { h in
                for j in 0..<count {
                    let vector = base + j * length
                    for attempt in 0..<3 {
                        let before = Double(Kernels.dot(vector, vector, length)).squareRoot()
                        if j > 0 {
                            for _ in 0..<2 {
                                BLAS.multiply(
                                    base, transposed: false, vector, transposed: false, m: j, n: 1, depth: length,
                                    into: h.baseAddress!)
                                BLAS.multiply(
                                    base, transposed: true, h.baseAddress!, transposed: false, m: length, n: 1,
                                    depth: j, alpha: -1, beta: 1, into: vector)
                            }
                        }
                        let norm = Double(Kernels.dot(vector, vector, length)).squareRoot()
                        if norm > 1e-5 * before, norm > 0 || attempt == 2 {
                            let scale = Float(1 / max(norm, 1e-30))
                            for i in 0..<length { vector[i] *= scale }
                            break
                        }
                        for i in 0..<length { vector[i] = Float(random.nextUnit() - 0.5) }
                    }
                }
            }
        }
    }
}
