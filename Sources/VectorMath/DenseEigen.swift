import Foundation

/// Small dense linear algebra in `Double` for the few-by-few problems inside the iterative
/// methods (Rayleigh–Ritz steps of the spectral initialisation and the randomized SVD).
enum DenseEigen {
    /// Eigenvalues (descending) and eigenvectors of the symmetric `n × n` row-major `matrix`, by
    /// cyclic Jacobi rotations; `vectors[i * n + j]` is component i of eigenvector j.
    static func symmetric(_ matrix: [Double], _ n: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0, total = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    total += a[i * n + j] * a[i * n + j]
                    if i != j { off += a[i * n + j] * a[i * n + j] }
                }
            }
            if off <= 1e-30 * max(total, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    let apq = a[p * n + q]
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        var values = [Double](repeating: 0, count: n), vectors = [Double](repeating: 0, count: n * n)
        for (new, old) in order.enumerated() {
            values[new] = a[old * n + old]
            for k in 0..<n { vectors[k * n + new] = v[k * n + old] }
        }
        return (values, vectors)
    }

    /// Orthonormalises the `count` vectors of length `length` stored one after another in
    /// `vectors` (vector j is `vectors[j * length ..< (j + 1) * length]`), by classical
    /// Gram–Schmidt applied twice, each also made orthogonal to the unit vectors in `against`.
    /// A vector that vanishes is replaced by a seeded random one and orthonormalised again.
    static func orthonormalize(
        _ vectors: inout [Float], count: Int, length: Int, against: [[Float]] = [],
        random: inout SeededGenerator
    ) {
        vectors.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for j in 0..<count {
                let vector = base + j * length
                for attempt in 0..<3 {
                    let before = Double(Kernels.dot(vector, vector, length)).squareRoot()
                    for _ in 0..<2 {
                        for fixed in against {
                            fixed.withUnsafeBufferPointer { fixed in
                                let h = Kernels.dot(fixed.baseAddress!, vector, length)
                                for i in 0..<length { vector[i] -= h * fixed[i] }
                            }
                        }
                        for previous in 0..<j {
                            let other = base + previous * length
                            let h = Kernels.dot(other, vector, length)
                            for i in 0..<length { vector[i] -= h * other[i] }
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

extension SeededGenerator {
    /// A standard normal deviate (Box–Muller).
    mutating func nextNormal() -> Double {
        let u = max(nextUnit(), 1e-300), v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
