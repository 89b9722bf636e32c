import Foundation

/// Each point's k nearest neighbours *including itself* (first, at distance 0), as UMAP reads
/// them: `count × k` indices and Euclidean distances, row-major, nearest first. Kept by a caller
/// so that re-projections (another `minimumDistance`, fewer neighbours, another seed) skip the
/// search, which is most of UMAP's time on large sets.
package struct NeighborGraph: Sendable, Equatable {
    package let count: Int
    package let k: Int
    package let indices: [Int32]
    package let distances: [Float]

    package init(count: Int, k: Int, indices: [Int32], distances: [Float]) {
        precondition(indices.count == count * k && distances.count == count * k, "NeighborGraph: shape")
        self.count = count
        self.k = k
        self.indices = indices
        self.distances = distances
    }

    /// The first `k` neighbours of each point (a graph kept with more neighbours than a
    /// re-projection asks for).
    package func truncated(to k: Int) -> NeighborGraph {
        precondition(k >= 1 && k <= self.k, "NeighborGraph: cannot truncate \(self.k) neighbours to \(k)")
        if k == self.k { return self }
        var newIndices: [Int32] = [], newDistances: [Float] = []
        newIndices.reserveCapacity(count * k)
        newDistances.reserveCapacity(count * k)
        for row in 0..<count {
            newIndices.append(contentsOf: indices[row * self.k..<row * self.k + k])
            newDistances.append(contentsOf: distances[row * self.k..<row * self.k + k])
        }
        return NeighborGraph(count: count, k: k, indices: newIndices, distances: newDistances)
    }

    /// The graph among the points `subset` only (renumbered `0 ..< subset.count` in that order):
    /// each point keeps those of its neighbours that are in the subset, so a point whose
    /// neighbours mostly lie outside keeps fewer (marked −1). Quick, and sound for a subset that
    /// is a region of the map (a lasso); for a sparse random sample, search the subset again.
    package func restricted(to subset: [Int]) -> NeighborGraph {
        var position = [Int32](repeating: -1, count: count)
        for (new, old) in subset.enumerated() { position[old] = Int32(new) }
        var newIndices = [Int32](repeating: -1, count: subset.count * k)
        var newDistances = [Float](repeating: .infinity, count: subset.count * k)
        for (new, old) in subset.enumerated() {
            var slot = 0
            for j in 0..<k {
                let neighbour = indices[old * k + j]
                guard neighbour >= 0, position[Int(neighbour)] >= 0 else { continue }
                newIndices[new * k + slot] = position[Int(neighbour)]
                newDistances[new * k + slot] = distances[old * k + j]
                slot += 1
            }
        }
        return NeighborGraph(count: subset.count, k: k, indices: newIndices, distances: newDistances)
    }
}

/// A symmetric sparse graph in coordinate form, rows sorted then columns sorted (as SciPy's
/// `tocoo()` of a canonical CSR matrix): UMAP's fuzzy simplicial set.
package struct FuzzyGraph: Sendable {
    package let count: Int
    package var heads: [Int32]
    package var tails: [Int32]
    package var weights: [Float]
}

/// umap-learn's `smooth_knn_dist`, `compute_membership_strengths` and the fuzzy union
/// (`set_op_mix_ratio = 1`, `local_connectivity = 1`, `bandwidth = 1`).
enum FuzzySimplicialSet {
    static let smoothKTolerance: Float = 1e-5
    static let minimumKDistanceScale: Float = 1e-3

    /// Each point's ρ (distance to its nearest non-identical neighbour) and σ (the scale at
    /// which its neighbours' memberships sum to log₂ k), by bisection as umap-learn does
    /// (64 steps at most, float32 like its numba code on float32 distances).
    static func smoothDistances(_ graph: NeighborGraph) -> (sigmas: [Float], rhos: [Float]) {
        let k = graph.k, count = graph.count
        let target = log2(Float(k))
        var sigmas = [Float](repeating: 0, count: count), rhos = [Float](repeating: 0, count: count)
        var total: Double = 0, finite = 0
        for value in graph.distances where value.isFinite {
            total += Double(value)
            finite += 1
        }
        let meanDistances = Float(total / Double(max(1, finite)))
        sigmas.withUnsafeMutableBufferPointer { sigmas in
            rhos.withUnsafeMutableBufferPointer { rhos in
                graph.distances.withUnsafeBufferPointer { distances in
                    Parallel.forEachChunk(count, minimumChunk: 512) { chunk in
                        for i in chunk {
                            let row = distances.baseAddress! + i * k
                            // ρ: the first distance above zero (local_connectivity = 1).
                            var rho: Float = 0
                            for j in 0..<k where row[j] > 0 && row[j].isFinite {
                                rho = row[j]
                                break
                            }
                            var low: Float = 0, high = Float.infinity, mid: Float = 1
                            for _ in 0..<64 {
                                var sum: Float = 0
                                for j in 1..<k where row[j].isFinite {
                                    let d = row[j] - rho
                                    sum += d > 0 ? exp(-(d / mid)) : 1
                                }
                                if abs(sum - target) < smoothKTolerance { break }
                                if sum > target {
                                    high = mid
                                    mid = (low + high) / 2
                                } else {
                                    low = mid
                                    mid = high == .infinity ? mid * 2 : (low + high) / 2
                                }
                            }
                            var sigma = mid
                            if rho > 0 {
                                var rowSum: Float = 0, rowCount = 0
                                for j in 0..<k where row[j].isFinite {
                                    rowSum += row[j]
                                    rowCount += 1
                                }
                                let meanRow = rowSum / Float(max(1, rowCount))
                                sigma = max(sigma, minimumKDistanceScale * meanRow)
                            } else {
                                sigma = max(sigma, minimumKDistanceScale * meanDistances)
                            }
                            sigmas[i] = sigma
                            rhos[i] = rho
                        }
                    }
                }
            }
        }
        return (sigmas, rhos)
    }

    /// The fuzzy union A + Aᵀ − A∘Aᵀ of the directed membership graph A.
    static func make(_ graph: NeighborGraph) -> FuzzyGraph {
        let (sigmas, rhos) = smoothDistances(graph)
        let k = graph.k, count = graph.count
        // Directed memberships, as a dictionary per row: (i → j) = w.
        var rows = [[(Int32, Float)]](repeating: [], count: count)
        for i in 0..<count {
            for j in 0..<k {
                let neighbour = graph.indices[i * k + j]
                guard neighbour >= 0, Int(neighbour) != i else { continue }
                let d = graph.distances[i * k + j]
                let value: Float =
                    (d - rhos[i] <= 0 || sigmas[i] == 0) ? 1 : exp(-((d - rhos[i]) / sigmas[i]))
                guard value != 0 else { continue }
                rows[i].append((neighbour, value))
            }
        }
        // Aᵀ's rows, each in column order as they are filled row by row; A's rows sorted too, so
        // each row of the union is a merge of two sorted lists (a dictionary per row was most
        // of this step's time).
        var transposed = [[(Int32, Float)]](repeating: [], count: count)
        for i in 0..<count {
            for (j, w) in rows[i] { transposed[Int(j)].append((Int32(i), w)) }
            rows[i].sort { $0.0 < $1.0 }
        }
        var heads: [Int32] = [], tails: [Int32] = [], weights: [Float] = []
        heads.reserveCapacity(count * k * 2)
        tails.reserveCapacity(count * k * 2)
        weights.reserveCapacity(count * k * 2)
        for i in 0..<count {
            let row = rows[i], column = transposed[i]
            var r = 0, c = 0
            while r < row.count || c < column.count {
                let j = min(r < row.count ? row[r].0 : .max, c < column.count ? column[c].0 : .max)
                // A's and Aᵀ's entries at (i, j), repeated ones summed.
                var a: Float = 0, b: Float = 0
                while r < row.count, row[r].0 == j {
                    a += row[r].1
                    r += 1
                }
                while c < column.count, column[c].0 == j {
                    b += column[c].1
                    c += 1
                }
                let value = a + b - a * b
                guard value != 0 else { continue }
                heads.append(Int32(i))
                tails.append(j)
                weights.append(value)
            }
        }
        return FuzzyGraph(count: count, heads: heads, tails: tails, weights: weights)
    }
}
