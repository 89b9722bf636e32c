import Foundation

/// Everything `umlaut compare` found, every number of it, as the JSON report (and, next, the
/// page) shows it. Model-indexed arrays have one entry per model, A then B.
package struct ComparisonReport: Codable, Sendable, Equatable {
    package struct Parameters: Codable, Sendable, Equatable {
        package var clusters: Int
        package var samples: Int
        package var seed: UInt64
        package var grid: Int
        /// Grid cells or SLIC superpixels, with the method's parameters (nil in older reports:
        /// the grid).
        package var segmentation: HelperOutput.Segmentation?
        package var topSegments: Int
        package var guidedIGSteps: Int
        package var blurSigma: Double
        package var embedding: HelperOutput.Embedding
        package var kmeansInitializations: Int
        package var order: ComparisonRequest.Order
    }

    /// One segment of the pooled sample, with its cluster.
    package struct Segment: Codable, Sendable, Equatable {
        package var model: Int
        /// Index into the model's `images`.
        package var image: Int
        package var row: Int
        package var column: Int
        /// [y0, y1, x0, x1] in pixels: the segment's bounding box.
        package var box: [Int]
        /// [y, x]: the mean of its pixels' centres (nil in older reports).
        package var centre: [Double]?
        /// Its pixel count (nil in older reports).
        package var pixels: Int?
        /// Its pixels inside `box` as run lengths, outside first (`HelperOutput.Segment.mask`);
        /// nil: the whole box.
        package var mask: [Int]?
        package var rank: Int
        package var quadrant: Quadrant
        package var xrai: Double
        /// The Shapley value (the attribution the statistics use).
        package var attribution: Double
        package var cluster: Int
        /// Euclidean distance from its embedding to its cluster's centroid.
        package var centroidDistance: Double

        /// Whether the pixel (`y`, `x`) of the image is one of the segment's.
        package func contains(y: Int, x: Int) -> Bool {
            guard box.count == 4, y >= box[0], y < box[1], x >= box[2], x < box[3] else { return false }
            guard let mask else { return true }
            var position = (y - box[0]) * (box[3] - box[2]) + (x - box[2])
            var inside = false
            for run in mask {
                if position < run { return inside }
                position -= run
                inside.toggle()
            }
            return false
        }
    }

    package struct Clustering: Codable, Sendable, Equatable {
        package var inertia: Double
        package var iterations: Int
        package var converged: Bool
        package var inertias: [Double]
    }

    /// The attribution histograms' one shared axis.
    package struct HistogramAxis: Codable, Sendable, Equatable {
        package var lower: Double
        package var upper: Double
        /// `bins + 1` edges from `lower` to `upper`.
        package var edges: [Double]
    }

    package struct Confusion: Codable, Sendable, Equatable {
        package var truePositives = 0
        package var trueNegatives = 0
        package var falsePositives = 0
        package var falseNegatives = 0

        package init(truePositives: Int = 0, trueNegatives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.truePositives = truePositives
            self.trueNegatives = trueNegatives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }

        mutating func add(_ quadrant: Quadrant) {
            switch quadrant {
            case .truePositive: truePositives += 1
            case .trueNegative: trueNegatives += 1
            case .falsePositive: falsePositives += 1
            case .falseNegative: falseNegatives += 1
            }
        }
    }

    /// Where in the image a cluster's segments of one model lie: counts per grid cell,
    /// `[row][column]`.
    package struct LocationMap: Codable, Sendable, Equatable {
        /// Every segment of the cluster from the model's sample.
        package var all: [[Int]]
        /// Those attributed at least `highAttributionThreshold` (and above zero).
        package var high: [[Int]]
    }

    package struct Cluster: Codable, Sendable, Equatable {
        /// The k-means label (stable across orderings).
        package var id: Int
        package var size: Int
        /// Segments from each model's sample.
        package var composition: [Int]
        /// Mean attribution per model; nil when the model has no segment here.
        package var meanAttribution: [Double?]
        /// `meanAttribution / maximumClusterMean` (the paper's black reference bar is 1).
        package var relativeImportance: [Double?]
        /// |mean A − mean B| (a missing mean counts as 0).
        package var imbalance: Double
        /// The larger of the two means.
        package var importance: Double
        package var meanCentroidDistance: Double
        /// Counts per bin of `histogramAxis`, per model.
        package var histograms: [[Int]]
        package var confusion: [Confusion]
        package var locations: [LocationMap]
        /// Indices into `segments`, per model, highest attribution first.
        package var segments: [[Int]]
    }

    package struct Orderings: Codable, Sendable, Equatable {
        package var imbalance: [Int]
        package var importance: [Int]
        package var centroidDistance: [Int]
    }

    package var version = 1
    package var `class`: String
    package var classes: [String]
    package var data: String
    package var dataImages: Int
    package var imageShape: [Int]
    package var parameters: Parameters
    package var models: [HelperOutput.Model]
    package var segments: [Segment]
    package var clustering: Clustering
    package var histogramAxis: HistogramAxis
    package var highAttributionThreshold: Double
    /// The largest mean attribution of any model in any cluster.
    package var maximumClusterMean: Double
    /// Clusters in `parameters.order`.
    package var clusters: [Cluster]
    /// Cluster ids in each ordering.
    package var orderings: Orderings
    package var notes: [String]
    /// Seconds per stage (the helper's, then clustering and statistics).
    package var timings: [String: Double]
    /// Small pictures of the sampled images for the report page: the image's index in the data
    /// (as a string) -> a `data:image/png;base64,...` URI. Optional: absent, the page shows each
    /// segment's grid place instead.
    package var thumbnails: [String: String]? = nil
}
