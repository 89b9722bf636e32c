import Testing

@testable import VectorMath

/// Exact k-NN by GEMM on cases checked by hand, and against brute force with small tiles.
@Suite struct NeighborSearchTests {
    /// Points on a line: 0, 1, 3, 6, 10.
    static let line = Matrix([[0], [1], [3], [6], [10]])

    @Test func theNearestPointsOnALineComeNearestFirstWithTiesToTheLowerIndex() throws {
        // 2 is at distance 1 from both 1 (index 1) and 3 (index 2): the lower index comes first.
        let found = try NeighborSearch().neighbors(of: Matrix([[2], [7.5]]), in: Self.line, k: 3)
        #expect(found.count == 2 && found.k == 3)
        #expect(Array(found.indices(ofQuery: 0)) == [1, 2, 0])
        #expect(Array(found.distances(ofQuery: 0)) == [1, 1, 2])
        #expect(Array(found.indices(ofQuery: 1)) == [3, 4, 2])
        #expect(Array(found.distances(ofQuery: 1)) == [1.5, 2.5, 4.5])
    }

    @Test func excludingSelfLeavesEachPointsOwnIndexOut() throws {
        let found = try NeighborSearch(metric: .squaredEuclidean).neighbors(
            of: Self.line, in: Self.line, k: 2, excludingSelf: true)
        #expect(found.indices == [1, 2, /**/ 0, 2, /**/ 1, 0, /**/ 2, 4, /**/ 3, 2])
        #expect(found.distances == [1, 9, /**/ 1, 4, /**/ 4, 9, /**/ 9, 16, /**/ 16, 49])
    }

    @Test func duplicatesOfAPointAreStillItsNeighboursWhenItselfIsExcluded() throws {
        let points = Matrix([[1, 1], [1, 1], [5, 5], [1, 1]])
        let found = try NeighborSearch().neighbors(of: points, in: points, k: 2, excludingSelf: true)
        #expect(Array(found.indices(ofQuery: 0)) == [1, 3])
        #expect(Array(found.indices(ofQuery: 3)) == [0, 1])
        #expect(Array(found.distances(ofQuery: 3)) == [0, 0])
    }

    @Test func cosineNeighboursFollowTheAngleNotTheLength() throws {
        let reference = Matrix([[10, 0], [0, 1], [1, 1], [-1, 0]])
        let found = try NeighborSearch(metric: .cosine).neighbors(of: Matrix([[1, 0.1]]), in: reference, k: 4)
        #expect(found.indices == [0, 2, 1, 3])
        #expect(abs(found.distances[3] - 2 + 0.004963) < 1e-4)
    }

    /// Tiles much smaller than the data (blocks of 7 queries × 11 reference rows) give exactly
    /// what sorting every pair's direct distance gives.
    @Test(arguments: Metric.allCases)
    func smallTilesGiveWhatSortingEveryPairGives(metric: Metric) throws {
        var generator = SeededGenerator(seed: 11)
        // For the Euclidean metrics, coordinates on a coarse grid: exact ties occur and must go to
        // the lower index (the GEMM is exact on small integers). Angles have no such exact
        // arithmetic, so cosine gets continuous coordinates.
        let value: (inout SeededGenerator) -> Float =
            metric == .cosine
            ? { Float($0.nextUnit() * 4 - 2) } : { Float($0.next(below: 5)) - 2 }
        let reference = Matrix(rows: 60, columns: 5, values: (0..<300).map { _ in value(&generator) })
        let queries = Matrix(rows: 23, columns: 5, values: (0..<115).map { _ in value(&generator) })
        let k = 6
        let found = try NeighborSearch(metric: metric, queryBlock: 7, referenceBlock: 11).neighbors(
            of: queries, in: reference, k: k)
        for query in 0..<queries.rows {
            let distances: [Float] = (0..<reference.rows).map { metric.distance(queries.row(query), reference.row($0)) }
            let order: [Int] = (0..<reference.rows).sorted { a, b in
                distances[a] < distances[b] || (distances[a] == distances[b] && a < b)
            }
            let expected = Array(order.prefix(k))
            #expect(Array(found.indices(ofQuery: query)) == expected, "query \(query)")
            #expect(Array(found.distances(ofQuery: query)) == expected.map { distances[$0] }, "query \(query)")
        }
    }

    @Test func whatCannotBeAnsweredIsRefused() {
        #expect(throws: VectorMathError.notEnoughPoints(needed: 5, available: 4)) {
            try NeighborSearch().neighbors(of: Self.line, in: Self.line, k: 5, excludingSelf: true)
        }
        #expect(throws: VectorMathError.dimensionMismatch(2, 1)) {
            try NeighborSearch().neighbors(of: Matrix([[1, 2]]), in: Self.line, k: 1)
        }
        #expect(throws: VectorMathError.selfExclusionNeedsSameRows(queries: 1, reference: 5)) {
            try NeighborSearch().neighbors(of: Matrix([[1]]), in: Self.line, k: 1, excludingSelf: true)
        }
    }

    @Test func aBoundedHeapKeepsTheKSmallestWhateverTheOrderOfOffers() {
        var generator = SeededGenerator(seed: 5)
        let keys: [Float] = (0..<200).map { _ in Float(generator.next(below: 20)) }
        let expected = keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }.prefix(9)
        for order in [Array(keys.indices), keys.indices.reversed(), keys.indices.shuffled(using: &generator)] {
            let storage = UnsafeMutablePointer<Float>.allocate(capacity: 9),
                slots = UnsafeMutablePointer<Int32>.allocate(capacity: 9)
            defer { storage.deallocate(); slots.deallocate() }
            var heap = BoundedHeap(keys: storage, indices: slots, capacity: 9)
            for index in order { heap.offer(keys[index], Int32(index)) }
            #expect((0..<heap.count).map { Int(slots[$0]) }.sorted() == expected.sorted())
        }
    }
}
