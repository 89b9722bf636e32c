/// A distance matrix computed by GEMM one tile at a time, so that memory stays at one
/// `queryBlock × referenceBlock` tile however many rows there are.
///
/// For the Euclidean metrics ‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r: the GEMM writes −2 q·r, and a
/// reader adds `base[r] = ‖r‖²` to get the tile's *key*, which ranks the reference rows for a
/// query as the distance does; the query's constant `offset = ‖q‖²` completes it. For cosine the
/// rows are normalised first, the GEMM writes −q·r, `base` is 0 and `offset` 1. Keys carry
/// float32 rounding of the order of 1e-7 · (‖q‖² + ‖r‖²), so callers that report distances
/// recompute the few they keep directly from the vectors.
struct DistanceTiles {
    let metric: Metric
    /// The queries as multiplied: normalised for cosine.
    let queries: Matrix
    let reference: Matrix
    let queryOffsets: [Float]
    let referenceBase: [Float]
    let queryBlock: Int
    let referenceBlock: Int

    init(queries: Matrix, reference: Matrix, metric: Metric, queryBlock: Int, referenceBlock: Int) {
        self.metric = metric
        self.queryBlock = max(1, min(queryBlock, queries.rows))
        self.referenceBlock = max(1, min(referenceBlock, reference.rows))
        if metric == .cosine {
            self.queries = queries.rowNormalized()
            self.reference = reference.rowNormalized()
            queryOffsets = Array(repeating: 1, count: queries.rows)
            referenceBase = Array(repeating: 0, count: reference.rows)
        } else {
            self.queries = queries
            self.reference = reference
            queryOffsets = queries.squaredRowNorms()
            referenceBase = reference.squaredRowNorms()
        }
    }

    /// Euclidean tiles over rows whose squared norms the caller already has (k-means reuses the
    /// data's norms in every iteration).
    init(
        queries: Matrix, queryNorms: [Float], reference: Matrix, referenceNorms: [Float], queryBlock: Int,
        referenceBlock: Int
    ) {
        metric = .squaredEuclidean
        self.queries = queries
        self.reference = reference
        queryOffsets = queryNorms
        referenceBase = referenceNorms
        self.queryBlock = max(1, min(queryBlock, queries.rows))
        self.referenceBlock = max(1, min(referenceBlock, reference.rows))
    }

    /// The query blocks, in order.
    var queryBlocks: [Range<Int>] { Self.blocks(queries.rows, queryBlock) }

    /// Calls `body(referenceRows, tile)` for each reference block against the query rows
    /// `queryRows` (one block of `queryBlocks`), in increasing reference order. `tile` holds
    /// `queryRows.count × referenceRows.count` GEMM entries, row-major, valid during the call:
    /// the key of query `q` and reference `r` is `tile[(q − queryRows.lowerBound) *
    /// referenceRows.count + r − referenceRows.lowerBound] + referenceBase[r]`.
    func forEachTile(queryRows: Range<Int>, _ body: (Range<Int>, UnsafePointer<Float>) -> Void) {
        guard !queryRows.isEmpty, reference.rows > 0 else { return }
        let columns = queries.columns
        let tile = UnsafeMutablePointer<Float>.allocate(capacity: queryRows.count * referenceBlock)
        defer { tile.deallocate() }
        let alpha: Float = metric == .cosine ? -1 : -2
        queries.values.withUnsafeBufferPointer { q in
            reference.values.withUnsafeBufferPointer { r in
                for referenceRows in Self.blocks(reference.rows, referenceBlock) {
                    if columns == 0 {
                        tile.update(repeating: 0, count: queryRows.count * referenceRows.count)
                    } else {
                        BLAS.multiplyByTranspose(
                            q.baseAddress! + queryRows.lowerBound * columns, rows: queryRows.count,
                            r.baseAddress! + referenceRows.lowerBound * columns, rows: referenceRows.count,
                            depth: columns, alpha: alpha, into: tile)
                    }
                    body(referenceRows, UnsafePointer(tile))
                }
            }
        }
    }

    static func blocks(_ count: Int, _ size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: max(1, size)).map { $0..<min(count, $0 + size) }
    }
}

extension Matrix {
    /// Every row's distance to every row of `other`: a `rows × other.rows` matrix, computed by
    /// GEMM in tiles (for the Euclidean metrics through ‖a‖² + ‖b‖² − 2ab, so entries carry
    /// float32 rounding relative to the norms; `Metric.distance` is exact for single pairs).
    package func distances(to other: Matrix, metric: Metric = .euclidean) throws -> Matrix {
        guard columns == other.columns else { throw VectorMathError.dimensionMismatch(columns, other.columns) }
        var result = Matrix(rows: rows, columns: other.rows)
        let tiles = DistanceTiles(
            queries: self, reference: other, metric: metric, queryBlock: 1024, referenceBlock: 4096)
        let width = other.rows
        result.withUnsafeMutableValues { out in
            for queryRows in tiles.queryBlocks {
                tiles.forEachTile(queryRows: queryRows) { referenceRows, tile in
                    for q in queryRows {
                        let offset = tiles.queryOffsets[q]
                        let tileRow = tile + (q - queryRows.lowerBound) * referenceRows.count
                        for r in referenceRows {
                            var value = max(0, tileRow[r - referenceRows.lowerBound] + tiles.referenceBase[r] + offset)
                            switch metric {
                            case .squaredEuclidean: break
                            case .euclidean: value = value.squareRoot()
                            case .cosine: value = min(2, value)
                            }
                            out[q * width + r] = value
                        }
                    }
                }
            }
        }
        return result
    }
}
