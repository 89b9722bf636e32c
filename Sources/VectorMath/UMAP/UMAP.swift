import Dispatch
import Foundation

/// UMAP (McInnes, Healy and Melville 2018) as umap-learn 0.5 implements it, Euclidean input,
/// for project search's map: the k-nearest-neighbour graph (exact by GEMM below
/// `exactNeighborLimit` points, else random-projection trees + NN-descent, `NearestNeighborDescent`),
/// each point's smoothed neighbour distances (ρ, σ by bisection), the fuzzy union of the
/// directed membership graphs, a and b fitted to `minimumDistance` and `spread`
/// (`CurveParameters`), spectral initialisation (PCA when the graph is not connected), and
/// edge-sampled SGD with negative sampling (`Layout`; 500 epochs up to 10,000 points, else 200).
///
/// Re-projection is quick: `neighbors(of:)` is the expensive part and its `NeighborGraph` can be
/// kept and passed to `embed(graph:data:)` again with other parameters (another
/// `minimumDistance`, seed or epoch count, fewer neighbours, a subset by
/// `NeighborGraph.restricted(to:)`).
package struct UMAP: Sendable {
    /// k, the points in each neighbourhood, the point itself included (umap-learn's
    /// `n_neighbors`).
    package var neighborCount: Int
    package var minimumDistance: Double
    package var spread: Double
    /// Optimisation epochs; `nil` for umap-learn's default (500 up to 10,000 points, else 200).
    package var epochs: Int?
    package var dimensions: Int
    package var initialization: UMAPInitialization
    package var seed: UInt64
    /// Threads for the SGD (Hogwild); 1 makes the map a function of the seed alone (the k-NN
    /// graph always is: its scans use every core but apply their results in a fixed order).
    package var threads: Int
    /// Below this many points the k-NN graph is exact (umap-learn's threshold: 4,096).
    package var exactNeighborLimit: Int

    package init(
        neighborCount: Int = 15, minimumDistance: Double = 0.1, spread: Double = 1, epochs: Int? = nil,
        dimensions: Int = 2, initialization: UMAPInitialization = .spectral, seed: UInt64 = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, exactNeighborLimit: Int = 4096
    ) {
        self.neighborCount = neighborCount
        self.minimumDistance = minimumDistance
        self.spread = spread
        self.epochs = epochs
        self.dimensions = dimensions
        self.initialization = initialization
        self.seed = seed
        self.threads = threads
        self.exactNeighborLimit = exactNeighborLimit
    }

    /// The rows of `data` embedded in `dimensions` dimensions: `data.rows × dimensions`.
    package func fit(_ data: Matrix) throws -> Matrix {
        try embed(graph: neighbors(of: data), data: data)
    }

    /// Each row's `neighborCount` nearest rows (itself first), exact or approximate by size.
    package func neighbors(of data: Matrix, k: Int? = nil) throws -> NeighborGraph {
        let k = k ?? neighborCount
        guard k >= 2 else { throw VectorMathError.invalidParameter("neighborCount must be at least 2 (got \(k))") }
        guard data.rows > k else { throw VectorMathError.notEnoughPoints(needed: k + 1, available: data.rows) }
        if data.rows < exactNeighborLimit {
            let found = try NeighborSearch(metric: .euclidean).neighbors(
                of: data, in: data, k: k - 1, excludingSelf: true)
            var indices = [Int32](repeating: 0, count: data.rows * k)
            var distances = [Float](repeating: 0, count: data.rows * k)
            for i in 0..<data.rows {
                indices[i * k] = Int32(i)
                for j in 1..<k {
                    indices[i * k + j] = Int32(found.indices[i * (k - 1) + j - 1])
                    distances[i * k + j] = found.distances[i * (k - 1) + j - 1]
                }
            }
            return NeighborGraph(count: data.rows, k: k, indices: indices, distances: distances)
        }
        return NearestNeighborDescent(k: k, seed: seed).graph(of: data)
    }

    /// The fuzzy simplicial set of `graph` (its first `neighborCount` neighbours).
    package func fuzzyGraph(_ graph: NeighborGraph) throws -> FuzzyGraph {
        guard neighborCount >= 2, neighborCount <= graph.k else {
            throw VectorMathError.invalidParameter(
                "neighborCount \(neighborCount) must be in 2...\(graph.k), the neighbours the graph holds")
        }
        return FuzzySimplicialSet.make(graph.truncated(to: neighborCount))
    }

    /// The embedding from a kept neighbour graph; `data` (the graph's points, in its order) is
    /// read only by the PCA initialisation.
    package func embed(graph: NeighborGraph, data: Matrix) throws -> Matrix {
        guard dimensions >= 1 else { throw VectorMathError.invalidParameter("dimensions must be at least 1") }
        guard minimumDistance >= 0, spread > 0, minimumDistance <= spread else {
            throw VectorMathError.invalidParameter("need 0 ≤ minimumDistance ≤ spread and spread > 0")
        }
        guard data.rows == graph.count else { throw VectorMathError.dimensionMismatch(data.rows, graph.count) }
        var clock = StageClock()
        var fuzzy = try fuzzyGraph(graph)
        clock.mark("fuzzy set")
        let epochs = self.epochs ?? (graph.count <= 10_000 ? 500 : 200)
        // Edges too weak to be sampled once in `epochs` are dropped, as in umap-learn.
        if let maximum = fuzzy.weights.max() {
            let cut = maximum / Float(epochs > 10 ? epochs : (graph.count <= 10_000 ? 500 : 200))
            var keep: [Int] = []
            for e in fuzzy.weights.indices where fuzzy.weights[e] >= cut { keep.append(e) }
            fuzzy = FuzzyGraph(
                count: fuzzy.count, heads: keep.map { fuzzy.heads[$0] }, tails: keep.map { fuzzy.tails[$0] },
                weights: keep.map { fuzzy.weights[$0] })
        }
        var random = SeededGenerator(seed: seed)
        var start: [Float]?
        if initialization == .spectral {
            start = Initialization.spectral(fuzzy, dimensions: dimensions, random: &random)
        }
        clock.mark("spectral")
        var embedding = start ?? Initialization.pca(data, dimensions: dimensions, random: &random)
        clock.mark("pca")
        // umap-learn's noisy_scale_coords, then each axis scaled to [0, 10].
        let largest = embedding.reduce(0) { max($0, abs($1)) }
        let expansion: Float = largest > 0 ? 10 / largest : 1
        for i in embedding.indices { embedding[i] = embedding[i] * expansion + Float(random.nextNormal() * 1e-4) }
        for d in 0..<dimensions {
            var low = Float.infinity, high = -Float.infinity
            for i in 0..<graph.count {
                low = min(low, embedding[i * dimensions + d])
                high = max(high, embedding[i * dimensions + d])
            }
            let range = high > low ? high - low : 1
            for i in 0..<graph.count {
                embedding[i * dimensions + d] = 10 * (embedding[i * dimensions + d] - low) / range
            }
        }
        let (a, b) = CurveParameters.fit(spread: spread, minimumDistance: minimumDistance)
        Layout(a: Float(a), b: Float(b)).optimize(
            embedding: &embedding, dimensions: dimensions, graph: fuzzy, epochs: epochs, seed: random.next(),
            threads: threads)
        clock.mark("sgd")
        return Matrix(rows: graph.count, columns: dimensions, values: embedding)
    }
}

/// Stage times on standard error when `VECTORMATH_TRACE` is set (profiling the benchmark): wall
/// and process CPU seconds (the CPU time is the steadier figure on a shared machine).
struct StageClock {
    private let enabled = ProcessInfo.processInfo.environment["VECTORMATH_TRACE"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = StageClock.cpu()

    mutating func mark(_ stage: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds, cpu = Self.cpu()
        FileHandle.standardError.write(
            Data("\(stage): \(Double(now - last) / 1e9) s (CPU \(cpu - lastCPU) s)\n".utf8))
        last = now
        lastCPU = cpu
    }

    private static func cpu() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
