import Foundation
import TestSupport
import Testing
import VectorMath

/// The same data through VectorMath and through NumPy / scikit-learn
/// (`Python/reference.py`, run by the test environment's Python: `$UMLAUT_PYTHON`, else the
/// package's `.venv`), compared: k-NN indices identical up to exact ties and distances within
/// 1e-3 relative; k-means inertia within 1% of scikit-learn's best of `n_init` and the clusterings
/// in agreement (adjusted Rand index).
@Suite(.enabled(if: Reference.python != nil)) struct ScikitLearnReferenceTests {
    static let reference = Result { try Reference.make() }

    @Test(arguments: [Metric.euclidean, .cosine], [false, true])
    func nearestNeighboursAgreeWithScikitLearnBruteForce(metric: Metric, excludingSelf: Bool) async throws {
        let reference = try Self.reference.get()
        let name = (metric == .cosine ? "cosine" : "euclidean") + (excludingSelf ? "_self" : "")
        let expectedIndices = try reference.int64(name + "_indices")
        let expectedDistances = try reference.float64(name + "_distances")
        let points = try reference.matrix("points")
        let queries = excludingSelf ? points : try reference.matrix("queries")
        let found = try await offTheTestPool {
            try NeighborSearch(metric: metric).neighbors(of: queries, in: points, k: 10, excludingSelf: excludingSelf)
        }
        #expect(found.count == expectedIndices.count / 10)
        var mismatches: [String] = []
        for query in 0..<found.count {
            for slot in 0..<10 {
                let at = query * 10 + slot
                let expected = expectedDistances[at], distance = Double(found.distances[at])
                if abs(distance - expected) > 1e-3 * max(expected, 1e-3) {
                    mismatches.append("query \(query) slot \(slot): distance \(distance) vs \(expected)")
                }
                // Indices may differ only between neighbours at the same distance.
                if found.indices[at] != Int(expectedIndices[at]) {
                    let ours = metric.distance(queries.row(query), points.row(found.indices[at]))
                    let theirs = metric.distance(queries.row(query), points.row(Int(expectedIndices[at])))
                    if abs(ours - theirs) > 1e-6 * max(1, ours) {
                        mismatches.append(
                            "query \(query) slot \(slot): index \(found.indices[at]) vs \(expectedIndices[at])")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differences, first: \(mismatches.prefix(5))")
    }

    @Test func kMeansOnSeparatedBlobsMatchesScikitLearnsInertiaAndClusters() async throws {
        let reference = try Self.reference.get()
        let blobs = try reference.matrix("blobs")
        let result = try await offTheTestPool { try KMeans(clusterCount: 8, initializations: 5, seed: 0).fit(blobs) }
        let theirs = try #require(reference.shapes["kmeans_inertia"] as? Double)
        #expect(result.inertia <= theirs * 1.01, "inertia \(result.inertia) vs scikit-learn's \(theirs)")
        #expect(result.inertia >= theirs * 0.99, "inertia \(result.inertia) vs scikit-learn's \(theirs)")
        let theirLabels = try reference.int64("kmeans_labels").map(Int.init)
        let truth = try reference.int64("truth").map(Int.init)
        #expect(adjustedRandIndex(result.labels, theirLabels) >= 0.95)
        #expect(adjustedRandIndex(result.labels, truth) >= 0.95)
    }

    @Test func theAdjustedRandIndexIsOneForARelabellingAndAboutZeroForNoise() {
        #expect(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, 3, 3, 1]) == 1)
        // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5
        #expect(abs(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) + 0.5) < 1e-12)
    }
}

/// The adjusted Rand index of two labellings (Hubert and Arabie 1985), as scikit-learn's
/// `adjusted_rand_score`.
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    precondition(a.count == b.count)
    func pairs(_ n: Int) -> Double { Double(n) * Double(n - 1) / 2 }
    var table: [[Int]: Int] = [:], rows: [Int: Int] = [:], columns: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
        table[[x, y], default: 0] += 1
        rows[x, default: 0] += 1
        columns[y, default: 0] += 1
    }
    let index = table.values.reduce(0) { $0 + pairs($1) }
    let rowPairs = rows.values.reduce(0) { $0 + pairs($1) }, columnPairs = columns.values.reduce(0) { $0 + pairs($1) }
    let expected = rowPairs * columnPairs / pairs(a.count)
    let maximum = (rowPairs + columnPairs) / 2
    return maximum == expected ? 1 : (index - expected) / (maximum - expected)
}

/// `Python/reference.py`'s output, read back.
struct Reference: Sendable {
    let directory: URL
    let shapes: [String: any Sendable]

    static let python: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        return [ProcessInfo.processInfo.environment["UMLAUT_PYTHON"], root + "/.venv/bin/python"]
            .compactMap { $0 }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func make() throws -> Reference {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vectormath-reference-\(UUID().uuidString)")
        let script = try #require(
            Bundle.module.url(forResource: "reference", withExtension: "py", subdirectory: "Python"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = [script.path, directory.path]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment["OMP_NUM_THREADS"] = "1"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(python!) reference.py failed: \(String(decoding: message, as: UTF8.self).suffix(2000))")
        }
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("shapes.json")))
        let shapes = try #require(json as? [String: Any])
        var sendable: [String: any Sendable] = [:]
        for (key, value) in shapes {
            if let shape = value as? [Int] {
                sendable[key] = shape
            } else if let number = value as? Double {
                sendable[key] = number
            }
        }
        return Reference(directory: directory, shapes: sendable)
    }

    private func raw<T>(_ name: String, as type: T.Type) throws -> [T] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".bin"))
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }

    func matrix(_ name: String) throws -> Matrix {
        let shape = try #require(shapes[name] as? [Int])
        return Matrix(rows: shape[0], columns: shape[1], values: try raw(name, as: Float.self))
    }

    func int64(_ name: String) throws -> [Int64] { try raw(name, as: Int64.self) }
    func float64(_ name: String) throws -> [Double] { try raw(name, as: Double.self) }
}
