import Testing

@testable import VectorMath

/// k-means on cases checked by hand.
@Suite struct KMeansTests {
    @Test func twoObviousPairsBecomeTwoClustersWithTheInertiaOfTheirSpread() throws {
        let data = Matrix([[0, 0], [10, 10], [0, 1], [10, 11]])
        let result = try KMeans(clusterCount: 2, seed: 1).fit(data)
        #expect(
            result.labels[0] == result.labels[2] && result.labels[1] == result.labels[3]
                && result.labels[0] != result.labels[1])
        #expect(Array(result.centroids.row(result.labels[0])) == [0, 0.5])
        #expect(Array(result.centroids.row(result.labels[1])) == [10, 10.5])
        #expect(result.inertia == 1)
        #expect(result.converged)
        #expect(result.inertias.count == 3)
    }

    @Test func asManyClustersAsPointsLeavesNothingUnexplained() throws {
        let data = Matrix([[1, 2], [3, 4], [5, 6], [7, 9]])
        let result = try KMeans(clusterCount: 4).fit(data)
        #expect(Set(result.labels).count == 4)
        #expect(result.inertia == 0)
    }

    @Test func theSameSeedGivesTheSameClusteringAndAnotherSeedItsOwn() throws {
        var generator = SeededGenerator(seed: 9)
        let data = Matrix(rows: 300, columns: 3, values: (0..<900).map { _ in Float(generator.nextUnit()) })
        let kmeans = KMeans(clusterCount: 7, initializations: 2, seed: 42)
        let first = try kmeans.fit(data), second = try kmeans.fit(data)
        #expect(first == second)
        var other = kmeans
        other.seed = 43
        #expect(try other.fit(data).inertias != first.inertias)
    }

    @Test func theBestInitializationIsKept() throws {
        var generator = SeededGenerator(seed: 2)
        let data = Matrix(rows: 400, columns: 2, values: (0..<800).map { _ in Float(generator.nextUnit()) })
        let result = try KMeans(clusterCount: 12, initializations: 4, seed: 5).fit(data)
        #expect(result.inertia == result.inertias.min())
        #expect(result.inertias[result.bestInitialization] == result.inertia)
    }

    @Test func eachPointIsLabelledWithItsNearestCentroid() throws {
        var generator = SeededGenerator(seed: 4)
        let data = Matrix(rows: 500, columns: 6, values: (0..<3000).map { _ in Float(generator.nextUnit() * 10) })
        let result = try KMeans(clusterCount: 9, maximumIterations: 3).fit(data)
        for row in 0..<data.rows {
            let distances = (0..<9).map { Metric.squaredEuclidean.distance(data.row(row), result.centroids.row($0)) }
            #expect(distances[result.labels[row]] <= distances.min()! * (1 + 1e-5) + 1e-5, "row \(row)")
        }
        let inertia = (0..<data.rows).reduce(0.0) {
            $0 + Double(Metric.squaredEuclidean.distance(data.row($1), result.centroids.row(result.labels[$1])))
        }
        #expect(abs(result.inertia - inertia) <= 1e-9 * inertia)
    }

    /// A centroid that wins no point moves to the point farthest from its own centroid, which
    /// leaves its old cluster (scikit-learn's relocation).
    @Test func anEmptyClusterTakesThePointFarthestFromItsCentroid() {
        let data = Matrix([[0], [1], [2], [20]])
        let lloyd = Lloyd(data: data, clusterCount: 2, rowBlock: 4096)
        let centroids = Matrix([[5], [100]])
        let assignment = lloyd.assign(to: centroids)
        #expect(assignment.labels == [0, 0, 0, 0])
        #expect(assignment.distances == [25, 16, 9, 225])
        let updated = lloyd.update(centroids, labels: assignment.labels, distances: assignment.distances)
        #expect(updated.values == [1, 20])
    }

    @Test func theToleranceIsScaledByTheDataSpreadAsScikitLearnScalesIt() {
        // Columns with variances 1 and 4 (population variance): mean 2.5.
        #expect(KMeans.meanVariance(Matrix([[0, 0], [2, 4]])) == 2.5)
    }

    @Test func whatCannotBeClusteredIsRefused() {
        #expect(throws: VectorMathError.notEnoughPoints(needed: 3, available: 2)) {
            try KMeans(clusterCount: 3).fit(Matrix([[1], [2]]))
        }
        #expect(throws: VectorMathError.self) { try KMeans(clusterCount: 0).fit(Matrix([[1], [2]])) }
        #expect(throws: VectorMathError.self) {
            try KMeans(clusterCount: 1, initializations: 0).fit(Matrix([[1], [2]]))
        }
    }

    @Test func theSeededGeneratorIsTheSameEverywhere() {
        var generator = SeededGenerator(seed: 0)
        // SplitMix64's published first outputs for seed 0.
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        for bound in [1, 2, 3, 1000] {
            #expect((0..<100).allSatisfy { _ in (0..<bound).contains(generator.next(below: bound)) })
        }
    }
}
