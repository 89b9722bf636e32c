import Foundation
import Store
import VectorMath

/// The explore page's map (`POST /api/explore/map`): each file of a selection at a 2-D place
/// from UMAP over the file vectors.
package struct ExploreMap: Codable, Hashable, Sendable {
    package var view = "explore-map"
    /// The files placed, in the order of `x` and `y`.
    package var ids: [Int64]
    package var x: [Float]
    package var y: [Float]
    /// n_neighbors and min_dist as used (n_neighbors is capped below the selection's size).
    package var neighbors: Int
    package var minimumDistance: Double
    /// Where the vectors came from: a stored embedding model's name, or
    /// `tfidf-svd-<d> (from the index's text)` when the page computed them.
    package var vectors: String
    /// `cached` when the selection's k-NN graph was cut from the kept graph of all files,
    /// `searched` when the selection's own neighbours were searched (a scattered selection
    /// keeps too few of its kept neighbours), `full` for the whole index's kept graph.
    package var graph: String
    /// Why there is no map (fewer than 3 files), else nil.
    package var note: String?
}

/// What the page asks of the map: the files to place (nil: all) and UMAP's two knobs.
package struct ExploreMapRequest: Codable, Hashable, Sendable {
    package var ids: [Int64]?
    package var neighbors: Int?
    package var minimumDistance: Double?

    package init(ids: [Int64]? = nil, neighbors: Int? = nil, minimumDistance: Double? = nil) {
        self.ids = ids
        self.neighbors = neighbors
        self.minimumDistance = minimumDistance
    }
}

/// Computes maps and keeps what makes the next one quick: the file vectors and the k-NN graph of
/// all files (with `keptNeighbors` neighbours, so every n_neighbors up to it is a truncation),
/// both for one revision of the index, and the last few layouts.
package final class ExploreProjector: @unchecked Sendable {
    /// The most neighbours the page can ask for, and the kept graph's k.
    package static let keptNeighbors = 50
    /// The file vectors' dimension when the page computes them.
    package static let vectorDimension = 64

    private struct Vectors {
        var revision: Int64
        var ids: [Int64]
        var position: [Int64: Int]
        var matrix: Matrix
        var model: String
        var graph: NeighborGraph?
    }

    private let lock = NSLock()
    private var vectors: Vectors?
    private var layouts: [String: ExploreMap] = [:]
    private var layoutOrder: [String] = []
    /// UMAP's SGD threads (1 makes a map a function of its inputs alone).
    private let threads: Int
    /// Where the map of every file with the default knobs is kept across launches (the one
    /// every opening of the page asks for first), or nil to keep nothing.
    private let keptMapPath: String?
    /// That map for one revision of the index, once read or made.
    private var keptMap: (revision: Int64, map: ExploreMap)?

    package init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, keptMapPath: String? = nil) {
        self.threads = threads
        self.keptMapPath = keptMapPath
    }

    /// The knobs the page starts with.
    package static let defaultNeighbors = 15
    package static let defaultMinimumDistance = 0.1

    /// The map of `request.ids` (all files when nil) from the index. Serialised: one map at a
    /// time (the machine's cores go to it), repeated requests answered from the layout cache,
    /// and the map of every file with the default knobs read from `keptMapPath` when an earlier
    /// launch made it from the same index (the page opens on it without projecting).
    package func map(_ request: ExploreMapRequest, database: ProjectIndexDatabase) throws -> ExploreMap {
        lock.lock()
        defer { lock.unlock() }
        let revision = try database.revision()
        let isDefault =
            request.ids == nil && (request.neighbors ?? Self.defaultNeighbors) == Self.defaultNeighbors
            && (request.minimumDistance ?? Self.defaultMinimumDistance) == Self.defaultMinimumDistance
        guard isDefault else { return try project(request, revision: revision, database: database) }
        if let keptMap, keptMap.revision == revision { return keptMap.map }
        // Taken before the vectors are read: an index that changes while the map is made then
        // leaves a kept map that no longer matches it, never one that seems to.
        let fingerprint = keptMapPath == nil ? nil : try database.mapFingerprint()
        if let fingerprint, let kept = keptDefaultMap(fingerprint: fingerprint) {
            keptMap = (revision, kept)
            return kept
        }
        let map = try project(request, revision: revision, database: database)
        if map.note == nil {
            keptMap = (revision, map)
            if let fingerprint { write(map, fingerprint: fingerprint) }
        }
        return map
    }

    private func project(
        _ request: ExploreMapRequest, revision: Int64, database: ProjectIndexDatabase
    ) throws
        -> ExploreMap
    {
        if vectors?.revision != revision {
            vectors = try Self.vectors(database: database, revision: revision)
            layouts = [:]
            layoutOrder = []
        }
        guard var current = vectors else { throw VectorMathError.invalidParameter("no vectors") }
        let minimumDistance = min(max(request.minimumDistance ?? Self.defaultMinimumDistance, 0), 1)
        var selection: [Int]
        if let ids = request.ids {
            var seen = Set<Int>()
            selection = ids.compactMap { current.position[$0] }.filter { seen.insert($0).inserted }.sorted()
        } else {
            selection = Array(0..<current.ids.count)
        }
        let selectedIds = selection.map { current.ids[$0] }
        let neighbors = max(2, min(request.neighbors ?? Self.defaultNeighbors, Self.keptNeighbors, selection.count - 1))
        let key = "\(neighbors)|\(minimumDistance)|\(selectedIds.map(String.init).joined(separator: ","))"
        if let known = layouts[key] { return known }
        guard selection.count >= 3 else {
            return ExploreMap(
                ids: selectedIds, x: [], y: [], neighbors: neighbors, minimumDistance: minimumDistance,
                vectors: current.model, graph: "none",
                note: "A map needs at least 3 files; this selection has \(selection.count).")
        }
        // The kept graph of all files, searched once per revision.
        let keptK = min(Self.keptNeighbors, current.ids.count - 1)
        if current.graph == nil && keptK >= 2 {
            current.graph = try UMAP(neighborCount: keptK, threads: threads).neighbors(of: current.matrix)
            vectors = current
        }
        let data = current.matrix.rows(at: selection)
        var graph: NeighborGraph
        var how: String
        if selection.count == current.ids.count, let kept = current.graph {
            graph = kept.truncated(to: min(neighbors, kept.k))
            how = "full"
        } else if let kept = current.graph {
            // A selection that is a region of the map keeps its neighbours; a scattered one
            // does not, and is searched again (exact below 4,096 points: one GEMM).
            let restricted = kept.restricted(to: selection)
            if Self.keepsNeighbours(restricted, neighbors) {
                graph = restricted.truncated(to: neighbors)
                how = "cached"
            } else {
                graph = try UMAP(neighborCount: neighbors, threads: threads).neighbors(of: data)
                how = "searched"
            }
        } else {
            graph = try UMAP(neighborCount: neighbors, threads: threads).neighbors(of: data)
            how = "searched"
        }
        let umap = UMAP(
            neighborCount: min(neighbors, graph.k), minimumDistance: minimumDistance, threads: threads)
        let embedding = try umap.embed(graph: graph, data: data)
        var xs: [Float] = [], ys: [Float] = []
        xs.reserveCapacity(selection.count)
        ys.reserveCapacity(selection.count)
        for row in 0..<selection.count {
            xs.append(embedding[row, 0])
            ys.append(embedding[row, 1])
        }
        let map = ExploreMap(
            ids: selectedIds, x: xs, y: ys, neighbors: neighbors, minimumDistance: minimumDistance,
            vectors: current.model, graph: how, note: nil)
        layouts[key] = map
        layoutOrder.append(key)
        if layoutOrder.count > 16 { layouts[layoutOrder.removeFirst()] = nil }
        return map
    }

    // MARK: The map kept across launches

    /// The on-disk form: the map and the fingerprint of the index it was made from.
    private struct KeptMap: Codable {
        var format = 1
        var fingerprint: String
        var map: ExploreMap
    }

    /// The default map kept in the file, when it was made from an index with this fingerprint
    /// (`mapFingerprint`); a missing, damaged or stale file gives nil.
    private func keptDefaultMap(fingerprint: String) -> ExploreMap? {
        guard let keptMapPath, let data = FileManager.default.contents(atPath: keptMapPath),
            let stored = try? JSONDecoder().decode(KeptMap.self, from: data), stored.format == 1,
            stored.map.x.count == stored.map.ids.count, stored.map.y.count == stored.map.ids.count,
            stored.fingerprint == fingerprint
        else { return nil }
        return stored.map
    }

    /// Writes the default map beside the index (0600, through a rename). A cache: when it cannot
    /// be written (read-only folder, full disk) the page goes on without.
    private func write(_ map: ExploreMap, fingerprint: String) {
        guard let keptMapPath, let data = try? JSONEncoder().encode(KeptMap(fingerprint: fingerprint, map: map))
        else { return }
        let temporary = keptMapPath + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { return }
        if rename(temporary, keptMapPath) != 0 { unlink(temporary) }
    }

    /// The file vectors: a stored embedding model when it covers every file, else identifier
    /// TF-IDF over the index's text of each file reduced by randomized truncated SVD.
    private static func vectors(database: ProjectIndexDatabase, revision: Int64) throws -> Vectors {
        let texts = try database.fileSearchTexts()
        let files = try database.exploreFiles().compactMap(\.file.id)
        if let best = try database.embeddingModels().first, best.count >= files.count, !files.isEmpty {
            let model = best.model
            let stored = Dictionary(
                try database.embeddings(model: model).map { ($0.fileId, $0.values) },
                uniquingKeysWith: { first, _ in first })
            let dimension = stored.values.first?.count ?? 0
            if dimension > 0, files.allSatisfy({ stored[$0]?.count == dimension }) {
                let rows = files.map { stored[$0]! }
                return Vectors(
                    revision: revision, ids: files, position: position(files), matrix: Matrix(rows), model: model)
            }
        }
        let documents = files.map { IdentifierTokens.tokens(in: texts[$0] ?? "") }
        let tfidf = TFIDF(documents: documents)
        let dimension = min(vectorDimension, files.count - 1, tfidf.vocabulary.count - 1)
        let matrix: Matrix
        if dimension >= 2 {
            matrix = try TruncatedSVD(components: dimension).fit(tfidf.matrix).embedding
        } else {
            // Too few files or words to reduce: the TF-IDF rows themselves (dense).
            let columns = max(tfidf.vocabulary.count, 1)
            var values = [Float](repeating: 0, count: files.count * columns)
            for row in 0..<files.count {
                for entry in tfidf.matrix.rowStarts[row]..<tfidf.matrix.rowStarts[row + 1] {
                    values[row * columns + Int(tfidf.matrix.columnIndices[entry])] = tfidf.matrix.values[entry]
                }
            }
            matrix = Matrix(rows: files.count, columns: columns, values: values)
        }
        return Vectors(
            revision: revision, ids: files, position: position(files), matrix: matrix,
            model: "tfidf-svd-\(matrix.columns) (from the index's text)")
    }

    /// Whether a graph cut from the kept one serves a selection: at least 90% of its points
    /// keep `neighbors` neighbours (a cut-off point keeps fewer, marked −1).
    static func keepsNeighbours(_ restricted: NeighborGraph, _ neighbors: Int) -> Bool {
        guard neighbors >= 1, neighbors <= restricted.k else { return false }
        let keeping = (0..<restricted.count).filter { row in
            restricted.indices[row * restricted.k + neighbors - 1] >= 0
        }.count
        return keeping * 10 >= restricted.count * 9
    }

    private static func position(_ ids: [Int64]) -> [Int64: Int] {
        Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
