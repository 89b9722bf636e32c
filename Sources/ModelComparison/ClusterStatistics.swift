import Foundation

/// The per-cluster statistics of §4.5 (composition, coherence, importance, confusion) and the
/// location maps of §4.7, from segments already clustered. Pure: no I/O, no randomness.
package struct ClusterStatistics: Sendable {
    /// What the statistics need of one segment.
    package struct Input: Sendable, Equatable {
        package var model: Int
        package var row: Int
        package var column: Int
        package var quadrant: Quadrant
        package var attribution: Double
        package var cluster: Int
        package var centroidDistance: Double

        package init(
            model: Int, row: Int, column: Int, quadrant: Quadrant, attribution: Double, cluster: Int,
            centroidDistance: Double = 0
        ) {
            self.model = model
            self.row = row
            self.column = column
            self.quadrant = quadrant
            self.attribution = attribution
            self.cluster = cluster
            self.centroidDistance = centroidDistance
        }
    }

    package var clusterCount: Int
    package var modelCount = 2
    package var grid = 4
    package var bins = 20
    /// The quantile of all attributions from which a segment counts as highly attributed.
    package var highQuantile = 0.75

    package init(clusterCount: Int, modelCount: Int = 2, grid: Int = 4, bins: Int = 20) {
        self.clusterCount = clusterCount
        self.modelCount = modelCount
        self.grid = grid
        self.bins = bins
    }

    package struct Result: Sendable, Equatable {
        package var clusters: [ComparisonReport.Cluster]
        package var axis: ComparisonReport.HistogramAxis
        package var highAttributionThreshold: Double
        package var maximumClusterMean: Double
        package var orderings: ComparisonReport.Orderings
    }

    package func compute(_ segments: [Input]) -> Result {
        let axis = Self.axis(segments.map(\.attribution), bins: bins)
        let threshold = Self.highThreshold(segments.map(\.attribution), quantile: highQuantile)
        let empty = [[Int]](repeating: [Int](repeating: 0, count: grid), count: grid)
        var clusters = (0..<clusterCount).map { id in
            ComparisonReport.Cluster(
                id: id, size: 0, composition: Array(repeating: 0, count: modelCount),
                meanAttribution: Array(repeating: nil, count: modelCount),
                relativeImportance: Array(repeating: nil, count: modelCount), imbalance: 0, importance: 0,
                meanCentroidDistance: 0,
                histograms: Array(repeating: Array(repeating: 0, count: bins), count: modelCount),
                confusion: Array(repeating: .init(), count: modelCount),
                locations: Array(repeating: .init(all: empty, high: empty), count: modelCount),
                segments: Array(repeating: [], count: modelCount))
        }
        var sums = [[Double]](repeating: Array(repeating: 0, count: modelCount), count: clusterCount)
        var distanceSums = [Double](repeating: 0, count: clusterCount)
        for (index, segment) in segments.enumerated() {
            precondition(segment.cluster >= 0 && segment.cluster < clusterCount, "segment cluster out of range")
            precondition(segment.model >= 0 && segment.model < modelCount, "segment model out of range")
            let (c, m) = (segment.cluster, segment.model)
            clusters[c].size += 1
            clusters[c].composition[m] += 1
            sums[c][m] += segment.attribution
            distanceSums[c] += segment.centroidDistance
            clusters[c].histograms[m][Self.bin(of: segment.attribution, axis: axis, bins: bins)] += 1
            clusters[c].confusion[m].add(segment.quadrant)
            if (0..<grid).contains(segment.row), (0..<grid).contains(segment.column) {
                clusters[c].locations[m].all[segment.row][segment.column] += 1
                if segment.attribution >= threshold, segment.attribution > 0 {
                    clusters[c].locations[m].high[segment.row][segment.column] += 1
                }
            }
            clusters[c].segments[m].append(index)
        }
        for c in 0..<clusterCount {
            for m in 0..<modelCount where clusters[c].composition[m] > 0 {
                clusters[c].meanAttribution[m] = sums[c][m] / Double(clusters[c].composition[m])
                clusters[c].segments[m].sort {
                    (segments[$0].attribution, -$0) > (segments[$1].attribution, -$1)
                }
            }
            let means = clusters[c].meanAttribution.map { $0 ?? 0 }
            clusters[c].imbalance = (means.max() ?? 0) - (means.min() ?? 0)
            clusters[c].importance = clusters[c].meanAttribution.compactMap { $0 }.max() ?? 0
            clusters[c].meanCentroidDistance = clusters[c].size > 0 ? distanceSums[c] / Double(clusters[c].size) : 0
        }
        let maximum = clusters.flatMap { $0.meanAttribution.compactMap { $0 } }.max() ?? 0
        if maximum > 0 {
            for c in 0..<clusterCount {
                clusters[c].relativeImportance = clusters[c].meanAttribution.map { $0.map { $0 / maximum } }
            }
        }
        let ids = Array(0..<clusterCount)
        let orderings = ComparisonReport.Orderings(
            imbalance: ids.sorted { (clusters[$0].imbalance, -$0) > (clusters[$1].imbalance, -$1) },
            importance: ids.sorted { (clusters[$0].importance, -$0) > (clusters[$1].importance, -$1) },
            centroidDistance: ids.sorted {
                (clusters[$0].meanCentroidDistance, $0) < (clusters[$1].meanCentroidDistance, $1)
            })
        return Result(
            clusters: clusters, axis: axis, highAttributionThreshold: threshold, maximumClusterMean: maximum,
            orderings: orderings)
    }

    /// One axis for every histogram: from the smallest to the largest attribution, zero always
    /// inside (so "near zero" has a bin), widened when every value is the same.
    package static func axis(_ values: [Double], bins: Int) -> ComparisonReport.HistogramAxis {
        var lower = min(values.min() ?? 0, 0)
        var upper = max(values.max() ?? 0, 0)
        if upper - lower < 1e-12 {
            lower -= 0.5
            upper += 0.5
        }
        let width = (upper - lower) / Double(bins)
        let edges = (0...bins).map { $0 == bins ? upper : lower + Double($0) * width }
        return .init(lower: lower, upper: upper, edges: edges)
    }

    /// The bin `value` falls in: [edge i, edge i+1), the last bin closed.
    package static func bin(of value: Double, axis: ComparisonReport.HistogramAxis, bins: Int) -> Int {
        let position = (value - axis.lower) / (axis.upper - axis.lower) * Double(bins)
        return max(0, min(bins - 1, Int(position.rounded(.down))))
    }

    /// The `quantile` of `values` by the nearest rank (an observed value); +∞ when empty.
    package static func highThreshold(_ values: [Double], quantile: Double) -> Double {
        guard !values.isEmpty else { return .infinity }
        let sorted = values.sorted()
        let rank = Int((quantile * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
