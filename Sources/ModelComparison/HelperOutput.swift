import Foundation

/// `segments.json`, as the Python helper writes it (see `umlaut_compare/pipeline.py`).
package struct HelperOutput: Codable, Sendable, Equatable {
    package struct Embedding: Codable, Sendable, Equatable {
        package var model: String
        package var inputSize: Int
        package var dimension: Int

        package init(model: String, inputSize: Int, dimension: Int) {
            self.model = model
            self.inputSize = inputSize
            self.dimension = dimension
        }
    }

    /// How the images were cut: `method` "grid" (with `grid` cells per side) or "slic" (with
    /// SLIC's `nSegments` and `compactness`; `grid` is then the location maps').
    package struct Segmentation: Codable, Sendable, Equatable {
        package var method: String
        package var grid: Int?
        package var nSegments: Int?
        package var compactness: Double?

        package init(method: String, grid: Int? = nil, nSegments: Int? = nil, compactness: Double? = nil) {
            self.method = method
            self.grid = grid
            self.nSegments = nSegments
            self.compactness = compactness
        }
    }

    package struct QuadrantCount: Codable, Sendable, Equatable {
        package var wanted: Int
        package var available: Int
        package var taken: Int
    }

    /// One sampled image of one model's sample.
    package struct Image: Codable, Sendable, Equatable {
        /// The image's index in the data.
        package var index: Int
        /// Its file (relative to the data directory) or `data.npz[i]`.
        package var source: String
        package var label: Int
        package var prediction: Int
        /// The model's probability for the class.
        package var probability: Double
        /// "TP", "TN", "FP" or "FN" for the class.
        package var quadrant: Quadrant
        /// Every segment's XRAI score (grid cells row-major, or SLIC's labels in order).
        package var xrai: [Double]
        package var guidedIGTotal: Double
        /// The class probability with all the chosen segments blurred (the empty coalition).
        package var probabilityWithChosenBlurred: Double?

        package init(
            index: Int, source: String, label: Int, prediction: Int, probability: Double, quadrant: Quadrant,
            xrai: [Double], guidedIGTotal: Double, probabilityWithChosenBlurred: Double?
        ) {
            self.index = index
            self.source = source
            self.label = label
            self.prediction = prediction
            self.probability = probability
            self.quadrant = quadrant
            self.xrai = xrai
            self.guidedIGTotal = guidedIGTotal
            self.probabilityWithChosenBlurred = probabilityWithChosenBlurred
        }
    }

    package struct Model: Codable, Sendable, Equatable {
        package var label: String
        package var spec: String
        package var framework: String
        package var inputShape: [Int?]?
        package var preprocessing: String
        /// "probabilities" or "logits" (then softmaxed).
        package var outputs: String
        /// Accuracy over the whole data.
        package var accuracy: Double
        package var quadrants: [String: QuadrantCount]
        package var images: [Image]

        package init(
            label: String, spec: String, framework: String, inputShape: [Int?]?, preprocessing: String, outputs: String,
            accuracy: Double, quadrants: [String: HelperOutput.QuadrantCount], images: [HelperOutput.Image]
        ) {
            self.label = label
            self.spec = spec
            self.framework = framework
            self.inputShape = inputShape
            self.preprocessing = preprocessing
            self.outputs = outputs
            self.accuracy = accuracy
            self.quadrants = quadrants
            self.images = images
        }
    }

    /// One kept segment of one of a model's sampled images (a grid cell or a superpixel), with
    /// its Shapley value.
    package struct Segment: Codable, Sendable, Equatable {
        /// Index into `models`.
        package var model: Int
        /// Index into that model's `images`.
        package var image: Int
        /// The segment's number in its image (grid cells row-major, or SLIC's label).
        package var cell: Int
        /// The grid cell its centre lies in (where the location maps count it).
        package var row: Int
        package var column: Int
        /// [y0, y1, x0, x1] in pixels: the segment's bounding box.
        package var box: [Int]
        /// [y, x]: the mean of its pixels' centres.
        package var centre: [Double]?
        /// How many pixels it has.
        package var pixels: Int?
        /// The segment inside its box, row-major, as run lengths alternating outside and inside,
        /// outside first (a whole box is `[0, h·w]`). Absent in reports from before SLIC: the box.
        package var mask: [Int]?
        /// 0 for the segment XRAI scored highest in its image.
        package var rank: Int
        package var xrai: Double
        /// The exact Shapley value over the image's chosen segments, for the class probability.
        package var attribution: Double

        package init(
            model: Int, image: Int, cell: Int, row: Int, column: Int, box: [Int], rank: Int, xrai: Double,
            attribution: Double, centre: [Double]? = nil, pixels: Int? = nil, mask: [Int]? = nil
        ) {
            self.model = model
            self.image = image
            self.cell = cell
            self.row = row
            self.column = column
            self.box = box
            self.rank = rank
            self.xrai = xrai
            self.attribution = attribution
            self.centre = centre
            self.pixels = pixels
            self.mask = mask
        }
    }

    package var `class`: String
    package var classIndex: Int
    package var classes: [String]
    package var data: String
    package var dataImages: Int
    package var imageShape: [Int]
    package var grid: Int
    /// Absent in the output of helpers from before SLIC: the grid.
    package var segmentation: Segmentation? = nil
    package var topSegments: Int
    package var guidedIGSteps: Int
    package var blurSigma: Double
    package var embedding: Embedding
    package var models: [Model]
    package var segments: [Segment]
    package var notes: [String]
    package var timings: [String: Double]
    /// The sampled images as `data:` URIs, by their index in the data (for the report page).
    package var thumbnails: [String: String]? = nil

    package init(
        class: String, classIndex: Int, classes: [String], data: String, dataImages: Int, imageShape: [Int],
        grid: Int, topSegments: Int, guidedIGSteps: Int, blurSigma: Double, embedding: Embedding, models: [Model],
        segments: [Segment], notes: [String], timings: [String: Double]
    ) {
        self.class = `class`
        self.classIndex = classIndex
        self.classes = classes
        self.data = data
        self.dataImages = dataImages
        self.imageShape = imageShape
        self.grid = grid
        self.topSegments = topSegments
        self.guidedIGSteps = guidedIGSteps
        self.blurSigma = blurSigma
        self.embedding = embedding
        self.models = models
        self.segments = segments
        self.notes = notes
        self.timings = timings
    }
}

/// Where a prediction falls for the class: true/false positive/negative.
package enum Quadrant: String, Codable, Sendable, CaseIterable {
    case truePositive = "TP"
    case trueNegative = "TN"
    case falsePositive = "FP"
    case falseNegative = "FN"
}
