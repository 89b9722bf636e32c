import Foundation
import ModelComparison
import Testing

@Suite struct ClusterStatisticsTests {
    typealias Input = ClusterStatistics.Input

    /// Two clusters; model A's segments carry the attribution, B's are zero.
    let segments: [Input] = [
        Input(model: 0, row: 0, column: 0, quadrant: .truePositive, attribution: 0.4, cluster: 0, centroidDistance: 1),
        Input(model: 0, row: 0, column: 0, quadrant: .falsePositive, attribution: 0.2, cluster: 0, centroidDistance: 3),
        Input(model: 1, row: 3, column: 3, quadrant: .trueNegative, attribution: 0.0, cluster: 0, centroidDistance: 2),
        Input(
            model: 0, row: 1, column: 2, quadrant: .falseNegative, attribution: -0.1, cluster: 1, centroidDistance: 1),
        Input(model: 1, row: 1, column: 2, quadrant: .truePositive, attribution: 0.1, cluster: 1, centroidDistance: 1),
        Input(model: 1, row: 2, column: 2, quadrant: .truePositive, attribution: 0.0, cluster: 1, centroidDistance: 1),
    ]

    @Test func compositionAndMeans() {
        let result = ClusterStatistics(clusterCount: 2, bins: 5).compute(segments)
        #expect(result.clusters[0].size == 3)
        #expect(result.clusters[0].composition == [2, 1])
        #expect(result.clusters[1].composition == [1, 2])
        #expect(abs(result.clusters[0].meanAttribution[0]! - 0.3) < 1e-12)
        #expect(result.clusters[0].meanAttribution[1] == 0)
        #expect(abs(result.clusters[1].meanAttribution[0]! - -0.1) < 1e-12)
        #expect(abs(result.clusters[1].meanAttribution[1]! - 0.05) < 1e-12)
        #expect(abs(result.maximumClusterMean - 0.3) < 1e-12)
        #expect(abs(result.clusters[0].relativeImportance[0]! - 1) < 1e-12)
        #expect(abs(result.clusters[1].relativeImportance[1]! - 0.05 / 0.3) < 1e-12)
        #expect(abs(result.clusters[0].imbalance - 0.3) < 1e-12)
        #expect(abs(result.clusters[1].imbalance - 0.15) < 1e-12)
        #expect(abs(result.clusters[0].meanCentroidDistance - 2) < 1e-12)
    }

    @Test func aModelWithoutSegmentsHasNoMean() {
        let only = [Input(model: 0, row: 0, column: 0, quadrant: .truePositive, attribution: 0.5, cluster: 0)]
        let result = ClusterStatistics(clusterCount: 2).compute(only)
        #expect(result.clusters[0].meanAttribution == [0.5, nil])
        #expect(result.clusters[1].meanAttribution == [nil, nil])
        #expect(result.clusters[1].size == 0)
        #expect(result.clusters[0].imbalance == 0.5)
    }

    @Test func histogramsShareOneAxisWithZeroInside() {
        let result = ClusterStatistics(clusterCount: 2, bins: 5).compute(segments)
        #expect(result.axis.lower == -0.1)
        #expect(result.axis.upper == 0.4)
        #expect(result.axis.edges.count == 6)
        // Bins of width 0.1: [-0.1, 0), [0, 0.1), [0.1, 0.2), [0.2, 0.3), [0.3, 0.4].
        #expect(result.clusters[0].histograms[0] == [0, 0, 0, 1, 1])
        #expect(result.clusters[0].histograms[1] == [0, 1, 0, 0, 0])
        #expect(result.clusters[1].histograms[0] == [1, 0, 0, 0, 0])
        #expect(result.clusters[1].histograms[1] == [0, 1, 1, 0, 0])
        let total = result.clusters.flatMap(\.histograms).flatMap { $0 }.reduce(0, +)
        #expect(total == segments.count)
    }

    @Test func constantAttributionsStillGetAnAxis() {
        let flat = [Input(model: 0, row: 0, column: 0, quadrant: .truePositive, attribution: 0, cluster: 0)]
        let result = ClusterStatistics(clusterCount: 1, bins: 4).compute(flat)
        #expect(result.axis.lower < 0 && result.axis.upper > 0)
        #expect(result.clusters[0].histograms[0].reduce(0, +) == 1)
    }

    @Test func confusionCountsPerModel() {
        let result = ClusterStatistics(clusterCount: 2).compute(segments)
        #expect(result.clusters[0].confusion[0] == .init(truePositives: 1, falsePositives: 1))
        #expect(result.clusters[0].confusion[1] == .init(trueNegatives: 1))
        #expect(result.clusters[1].confusion[0] == .init(falseNegatives: 1))
        #expect(result.clusters[1].confusion[1] == .init(truePositives: 2))
    }

    @Test func locationMapsCountCellsAndHighlyAttributedOnes() {
        let result = ClusterStatistics(clusterCount: 2).compute(segments)
        // The 75th percentile (nearest rank) of [-0.1, 0, 0, 0.1, 0.2, 0.4] is 0.2.
        #expect(result.highAttributionThreshold == 0.2)
        #expect(result.clusters[0].locations[0].all[0][0] == 2)
        #expect(result.clusters[0].locations[0].high[0][0] == 2)
        #expect(result.clusters[0].locations[1].all[3][3] == 1)
        #expect(result.clusters[0].locations[1].high[3][3] == 0)
        #expect(result.clusters[1].locations[1].all[1][2] == 1)
        #expect(result.clusters[1].locations[1].high.flatMap { $0 }.allSatisfy { $0 == 0 })
    }

    @Test func orderings() {
        let result = ClusterStatistics(clusterCount: 3).compute(
            segments + [
                Input(
                    model: 0, row: 0, column: 1, quadrant: .truePositive, attribution: 0.35, cluster: 2,
                    centroidDistance: 0.5),
                Input(
                    model: 1, row: 0, column: 1, quadrant: .truePositive, attribution: 0.35, cluster: 2,
                    centroidDistance: 0.5),
            ])
        // Imbalance: 0.3, 0.15, 0; importance: 0.3, 0.05, 0.35; distance: 2, 1, 0.5.
        #expect(result.orderings.imbalance == [0, 1, 2])
        #expect(result.orderings.importance == [2, 0, 1])
        #expect(result.orderings.centroidDistance == [2, 1, 0])
    }

    @Test func segmentsWithinAClusterAreSortedByAttribution() {
        let result = ClusterStatistics(clusterCount: 2).compute(segments)
        #expect(result.clusters[0].segments[0] == [0, 1])
        #expect(result.clusters[1].segments[1] == [4, 5])
    }
}
