/// How far an embedding keeps each point's neighbourhood (Venna and Kaski 2001), as
/// scikit-learn's `sklearn.manifold.trustworthiness`: 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ}
/// max(0, r(i, j) − k), where Uᵢ are i's k nearest neighbours in the embedding and r(i, j) is
/// j's rank among i's neighbours in the original space (1 = nearest, i itself excluded).
/// Euclidean in both spaces. 1 when every embedded neighbourhood is an original one.
///
/// Memory stays at one distance tile: the original distances are computed by GEMM in tiles
/// (`DistanceTiles`), and each row's ranks are counted against its k embedded neighbours'
/// distances, never sorted. Time is one n × n × dimension GEMM.
package enum Trustworthiness {
    package static func score(original: Matrix, embedded: Matrix, k: Int) throws -> Double {
        let n = original.rows
        guard embedded.rows == n else { throw VectorMathError.dimensionMismatch(embedded.rows, n) }
        guard k >= 1, Double(k) < Double(n) / 2 else {
            throw VectorMathError.invalidParameter("k must be at least 1 and below n / 2 (got \(k) for \(n) points)")
        }
        let neighbours = try NeighborSearch(metric: .euclidean).neighbors(
            of: embedded, in: embedded, k: k, excludingSelf: true)
        let tiles = DistanceTiles(
            queries: original, reference: original, metric: .squaredEuclidean, queryBlock: 512,
            referenceBlock: 4096)
        // For each point and each of its embedded neighbours: how many other points are closer
        // in the original space (its rank − 1).
        var closer = [Int](repeating: 0, count: n * k)
        var thresholds = [Float](repeating: 0, count: n * k)
        closer.withUnsafeMutableBufferPointer { closer in
            thresholds.withUnsafeMutableBufferPointer { thresholds in
                original.values.withUnsafeBufferPointer { values in
                    let columns = original.columns
                    // The neighbours' squared distances, directly from the vectors (the tiles'
                    // keys carry float32 rounding; a neighbour is never counted against itself).
                    Parallel.forEachChunk(n, minimumChunk: 64) { rows in
                        for i in rows {
                            for slot in 0..<k {
                                let j = neighbours.indices[i * k + slot]
                                thresholds[i * k + slot] = Kernels.squaredDistance(
                                    values.baseAddress! + i * columns, values.baseAddress! + j * columns, columns)
                            }
                        }
                    }
                }
                for queryRows in tiles.queryBlocks {
                    tiles.forEachTile(queryRows: queryRows) { referenceRows, tile in
                        Parallel.forEachChunk(queryRows.count, minimumChunk: 8) { chunk in
                            for local in chunk {
                                let i = queryRows.lowerBound + local
                                let row = tile + local * referenceRows.count
                                let offset = tiles.queryOffsets[i]
                                for column in 0..<referenceRows.count {
                                    let m = referenceRows.lowerBound + column
                                    if m == i { continue }
                                    let key = max(0, row[column] + tiles.referenceBase[m] + offset)
                                    for slot in 0..<k
                                    where key < thresholds[i * k + slot] && neighbours.indices[i * k + slot] != m {
                                        closer[i * k + slot] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var total = 0.0
        for value in closer where value + 1 > k { total += Double(value + 1 - k) }
        let n64 = Double(n), k64 = Double(k)
        return 1 - total * (2 / (n64 * k64 * (2 * n64 - 3 * k64 - 1)))
    }
}
