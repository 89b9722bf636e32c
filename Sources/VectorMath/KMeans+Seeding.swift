import Foundation

extension Lloyd {
    /// Greedy k-means++ (Arthur and Vassilvitskii 2007, as scikit-learn's `_kmeans_plusplus`):
    /// the first centroid a uniformly drawn row; each next one the best of `2 + ⌊ln k⌋` rows drawn
    /// with probability proportional to their squared distance to the nearest centroid so far,
    /// "best" meaning the lowest resulting potential (sum of those distances). Distances from the
    /// candidates to all rows come from one GEMM per step.
    func seedPlusPlus(using generator: inout SeededGenerator) -> Matrix {
        let n = data.rows, k = clusterCount
        let trials = 2 + Int(log(Double(k)))
        var chosen = [generator.next(below: n)]
        var closest = distances(fromRows: chosen)
        var potential = closest.reduce(0.0) { $0 + Double($1) }
        var cumulative = [Double](repeating: 0, count: n)
        while chosen.count < k {
            var running = 0.0
            for row in 0..<n {
                running += Double(closest[row])
                cumulative[row] = running
            }
            let candidates = (0..<trials).map { _ in
                min(n - 1, Self.firstIndex(in: cumulative, atLeast: generator.nextUnit() * potential))
            }
            let candidateDistances = distances(fromRows: candidates)
            var bestTrial = 0
            var bestPotential = Double.infinity
            var bestDistances: ArraySlice<Float> = []
            for trial in 0..<trials {
                var merged = candidateDistances[trial * n..<(trial + 1) * n]
                var sum = 0.0
                for row in 0..<n {
                    let value = min(merged[trial * n + row], closest[row])
                    merged[trial * n + row] = value
                    sum += Double(value)
                }
                if sum < bestPotential {
                    (bestTrial, bestPotential, bestDistances) = (trial, sum, merged)
                }
            }
            chosen.append(candidates[bestTrial])
            closest = Array(bestDistances)
            potential = bestPotential
        }
        return data.rows(at: chosen)
    }

    /// Squared distances from each of `rows` to every row: `rows.count × n`, row-major.
    private func distances(fromRows rows: [Int]) -> [Float] {
        let n = data.rows
        let candidates = data.rows(at: rows)
        let candidateNorms = rows.map { norms[$0] }
        let tiles = DistanceTiles(
            queries: candidates, queryNorms: candidateNorms, reference: data, referenceNorms: norms,
            queryBlock: rows.count, referenceBlock: 8192)
        var out = [Float](repeating: 0, count: rows.count * n)
        out.withUnsafeMutableBufferPointer { out in
            tiles.forEachTile(queryRows: 0..<rows.count) { dataRows, tile in
                for trial in 0..<rows.count {
                    let keys = tile + trial * dataRows.count
                    for column in 0..<dataRows.count {
                        let row = dataRows.lowerBound + column
                        out[trial * n + row] = max(0, keys[column] + norms[row] + candidateNorms[trial])
                    }
                }
            }
        }
        return out
    }

    /// The first index whose cumulative sum reaches `value` (NumPy's `searchsorted`, left side).
    static func firstIndex(in cumulative: [Double], atLeast value: Double) -> Int {
        var low = 0, high = cumulative.count
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
