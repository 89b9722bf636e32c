import Testing

@testable import VectorMath

/// Distances of single pairs and whole matrices, checked by hand.
@Suite struct DistanceTests {
    @Test func aThreeFourFiveTriangleHasTheDistancesItShould() {
        #expect(Metric.squaredEuclidean.distance([0, 0], [3, 4]) == 25)
        #expect(Metric.euclidean.distance([0, 0], [3, 4]) == 5)
        #expect(Metric.cosine.distance([1, 0], [0, 5]) == 1)
        #expect(Metric.cosine.distance([1, 1], [2, 2]) == 0)
        #expect(Metric.cosine.distance([1, 0], [-3, 0]) == 2)
    }

    @Test func aZeroVectorIsAtCosineDistanceOneFromEverythingAsInScikitLearn() {
        #expect(Metric.cosine.distance([0, 0, 0], [1, 2, 3]) == 1)
        #expect(Metric.cosine.distance([0, 0], [0, 0]) == 1)
    }

    @Test func vectorsLongerThanOneSIMDLaneCountEveryEntry() {
        // 19 entries: two full lanes of 8 and a tail of 3.
        let a = (0..<19).map(Float.init)
        let b = (0..<19).map { Float($0) + ($0 % 2 == 0 ? 1 : -2) }
        #expect(Metric.squaredEuclidean.distance(a, b) == 10 * 1 + 9 * 4)
        #expect(Kernels.dot(a, a, 19) == (0..<19).reduce(0) { $0 + Float($1 * $1) })
    }

    @Test func theDistanceMatrixByGEMMMatchesEachPairComputedDirectly() throws {
        var generator = SeededGenerator(seed: 3)
        let a = Matrix(rows: 7, columns: 13, values: (0..<91).map { _ in Float(generator.nextUnit() * 4 - 2) })
        let b = Matrix(rows: 5, columns: 13, values: (0..<65).map { _ in Float(generator.nextUnit() * 4 - 2) })
        for metric in Metric.allCases {
            let matrix = try a.distances(to: b, metric: metric)
            #expect(matrix.rows == 7 && matrix.columns == 5)
            for i in 0..<7 {
                for j in 0..<5 {
                    let direct = metric.distance(a.row(i), b.row(j))
                    #expect(abs(matrix[i, j] - direct) <= 1e-4 * max(1, direct), "\(metric) \(i) \(j)")
                }
            }
        }
    }

    @Test func aPointIsAtDistanceZeroFromItselfEvenThroughTheExpansion() throws {
        let points = Matrix([[1000, -2000, 3000], [1, 2, 3]])
        let matrix = try points.distances(to: points, metric: .squaredEuclidean)
        // ‖a‖² + ‖a‖² − 2a·a may round below zero in float32; it is clamped.
        #expect(matrix[0, 0] >= 0 && matrix[1, 1] >= 0)
        #expect(matrix[0, 1] == matrix[1, 0])
    }

    @Test func matricesOfDifferentDimensionsAreRefused() {
        #expect(throws: VectorMathError.dimensionMismatch(2, 3)) {
            try Matrix([[1, 2]]).distances(to: Matrix([[1, 2, 3]]))
        }
    }

    @Test func aMatrixIsRowMajorOverOnePlainArray() {
        var matrix = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(matrix.values == [1, 2, 3, 4, 5, 6])
        #expect(Array(matrix.row(1)) == [4, 5, 6])
        matrix[1, 0] = 9
        #expect(matrix.values == [1, 2, 3, 9, 5, 6])
        #expect(matrix.squaredRowNorms() == [14, 81 + 25 + 36])
        #expect(matrix.rows(at: [1, 1, 0]).values == [9, 5, 6, 9, 5, 6, 1, 2, 3])
        #expect(Matrix([[3, 4], [0, 0]]).rowNormalized().values == [0.6, 0.8, 0, 0])
    }
}
