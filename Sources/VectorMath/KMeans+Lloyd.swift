/// One data set's k-means machinery, shared by every initialisation: the data and its squared
/// row norms (computed once), the assignment by GEMM, the centroid update, the inertia.
struct Lloyd {
    let data: Matrix
    let norms: [Float]
    let clusterCount: Int
    let rowBlock: Int

    init(data: Matrix, clusterCount: Int, rowBlock: Int) {
        self.data = data
        norms = data.squaredRowNorms()
        self.clusterCount = clusterCount
        self.rowBlock = rowBlock
    }

    struct Run {
        var centroids: Matrix
        var labels: [Int]
        var inertia: Double
        var iterations: Int
        var converged: Bool
    }

    /// Lloyd's iterations from `start`, stopping as scikit-learn's `_kmeans_single_lloyd` does:
    /// when an assignment repeats the previous one exactly, or when the centroids' total squared
    /// shift is at most `tolerance`; the labels returned are those of the final centroids.
    func run(from start: Matrix, maximumIterations: Int, tolerance: Double) -> Run {
        var centroids = start
        var previous: [Int32] = []
        var labels: [Int32] = []
        var converged = false
        var strictlyConverged = false
        var iterations = 0
        while iterations < maximumIterations {
            iterations += 1
            let assignment = assign(to: centroids)
            labels = assignment.labels
            let updated = update(centroids, labels: labels, distances: assignment.distances)
            let shift = Self.squaredShift(centroids, updated)
            centroids = updated
            if labels == previous {
                converged = true
                strictlyConverged = true
                break
            }
            if shift <= tolerance {
                converged = true
                break
            }
            previous = labels
        }
        if !strictlyConverged { labels = assign(to: centroids).labels }
        return Run(
            centroids: centroids, labels: labels.map(Int.init), inertia: inertia(centroids, labels: labels),
            iterations: iterations, converged: converged)
    }

    /// Each row's nearest centroid (ties to the lower index) and its squared distance, by GEMM.
    func assign(to centroids: Matrix) -> (labels: [Int32], distances: [Float]) {
        var labels = [Int32](repeating: 0, count: data.rows)
        var best = [Float](repeating: .infinity, count: data.rows)
        let tiles = DistanceTiles(
            queries: data, queryNorms: norms, reference: centroids, referenceNorms: centroids.squaredRowNorms(),
            queryBlock: rowBlock, referenceBlock: 1024)
        labels.withUnsafeMutableBufferPointer { labels in
            best.withUnsafeMutableBufferPointer { best in
                tiles.referenceBase.withUnsafeBufferPointer { base in
                    for queryRows in tiles.queryBlocks {
                        tiles.forEachTile(queryRows: queryRows) { centroidRows, tile in
                            Parallel.forEachChunk(queryRows.count, minimumChunk: 256) { chunk in
                                for local in chunk {
                                    let row = queryRows.lowerBound + local
                                    let keys = tile + local * centroidRows.count
                                    var bestKey = best[row], bestLabel = labels[row]
                                    for column in 0..<centroidRows.count {
                                        let key = keys[column] + base[centroidRows.lowerBound + column]
                                        if key < bestKey {
                                            bestKey = key
                                            bestLabel = Int32(truncatingIfNeeded: centroidRows.lowerBound + column)
                                        }
                                    }
                                    best[row] = bestKey
                                    labels[row] = bestLabel
                                }
                            }
                        }
                    }
                }
            }
        }
        for row in 0..<data.rows { best[row] = max(0, best[row] + norms[row]) }
        return (labels, best)
    }

    /// The mean of each cluster's rows. A cluster left empty takes, as scikit-learn's
    /// `_relocate_empty_clusters` does, one of the rows farthest from their own centroid (the
    /// farthest first, ties to the lower index), which leaves its old cluster.
    func update(_ centroids: Matrix, labels: [Int32], distances: [Float]) -> Matrix {
        let columns = data.columns, k = clusterCount
        let chunks = Parallel.chunks(data.rows, minimumChunk: 1024)
        var partialSums = [Double](repeating: 0, count: chunks.count * k * columns)
        var partialCounts = [Int](repeating: 0, count: chunks.count * k)
        data.values.withUnsafeBufferPointer { values in
            partialSums.withUnsafeMutableBufferPointer { sums in
                partialCounts.withUnsafeMutableBufferPointer { counts in
                    Parallel.forEach(chunks) { number, chunk in
                        let sumBase = number * k * columns
                        for row in chunk {
                            let label = Int(labels[row])
                            counts[number * k + label] += 1
                            let target = sumBase + label * columns
                            for column in 0..<columns {
                                sums[target + column] += Double(values[row * columns + column])
                            }
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: k * columns)
        var counts = [Int](repeating: 0, count: k)
        for number in 0..<chunks.count {
            for index in 0..<k * columns { sums[index] += partialSums[number * k * columns + index] }
            for cluster in 0..<k { counts[cluster] += partialCounts[number * k + cluster] }
        }

        let empty = (0..<k).filter { counts[$0] == 0 }
        if !empty.isEmpty {
            // The exact distances, not the GEMM's, to choose the farthest rows.
            let exact = (0..<data.rows).map {
                Metric.squaredEuclidean.distance(data.row($0), centroids.row(Int(labels[$0])))
            }
            let farthest = (0..<data.rows).sorted { exact[$0] > exact[$1] || (exact[$0] == exact[$1] && $0 < $1) }
            for (cluster, row) in zip(empty, farthest) {
                let old = Int(labels[row])
                for (column, value) in data.row(row).enumerated() {
                    sums[old * columns + column] -= Double(value)
                    sums[cluster * columns + column] = Double(value)
                }
                counts[old] -= 1
                counts[cluster] = 1
            }
        }

        var updated = centroids
        updated.withUnsafeMutableValues { out in
            for cluster in 0..<k where counts[cluster] > 0 {
                let count = Double(counts[cluster])
                for column in 0..<columns {
                    out[cluster * columns + column] = Float(sums[cluster * columns + column] / count)
                }
            }
        }
        return updated
    }

    /// Σ ‖x − c(x)‖², each term computed directly from the vectors, summed in `Double`.
    func inertia(_ centroids: Matrix, labels: [Int32]) -> Double {
        let chunks = Parallel.chunks(data.rows, minimumChunk: 1024)
        var partial = [Double](repeating: 0, count: chunks.count)
        let columns = data.columns
        data.values.withUnsafeBufferPointer { values in
            centroids.values.withUnsafeBufferPointer { centroidValues in
                partial.withUnsafeMutableBufferPointer { partial in
                    Parallel.forEach(chunks) { number, chunk in
                        var sum = 0.0
                        for row in chunk {
                            sum += Double(
                                Metric.squaredEuclidean.distance(
                                    values.baseAddress.map { $0 + row * columns },
                                    centroidValues.baseAddress.map { $0 + Int(labels[row]) * columns },
                                    columns))
                        }
                        partial[number] = sum
                    }
                }
            }
        }
        return partial.reduce(0, +)
    }

    static func squaredShift(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.values, b.values).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
    }
}
