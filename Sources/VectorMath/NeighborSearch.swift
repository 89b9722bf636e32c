/// Exact k-nearest-neighbour search by GEMM: every query against every reference row, in tiles
/// (`DistanceTiles`), each query keeping its k best in a `BoundedHeap`.
///
/// Memory is one `queryBlock × referenceBlock` tile of floats (16 MB with the defaults) plus
/// `queryBlock × k` heap entries, whatever the sizes. Time is one GEMM of
/// `queries × reference × dimension` multiply-adds (OpenBLAS, on `BLAS.threadCount` threads)
/// plus a scan of each tile (on all cores, between GEMMs). The k distances kept per query are then
/// recomputed directly from the vectors, so reported distances carry no cancellation error from
/// the GEMM expansion; neighbours whose GEMM keys differ by less than float32 rounding of the norms
/// may be ranked either way before that.
package struct NeighborSearch: Sendable {
    package var metric: Metric
    /// Query rows per tile.
    package var queryBlock: Int
    /// Reference rows per tile.
    package var referenceBlock: Int

    package init(metric: Metric = .euclidean, queryBlock: Int = 1024, referenceBlock: Int = 4096) {
        self.metric = metric
        self.queryBlock = queryBlock
        self.referenceBlock = referenceBlock
    }

    /// The `k` rows of `reference` nearest to each row of `queries`, nearest first, ties broken by
    /// the lower reference index. With `excludingSelf`, `queries` must be `reference` (row `i` is
    /// the same point in both) and each row's own index is never its neighbour — as
    /// scikit-learn's `kneighbors()` without arguments; duplicates of a row at other indices still
    /// count.
    package func neighbors(
        of queries: Matrix, in reference: Matrix, k: Int, excludingSelf: Bool = false
    ) throws -> Neighbors {
        guard queries.columns == reference.columns else {
            throw VectorMathError.dimensionMismatch(queries.columns, reference.columns)
        }
        guard k >= 0 else { throw VectorMathError.invalidParameter("k must not be negative (got \(k))") }
        guard queryBlock > 0, referenceBlock > 0 else {
            throw VectorMathError.invalidParameter("block sizes must be positive")
        }
        if excludingSelf, queries.rows != reference.rows {
            throw VectorMathError.selfExclusionNeedsSameRows(queries: queries.rows, reference: reference.rows)
        }
        let available = reference.rows - (excludingSelf ? 1 : 0)
        guard k <= available || queries.rows == 0 else {
            throw VectorMathError.notEnoughPoints(needed: k, available: max(0, available))
        }
        guard reference.rows <= Int(Int32.max) else {
            throw VectorMathError.invalidParameter("more than 2³¹ reference rows")
        }
        guard k > 0, queries.rows > 0 else { return Neighbors(count: queries.rows, k: k, indices: [], distances: []) }

        var indices = [Int](repeating: 0, count: queries.rows * k)
        var distances = [Float](repeating: 0, count: queries.rows * k)
        let tiles = DistanceTiles(
            queries: queries, reference: reference, metric: metric,
            queryBlock: queryBlock, referenceBlock: referenceBlock)
        let heapKeys = UnsafeMutablePointer<Float>.allocate(capacity: tiles.queryBlock * k)
        let heapIndices = UnsafeMutablePointer<Int32>.allocate(capacity: tiles.queryBlock * k)
        defer {
            heapKeys.deallocate()
            heapIndices.deallocate()
        }
        var heaps: [BoundedHeap] = []
        indices.withUnsafeMutableBufferPointer { indicesOut in
            distances.withUnsafeMutableBufferPointer { distancesOut in
                queries.values.withUnsafeBufferPointer { queryValues in
                    reference.values.withUnsafeBufferPointer { referenceValues in
                        tiles.referenceBase.withUnsafeBufferPointer { base in
                            for queryRows in tiles.queryBlocks {
                                heaps = (0..<queryRows.count).map {
                                    BoundedHeap(keys: heapKeys + $0 * k, indices: heapIndices + $0 * k, capacity: k)
                                }
                                heaps.withUnsafeMutableBufferPointer { heaps in
                                    tiles.forEachTile(queryRows: queryRows) { referenceRows, tile in
                                        Parallel.forEachChunk(queryRows.count, minimumChunk: 16) { chunk in
                                            for local in chunk {
                                                let query = queryRows.lowerBound + local
                                                let row = tile + local * referenceRows.count
                                                for column in 0..<referenceRows.count {
                                                    let index = referenceRows.lowerBound + column
                                                    if excludingSelf, index == query { continue }
                                                    heaps[local].offer(
                                                        row[column] + base[index], Int32(truncatingIfNeeded: index))
                                                }
                                            }
                                        }
                                    }
                                    let columns = queries.columns
                                    Parallel.forEachChunk(queryRows.count, minimumChunk: 16) { chunk in
                                        for local in chunk {
                                            let query = queryRows.lowerBound + local
                                            let heap = heaps[local]
                                            var found = (0..<heap.count).map { slot in
                                                let index = Int(heap.indices[slot])
                                                let distance = metric.distance(
                                                    queryValues.baseAddress.map { $0 + query * columns },
                                                    referenceValues.baseAddress.map { $0 + index * columns }, columns)
                                                return (distance: distance, index: index)
                                            }
                                            found.sort {
                                                $0.distance < $1.distance
                                                    || ($0.distance == $1.distance && $0.index < $1.index)
                                            }
                                            for (slot, neighbour) in found.enumerated() {
                                                indicesOut[query * k + slot] = neighbour.index
                                                distancesOut[query * k + slot] = neighbour.distance
                                            }
                                            // A row whose keys were all NaN keeps fewer than k.
                                            for slot in found.count..<k {
                                                indicesOut[query * k + slot] = -1
                                                distancesOut[query * k + slot] = .nan
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Neighbors(count: queries.rows, k: k, indices: indices, distances: distances)
    }
}

/// The answer of a `NeighborSearch`: for each of `count` queries, `k` reference indices nearest
/// first, and their distances in the search's metric; both row-major, `count × k`. An index of −1
/// (distance NaN) only appears for queries with NaN entries.
package struct Neighbors: Sendable, Equatable {
    package let count: Int
    package let k: Int
    package let indices: [Int]
    package let distances: [Float]

    /// Query `row`'s neighbours, nearest first.
    package func indices(ofQuery row: Int) -> ArraySlice<Int> {
        indices[row * k..<(row + 1) * k]
    }

    /// Query `row`'s distances, ascending.
    package func distances(ofQuery row: Int) -> ArraySlice<Float> {
        distances[row * k..<(row + 1) * k]
    }
}
