/// k-means clustering as scikit-learn's `KMeans(algorithm="lloyd")` does it: greedy k-means++
/// seeding, Lloyd iterations until the labels stop changing or the centroids move less than the
/// tolerance, empty clusters given the points farthest from their centroids, and the best of
/// several seeded initialisations (its `n_init`) kept by inertia.
///
/// Reproducible: the same data, parameters and `seed` give the same result on every run and
/// machine with the same BLAS (the initialisations' seeds come from `seed` through
/// `SeededGenerator`); the results are not scikit-learn's own, whose random stream differs.
///
/// Each Lloyd step's assignment is one GEMM of data against centroids in row blocks
/// (`DistanceTiles`, ‖x‖² + ‖c‖² − 2xc); the centroid update and the inertia sum in `Double`.
package struct KMeans: Sendable {
    /// k.
    package var clusterCount: Int
    /// How many seeded initialisations to run, keeping the lowest inertia (`n_init`).
    package var initializations: Int
    /// Lloyd iterations per initialisation at most (`max_iter`).
    package var maximumIterations: Int
    /// Convergence when the centroids' total squared movement in one iteration is at most this
    /// times the data's mean per-feature variance (`tol`, scaled as scikit-learn scales it).
    package var tolerance: Double
    package var seed: UInt64
    /// Data rows per assignment GEMM block (memory: `rowBlock × clusterCount` floats).
    package var rowBlock: Int

    package init(
        clusterCount: Int, initializations: Int = 3, maximumIterations: Int = 300,
        tolerance: Double = 1e-4, seed: UInt64 = 0, rowBlock: Int = 4096
    ) {
        self.clusterCount = clusterCount
        self.initializations = initializations
        self.maximumIterations = maximumIterations
        self.tolerance = tolerance
        self.seed = seed
        self.rowBlock = rowBlock
    }

    /// Clusters the rows of `data`.
    package func fit(_ data: Matrix) throws -> KMeansResult {
        guard clusterCount >= 1 else {
            throw VectorMathError.invalidParameter("clusterCount must be at least 1 (got \(clusterCount))")
        }
        guard initializations >= 1 else {
            throw VectorMathError.invalidParameter("initializations must be at least 1 (got \(initializations))")
        }
        guard maximumIterations >= 1 else {
            throw VectorMathError.invalidParameter("maximumIterations must be at least 1 (got \(maximumIterations))")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw VectorMathError.invalidParameter("tolerance must be finite and not negative")
        }
        guard rowBlock >= 1 else { throw VectorMathError.invalidParameter("rowBlock must be positive") }
        guard data.rows >= clusterCount else {
            throw VectorMathError.notEnoughPoints(needed: clusterCount, available: data.rows)
        }

        let lloyd = Lloyd(data: data, clusterCount: clusterCount, rowBlock: rowBlock)
        let scaledTolerance = tolerance * Self.meanVariance(data)
        var seeds = SeededGenerator(seed: seed)
        var best: KMeansResult?
        var inertias: [Double] = []
        for initialization in 0..<initializations {
            var generator = SeededGenerator(seed: seeds.next())
            let start = lloyd.seedPlusPlus(using: &generator)
            let run = lloyd.run(from: start, maximumIterations: maximumIterations, tolerance: scaledTolerance)
            inertias.append(run.inertia)
            if best == nil || run.inertia < best!.inertia {
                best = KMeansResult(
                    centroids: run.centroids, labels: run.labels, inertia: run.inertia, iterations: run.iterations,
                    converged: run.converged, bestInitialization: initialization, inertias: [])
            }
        }
        let chosen = best!
        return KMeansResult(
            centroids: chosen.centroids, labels: chosen.labels, inertia: chosen.inertia, iterations: chosen.iterations,
            converged: chosen.converged, bestInitialization: chosen.bestInitialization, inertias: inertias)
    }

    /// The mean over columns of each column's (population) variance.
    static func meanVariance(_ data: Matrix) -> Double {
        guard data.rows > 0, data.columns > 0 else { return 0 }
        var sum = [Double](repeating: 0, count: data.columns)
        var sumOfSquares = [Double](repeating: 0, count: data.columns)
        for row in 0..<data.rows {
            for (column, value) in data.row(row).enumerated() {
                sum[column] += Double(value)
                sumOfSquares[column] += Double(value) * Double(value)
            }
        }
        let n = Double(data.rows)
        let variances = zip(sum, sumOfSquares).map { max(0, $1 / n - ($0 / n) * ($0 / n)) }
        return variances.reduce(0, +) / Double(data.columns)
    }
}

/// A fitted k-means: the best initialisation's centroids, labels and inertia.
package struct KMeansResult: Sendable, Equatable {
    /// `clusterCount × dimension`.
    package let centroids: Matrix
    /// Each row's cluster, `0 ..< clusterCount`, its nearest centroid (ties to the lower index).
    package let labels: [Int]
    /// The sum of squared distances from each row to its centroid (scikit-learn's `inertia_`).
    package let inertia: Double
    /// Lloyd iterations the kept initialisation ran (`n_iter_`).
    package let iterations: Int
    /// Whether it stopped by convergence rather than by `maximumIterations`.
    package let converged: Bool
    /// Which initialisation was kept, from 0.
    package let bestInitialization: Int
    /// Every initialisation's final inertia, in order.
    package let inertias: [Double]
}
