import Foundation
import TestSupport
import Testing

@testable import VectorMath

/// UMAP and trustworthiness against scikit-learn, SciPy and umap-learn on the same small seeded
/// data (`Python/umap_data.py`). umap-learn's own trustworthiness on that data is recorded in
/// `Python/umap_learn_reference.json` by `umap_learn_reference.py` (its numba compilation takes
/// longer than this suite may); everything else is computed by `reference.py` at test time.
@Suite(.enabled(if: Reference.python != nil)) struct UMAPReferenceTests {
    struct Recorded: Decodable {
        struct Scores: Decodable { let trustworthiness: [Double] }
        let blobs: Scores
        let roll: Scores
    }

    static func recorded() throws -> Recorded {
        let url = try #require(
            Bundle.module.url(forResource: "umap_learn_reference", withExtension: "json", subdirectory: "Python"))
        return try JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
    }

    @Test func curveParametersAgreeWithSciPysCurveFit() throws {
        let reference = try ScikitLearnReferenceTests.reference.get()
        let cases = try reference.float64("curve_parameters")
        #expect(cases.count == 20)
        for row in stride(from: 0, to: cases.count, by: 4) {
            let (a, b) = CurveParameters.fit(spread: cases[row], minimumDistance: cases[row + 1])
            #expect(
                abs(a - cases[row + 2]) <= 1e-4 * cases[row + 2],
                "spread \(cases[row]) min_dist \(cases[row + 1]): a \(a) vs \(cases[row + 2])")
            #expect(
                abs(b - cases[row + 3]) <= 1e-4 * cases[row + 3],
                "spread \(cases[row]) min_dist \(cases[row + 1]): b \(b) vs \(cases[row + 3])")
        }
    }

    @Test(arguments: [5, 15])
    func trustworthinessAgreesWithScikitLearn(k: Int) async throws {
        let reference = try ScikitLearnReferenceTests.reference.get()
        let points = try reference.matrix("umap_blobs"), crude = try reference.matrix("crude_embedding")
        let theirs = try #require(reference.shapes["trustworthiness_\(k)"] as? Double)
        let ours = try await offTheTestPool { try Trustworthiness.score(original: points, embedded: crude, k: k) }
        #expect(abs(ours - theirs) < 1e-6, "trustworthiness \(ours) vs scikit-learn's \(theirs)")
        // A perfect embedding (the data itself) scores 1.
        let perfect = try await offTheTestPool { try Trustworthiness.score(original: points, embedded: points, k: k) }
        #expect(abs(perfect - 1) < 1e-12)
    }

    @Test func separatedClustersStaySeparatedAndAsTrustworthyAsUmapLearns() async throws {
        let reference = try ScikitLearnReferenceTests.reference.get()
        let points = try reference.matrix("umap_blobs")
        let labels = try reference.int64("umap_blob_labels").map(Int.init)
        let umapLearn = try Self.recorded().blobs.trustworthiness
        let (embedding, score) = try await offTheTestPool {
            let embedding = try UMAP(epochs: 200, seed: 42).fit(points)
            return (embedding, try Trustworthiness.score(original: points, embedded: embedding, k: 15))
        }
        let mean = umapLearn.reduce(0, +) / Double(umapLearn.count)
        #expect(score >= mean - 0.015, "trustworthiness \(score) vs umap-learn's \(umapLearn)")
        // Every point's 10 nearest points on the map are from its own cluster.
        let near = try NeighborSearch().neighbors(of: embedding, in: embedding, k: 10, excludingSelf: true)
        let foreign = (0..<points.rows).reduce(0) { sum, i in
            sum + near.indices(ofQuery: i).filter { labels[$0] != labels[i] }.count
        }
        #expect(foreign == 0, "\(foreign) of \(points.rows * 10) map neighbours from another cluster")
    }

    @Test func aConnectedRollGetsTheSpectralStartAndIsAsTrustworthyAsUmapLearns() async throws {
        let reference = try ScikitLearnReferenceTests.reference.get()
        let points = try reference.matrix("umap_roll")
        let umapLearn = try Self.recorded().roll.trustworthiness
        let umap = UMAP(epochs: 200, seed: 42)
        let (fuzzy, score) = try await offTheTestPool {
            let graph = try umap.neighbors(of: points)
            let embedding = try umap.embed(graph: graph, data: points)
            return (try umap.fuzzyGraph(graph), try Trustworthiness.score(original: points, embedded: embedding, k: 15))
        }
        #expect(Initialization.components(fuzzy) == 1)
        let mean = umapLearn.reduce(0, +) / Double(umapLearn.count)
        #expect(score >= mean - 0.015, "trustworthiness \(score) vs umap-learn's \(umapLearn)")
    }
}

/// UMAP's parts on their own (no Python).
@Suite struct UMAPTests {
    /// Two 8-d Gaussian blobs of `perBlob` points each, seeded.
    static func twoBlobs(_ perBlob: Int, seed: UInt64 = 3) -> Matrix {
        var random = SeededGenerator(seed: seed)
        var values: [Float] = []
        for blob in 0..<2 {
            for _ in 0..<perBlob {
                for d in 0..<8 { values.append(Float(random.nextNormal()) + (d == 0 ? Float(blob) * 12 : 0)) }
            }
        }
        return Matrix(rows: 2 * perBlob, columns: 8, values: values)
    }

    @Test func eachPointsMembershipsSumToLog2K() throws {
        let points = Self.twoBlobs(100)
        let graph = try UMAP(neighborCount: 10).neighbors(of: points)
        let (sigmas, rhos) = FuzzySimplicialSet.smoothDistances(graph)
        for i in 0..<graph.count {
            var sum: Float = 0
            for j in 1..<graph.k {
                sum += exp(-max(0, graph.distances[i * graph.k + j] - rhos[i]) / sigmas[i])
            }
            #expect(abs(sum - log2(10)) < 1e-3, "point \(i): \(sum)")
            #expect(rhos[i] == graph.distances[i * graph.k + 1])
        }
    }

    @Test func theFuzzyGraphIsASymmetricUnionWithWeightsInTheUnitInterval() throws {
        let points = Self.twoBlobs(80)
        let umap = UMAP(neighborCount: 8)
        let fuzzy = try umap.fuzzyGraph(umap.neighbors(of: points))
        var weights: [[Int32]: Float] = [:]
        for e in fuzzy.weights.indices { weights[[fuzzy.heads[e], fuzzy.tails[e]]] = fuzzy.weights[e] }
        #expect(weights.count == fuzzy.weights.count, "duplicate edges")
        for (edge, weight) in weights {
            #expect(weight > 0 && weight <= 1)
            #expect(weights[[edge[1], edge[0]]] == weight, "edge \(edge) has no equal reverse")
            #expect(edge[0] != edge[1])
        }
        // Every point's nearest neighbour is joined to it at full strength (d = ρ).
        #expect(fuzzy.heads.indices.filter { fuzzy.weights[$0] == 1 }.count >= points.rows)
    }

    @Test func oneThreadAndOneSeedGiveTheSameMapTwice() async throws {
        let points = Self.twoBlobs(150)
        let umap = UMAP(epochs: 60, seed: 7, threads: 1)
        let (first, second, other) = try await offTheTestPool {
            (try umap.fit(points), try umap.fit(points), try UMAP(epochs: 60, seed: 8, threads: 1).fit(points))
        }
        #expect(first == second)
        #expect(first != other)
    }

    @Test func nearestNeighbourDescentFindsAlmostAllExactNeighbours() async throws {
        var random = SeededGenerator(seed: 11)
        let points = Matrix(rows: 3000, columns: 12, values: (0..<36000).map { _ in Float(random.nextNormal()) })
        let approximate = try await offTheTestPool {
            try UMAP(neighborCount: 10, exactNeighborLimit: 0).neighbors(of: points)
        }
        let truth = try NeighborSearch().neighbors(of: points, in: points, k: 9, excludingSelf: true)
        var found = 0
        for i in 0..<points.rows {
            #expect(approximate.indices[i * 10] == Int32(i))
            let mine = Set(approximate.indices[i * 10 + 1..<i * 10 + 10].map(Int.init))
            found += Set(truth.indices(ofQuery: i)).intersection(mine).count
        }
        let recall = Double(found) / Double(points.rows * 9)
        #expect(recall >= 0.95, "recall \(recall)")
    }

    /// The two-dimensional epoch in C (AVX2, eight samples to a vector) draws the same samples
    /// as `planeEpoch` and moves the points the same, up to the order of the sums; without AVX2
    /// it declines and `planeEpoch` runs.
    @Test func theWideEpochMovesThePointsAsTheSwiftEpochDoes() throws {
        let umap = UMAP(neighborCount: 10)
        let graph = try umap.fuzzyGraph(umap.neighbors(of: Self.twoBlobs(200)))
        var random = SeededGenerator(seed: 5)
        let start = (0..<(graph.count * 2)).map { _ in Float(random.nextUnit() * 10) }
        var swift = Layout(a: 1.577, b: 0.895)
        swift.useWideEpoch = false
        for epochs in [2, 5] {
            var narrow = start
            var wide = start
            swift.optimize(embedding: &narrow, dimensions: 2, graph: graph, epochs: epochs, seed: 9, threads: 1)
            Layout(a: 1.577, b: 0.895).optimize(
                embedding: &wide, dimensions: 2, graph: graph, epochs: epochs, seed: 9, threads: 1)
            let moved = zip(start, narrow).map { abs($0 - $1) }.max()!
            let apart = zip(wide, narrow).map { abs($0 - $1) }.max()!
            #expect(moved > 0.1, "the epochs moved the points")
            #expect(apart < 1e-3 * max(1, moved), "\(epochs) epochs: \(apart) apart, points moved up to \(moved)")
        }
    }

    @Test func breadthFirstRenumberingKeepsTheGraph() throws {
        let umap = UMAP(neighborCount: 10)
        let graph = try umap.fuzzyGraph(umap.neighbors(of: Self.twoBlobs(100)))
        let (order, renumbered) = Layout.renumberedBreadthFirst(graph)
        #expect(order.sorted() == (0..<Int32(graph.count)).map { $0 })
        // Every edge, mapped back through `order`, is an edge of the graph with its weight.
        struct Edge: Hashable {
            let head: Int32, tail: Int32
            let weight: Float
        }
        let edges = Set(
            (0..<graph.heads.count).map {
                Edge(head: graph.heads[$0], tail: graph.tails[$0], weight: graph.weights[$0])
            })
        let back = Set(
            (0..<renumbered.heads.count).map {
                Edge(
                    head: order[Int(renumbered.heads[$0])], tail: order[Int(renumbered.tails[$0])],
                    weight: renumbered.weights[$0])
            })
        #expect(back == edges && renumbered.heads.count == graph.heads.count)
        // Sorted by head then tail, as the layout's chunks expect.
        let pairs = zip(renumbered.heads, renumbered.tails).map { [$0, $1] }
        #expect(pairs == pairs.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func aThreeDimensionalMapKeepsEachPointInItsRowAndSeparatesTwoBlobs() async throws {
        let points = Self.twoBlobs(150)
        let embedding = try await offTheTestPool {
            try UMAP(epochs: 100, dimensions: 3, seed: 5, threads: 1).fit(points)
        }
        #expect(embedding.rows == 300 && embedding.columns == 3)
        // Rows 0..<150 are the first blob: each point is nearer its own blob's centre.
        func centre(_ rows: Range<Int>) -> [Float] {
            (0..<3).map { d in rows.reduce(0) { $0 + embedding.values[$1 * 3 + d] } / Float(rows.count) }
        }
        let centres = [centre(0..<150), centre(150..<300)]
        for i in 0..<300 {
            let distances = centres.map { c in
                (0..<3).reduce(Float(0)) { $0 + pow(embedding.values[i * 3 + $1] - c[$1], 2) }
            }
            #expect(distances[i / 150] < distances[1 - i / 150], "point \(i)")
        }
    }

    @Test func aKeptGraphReprojectsWithFewerNeighboursAndOnASubset() async throws {
        let points = Self.twoBlobs(100)
        let umap = UMAP(neighborCount: 15, epochs: 50, seed: 1, threads: 1)
        let graph = try umap.neighbors(of: points, k: 20)
        let fewer = try await offTheTestPool { try umap.embed(graph: graph, data: points) }
        #expect(fewer.rows == 200 && fewer.columns == 2)
        #expect(fewer.values.allSatisfy { $0.isFinite })
        let subset = Array(0..<100)
        let restricted = graph.restricted(to: subset)
        #expect(restricted.count == 100)
        // The first blob's neighbours are all in the first blob, so nothing is lost.
        #expect(restricted.indices.allSatisfy { $0 >= 0 })
        let part = try await offTheTestPool { try umap.embed(graph: restricted, data: points.rows(at: subset)) }
        #expect(part.rows == 100)
        #expect(throws: VectorMathError.self) { _ = try UMAP(neighborCount: 25).embed(graph: graph, data: points) }
    }

    // MARK: Small groups of near-identical files (the explore page's test corpus)

    /// Vectors made as the explore page makes them (identifier TF-IDF reduced by truncated SVD)
    /// for a corpus like its browser test's: 8 alike PyTorch files, 8 alike Keras files, 7 alike
    /// utility modules and one tiny file, each file a template plus a few helper functions named
    /// from a shared pool. Returns the vectors and each group's rows.
    static func smallProjects(seed: UInt64 = 1) throws -> (Matrix, [Range<Int>]) {
        let torch = """
            import torch
            import torch.nn as nn
            from torch.utils.data import DataLoader
            class DiceLoss(nn.Module):
                def forward(self, logits, target):
                    probs = torch.sigmoid(logits)
                    inter = (probs * target).sum()
                    return 1 - (2 * inter + 1) / (probs.sum() + target.sum() + 1)
            class UNet{n}(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.down = nn.Conv2d(3, 16, 3, padding=1)
                    self.up = nn.ConvTranspose2d(16, 1, 2, stride=2)
                def forward(self, x):
                    return self.up(torch.relu(self.down(x)))
            model = UNet{n}()
            optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
            criterion = DiceLoss()
            segmentation_mask_threshold_{n} = 0.5
            """
        let keras = """
            import keras
            from keras import layers
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            x_train = x_train.reshape(-1, 784).astype("float32") / 255
            model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64, activation="relu"),
                layers.Dropout(0.2), layers.Dense(10, activation="softmax")])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01),
                loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.fit(x_train, y_train, epochs=1, batch_size=64)
            classifier_digit_accuracy_{n} = 0
            """
        let utilities = """
            import os
            import json
            def read_config_{n}(path):
                with open(path) as handle:
                    return json.load(handle)
            def write_report_{n}(path, values):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as handle:
                    json.dump(values, handle)
            """
        let pool = """
            batch step epoch metric score weight bias scale norm shape size count index value buffer cache \
            config option path folder record entry sample split train valid test loader reader writer logger
            """.split(separator: " ").map(String.init)
        var random = SeededGenerator(seed: seed)
        func varied(_ template: String, _ n: Int) -> String {
            var text = template.replacingOccurrences(of: "{n}", with: String(n))
            for _ in 0..<4 {
                let words = (0..<3).map { _ in pool[random.next(below: pool.count)] }
                text += "\ndef \(words[0])_\(words[1])(x):\n    return x  # \(words[2])\n"
            }
            return text
        }
        let texts =
            (0..<8).map { varied(torch, $0) } + (0..<8).map { varied(keras, $0) }
            + (0..<7).map { varied(utilities, $0) } + ["import os\nvictim = 1\n"]
        let tfidf = TFIDF(documents: texts.map(IdentifierTokens.tokens(in:)))
        let components = min(64, texts.count - 1, tfidf.vocabulary.count - 1)
        let vectors = try TruncatedSVD(components: components).fit(tfidf.matrix).embedding
        return (vectors, [0..<8, 8..<16, 16..<23, 23..<24])
    }

    /// The map of `data` as the explore page makes it: the graph of all the other points kept,
    /// truncated to 15 neighbours.
    static func exploreMap(_ data: Matrix, seed: UInt64, threads: Int) throws -> Matrix {
        let graph = try UMAP(neighborCount: data.rows - 1, threads: threads).neighbors(of: data)
        return try UMAP(neighborCount: min(15, data.rows - 1), seed: seed, threads: threads).embed(
            graph: graph, data: data)
    }

    /// The smallest distance between two points of `map` whose input vectors differ, over the
    /// map's extent (its larger side).
    static func closestDistinctPair(_ map: Matrix, _ data: Matrix) -> Float {
        var extent: Float = 0
        for d in 0..<map.columns {
            let column = (0..<map.rows).map { map[$0, d] }
            extent = max(extent, column.max()! - column.min()!)
        }
        var closest = Float.infinity
        for i in 0..<map.rows {
            for j in 0..<i {
                let input = (0..<data.columns).reduce(Float(0)) { $0 + pow(data[i, $1] - data[j, $1], 2) }
                guard input > 1e-12 else { continue }
                let output = (0..<map.columns).reduce(Float(0)) { $0 + pow(map[i, $1] - map[j, $1], 2) }
                closest = min(closest, output.squareRoot())
            }
        }
        return closest / extent
    }

    /// Each group's width in the map over the map's extent (its larger side), the narrowest group's.
    static func narrowestGroup(_ map: Matrix, _ groups: [Range<Int>]) -> Float {
        var extent: Float = 0
        for d in 0..<map.columns {
            let column = (0..<map.rows).map { map[$0, d] }
            extent = max(extent, column.max()! - column.min()!)
        }
        var narrowest = Float.infinity
        for group in groups where group.count > 1 {
            var width: Float = 0
            for i in group {
                for j in group {
                    let d2 = (0..<map.columns).reduce(Float(0)) { $0 + pow(map[i, $1] - map[j, $1], 2) }
                    width = max(width, d2.squareRoot())
                }
            }
            narrowest = min(narrowest, width)
        }
        return narrowest / extent
    }

    /// The explore page's browser test indexes three small projects of alike files; with the SGD
    /// of 10a5f88 (a head's repulsions all summed from one place, the head repelled by its own
    /// copy at the epoch's start, heads split across threads' chunks) the map came out about
    /// twice as wide as umap-learn's on such data, each project a few pixels across on the page
    /// (`test_hostile_names_readmes_and_sources_are_text` found no point with room to click).
    /// Over 8 seeds, the narrowest project's width over the map's extent: umap-learn's maps of
    /// the browser test's own vectors 0.020-0.060 (median 0.040), this layout's of these
    /// 0.018-0.082 (median 0.040), 10a5f88's 0.013-0.058 (median 0.018, 0.019 on two threads).
    @Test(arguments: [1, 2])
    func smallProjectsOfAlikeFilesStayVisibleGroups(threads: Int) async throws {
        let (data, groups) = try Self.smallProjects()
        var ratios: [Float] = []
        for seed: UInt64 in 0..<8 {
            let map = try await offTheTestPool { try Self.exploreMap(data, seed: seed, threads: threads) }
            #expect(map.values.allSatisfy { $0.isFinite })
            ratios.append(Self.narrowestGroup(map, groups))
        }
        ratios.sort()
        #expect(ratios[ratios.count / 2] > 0.03, "narrowest project over the extent: \(ratios)")
    }

    /// Duplicated rows: each copy lands by its twin, the map is finite and not one spot.
    @Test(arguments: [1, 2])
    func duplicateVectorsStayTogetherAndTheMapStaysSpread(threads: Int) async throws {
        let blobs = Self.twoBlobs(40)
        let data = Matrix(rows: 160, columns: 8, values: blobs.values + blobs.values)
        let map = try await offTheTestPool { try UMAP(seed: 2, threads: threads).fit(data) }
        #expect(map.values.allSatisfy { $0.isFinite })
        let extent = (0..<2).map { d in
            let column = (0..<160).map { map[$0, d] }
            return column.max()! - column.min()!
        }.max()!
        #expect(extent > 1)
        for i in 0..<80 {
            let twin =
                ((map[i, 0] - map[i + 80, 0]) * (map[i, 0] - map[i + 80, 0])
                + (map[i, 1] - map[i + 80, 1]) * (map[i, 1] - map[i + 80, 1])).squareRoot()
            #expect(twin < extent / 4, "row \(i) is \(twin) from its copy (extent \(extent))")
        }
    }

    /// Fewer points than neighbours is refused; as many neighbours as there are other points
    /// (what the explore page asks for a small selection) gives a finite map of distinct points.
    @Test func fewerPointsThanNeighboursIsRefusedAndAllOthersAsNeighboursWorks() async throws {
        let points = Self.twoBlobs(5)
        #expect(throws: VectorMathError.self) { _ = try UMAP(neighborCount: 15).fit(points) }
        let map = try await offTheTestPool { try UMAP(neighborCount: 9, seed: 1, threads: 2).fit(points) }
        #expect(map.rows == 10 && map.values.allSatisfy { $0.isFinite })
        for i in 0..<10 {
            for j in 0..<i { #expect(map[i, 0] != map[j, 0] || map[i, 1] != map[j, 1], "rows \(i) and \(j)") }
        }
    }

    /// Identical vectors (a corpus of copies of one file): a finite map, whatever the threads.
    @Test(arguments: [1, 2])
    func allIdenticalVectorsGiveAFiniteMap(threads: Int) async throws {
        let data = Matrix(rows: 30, columns: 4, values: [Float](repeating: 0.5, count: 120))
        let map = try await offTheTestPool { try UMAP(seed: 3, threads: threads).fit(data) }
        #expect(map.rows == 30 && map.values.allSatisfy { $0.isFinite })
    }
}
