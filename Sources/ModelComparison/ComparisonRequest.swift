import Foundation

/// What `umlaut compare` is asked: two models, the evaluation data, the class, and the knobs of
/// the pipeline (dissertation §4.4; defaults are the paper's where it gives one).
package struct ComparisonRequest: Sendable, Equatable {
    /// One model under comparison: how to load it and how its inputs are scaled.
    package struct Model: Sendable, Equatable, Codable {
        /// "A" or "B", as the report names it.
        package var label: String
        /// A `.keras`/`.h5` file or SavedModel directory, a TorchScript file, or
        /// `module:factory@state_dict.pt`.
        package var spec: String
        /// `unit` ([0, 1]), `signed` ([−1, 1]), `raw` ([0, 255]) or `imagenet` (mean/std).
        package var preprocessing: String

        package init(label: String, spec: String, preprocessing: String = "unit") {
            self.label = label
            self.spec = spec
            self.preprocessing = preprocessing
        }
    }

    /// How the report's clusters are ordered (§4.5.2, §4.5.4).
    package enum Order: String, Sendable, Codable, CaseIterable {
        /// The largest difference between the two models' mean attributions first (the paper's).
        case imbalance
        /// The highest mean attribution of either model first.
        case importance
        /// The most compact cluster (smallest mean distance to its centroid) first.
        case centroidDistance = "centroid-distance"
    }

    /// How each image is cut into segments (§4.4; SLIC is the paper's future work).
    package enum Segmentation: String, Sendable, Codable, CaseIterable {
        /// `grid` × `grid` cells, the same in every image (the paper's 4 × 4).
        case grid
        /// About 16 SLIC superpixels per image (scikit-image's `slic`, compactness 50): segments
        /// that follow the image, so a small object is not split by grid lines.
        case slic
    }

    package static let processingPreprocessings = ["unit", "signed", "raw", "imagenet"]

    package var models: [Model]
    /// A directory with one sub-directory of images per class, or an `.npz`.
    package var data: String
    /// The class whose predictions are explained.
    package var className: String
    /// k-means' k.
    package var clusters: Int = 4
    /// Images sampled per model (a balanced confusion matrix: a quarter from each quadrant).
    package var samples: Int = 100
    package var seed: UInt64 = 0
    /// Grid cells per side (the paper's 4 × 4).
    package var grid: Int = 4
    /// Grid cells or SLIC superpixels. With SLIC, `grid` is only the location maps' grid.
    package var segments: Segmentation = .grid
    /// M: the segments per image re-scored by exact Shapley values (2^M model calls per image).
    package var topSegments: Int = 5
    /// Guided IG's integration steps per image.
    package var guidedIGSteps: Int = 50
    /// Resize every image to height × width first (needed for folders of mixed sizes).
    package var imageSize: [Int]?
    /// `efficientnet-lite0`, or `module:factory` giving a PyTorch feature extractor.
    package var embedding: String = "efficientnet-lite0"
    /// The side segments are resized to before embedding; nil: from the segment size (64…224).
    package var embeddingInputSize: Int?
    /// k-means initialisations (the best inertia is kept).
    package var kmeansInitializations: Int = 10
    /// Bins of the attribution histograms (one axis for every cluster and model).
    package var histogramBins: Int = 20
    package var order: Order = .imbalance
    /// The interpreter (else `$UMLAUT_PYTHON`, the active virtualenv's, `python3`).
    package var python: String?

    package init(models: [Model], data: String, className: String) {
        self.models = models
        self.data = data
        self.className = className
    }

    /// The request's own mistakes, before anything runs.
    package func validate() throws {
        guard models.count == 2 else {
            throw ComparisonError.invalidRequest("two models are compared (got \(models.count))")
        }
        for model in models where !Self.processingPreprocessings.contains(model.preprocessing) {
            throw ComparisonError.invalidRequest(
                "model \(model.label): unknown preprocessing '\(model.preprocessing)' (one of \(Self.processingPreprocessings.joined(separator: ", ")))"
            )
        }
        guard clusters >= 1 else { throw ComparisonError.invalidRequest("--clusters must be at least 1") }
        guard samples >= 4 else {
            throw ComparisonError.invalidRequest("--samples must be at least 4 (one per quadrant)")
        }
        guard grid >= 1, grid <= 16 else {
            throw ComparisonError.invalidRequest("the grid must have 1 to 16 cells per side")
        }
        guard topSegments >= 1, topSegments <= min(12, grid * grid) else {
            throw ComparisonError.invalidRequest("--top-segments must be between 1 and \(min(12, grid * grid))")
        }
        guard guidedIGSteps >= 2 else { throw ComparisonError.invalidRequest("--steps must be at least 2") }
        guard kmeansInitializations >= 1, histogramBins >= 1 else {
            throw ComparisonError.invalidRequest("initializations and histogram bins must be at least 1")
        }
        if let imageSize, imageSize.count != 2 || imageSize.contains(where: { $0 < grid }) {
            throw ComparisonError.invalidRequest("--image-size must be HEIGHT,WIDTH of at least \(grid) pixels each")
        }
        if !FileManager.default.fileExists(atPath: data) {
            throw ComparisonError.invalidRequest("the data \(data) does not exist")
        }
    }

    /// The JSON the Python helper reads.
    func helperRequest(workDirectory: String) -> [String: Any] {
        var request: [String: Any] = [
            "models": models.map { ["label": $0.label, "spec": $0.spec, "preprocessing": $0.preprocessing] },
            "data": data, "class": className, "samples": samples, "seed": Int(seed % UInt64(Int32.max)),
            "grid": grid, "segmentation": segments.rawValue, "topSegments": topSegments, "steps": guidedIGSteps,
            "embedding": embedding,
            "workDirectory": workDirectory,
        ]
        if let imageSize { request["imageSize"] = imageSize }
        if let embeddingInputSize { request["embeddingInputSize"] = embeddingInputSize }
        return request
    }
}
