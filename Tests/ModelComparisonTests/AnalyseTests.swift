import Foundation
import ModelComparison
import Testing
import VectorMath

/// `ComparisonRunner.analyse` on a hand-made helper output: k-means over the embeddings, then
/// the statistics, without Python.
@Suite struct AnalyseTests {
    static func image(_ quadrant: Quadrant) -> HelperOutput.Image {
        .init(
            index: 0, source: "x.png", label: 0, prediction: 0, probability: 0.9, quadrant: quadrant,
            xrai: Array(repeating: 0, count: 16), guidedIGTotal: 0, probabilityWithChosenBlurred: 0.1)
    }

    static func model(_ label: String, _ quadrants: [Quadrant]) -> HelperOutput.Model {
        .init(
            label: label, spec: label + ".pt", framework: "pytorch", inputShape: nil, preprocessing: "unit",
            outputs: "logits", accuracy: 1, quadrants: [:], images: quadrants.map(image))
    }

    static func segment(model: Int, image: Int, row: Int, attribution: Double) -> HelperOutput.Segment {
        .init(
            model: model, image: image, cell: row * 4, row: row, column: 0, box: [0, 8, 0, 8], rank: 0, xrai: 0,
            attribution: attribution)
    }

    let output = HelperOutput(
        class: "stripes", classIndex: 0, classes: ["stripes", "plain"], data: "/d", dataImages: 10,
        imageShape: [32, 32, 3],
        grid: 4, topSegments: 2, guidedIGSteps: 20, blurSigma: 2,
        embedding: .init(model: "efficientnet-lite0", inputSize: 64, dimension: 2),
        models: [model("A", [.truePositive, .falsePositive]), model("B", [.trueNegative, .falseNegative])],
        segments: [
            segment(model: 0, image: 0, row: 0, attribution: 0.5),
            segment(model: 0, image: 1, row: 1, attribution: 0.3),
            segment(model: 1, image: 0, row: 2, attribution: 0.0),
            segment(model: 1, image: 1, row: 3, attribution: 0.01),
        ], notes: ["a note"], timings: ["attributions": 1])

    @Test func clustersFollowTheEmbeddings() throws {
        // Segments 0 and 2 near (0, 0); 1 and 3 near (10, 10).
        let embeddings = Matrix([[0, 0], [10, 10], [0, 1], [10, 11]])
        var request = ComparisonRequest(
            models: [.init(label: "A", spec: "a"), .init(label: "B", spec: "b")], data: "/d", className: "stripes")
        request.clusters = 2
        request.histogramBins = 4
        let report = try ComparisonRunner(request: request).analyse(output, embeddings: embeddings)
        let labels = report.segments.map(\.cluster)
        #expect(labels[0] == labels[2] && labels[1] == labels[3] && labels[0] != labels[1])
        #expect(report.segments.map(\.quadrant) == [.truePositive, .falsePositive, .trueNegative, .falseNegative])
        #expect(abs(report.segments[0].centroidDistance - 0.5) < 1e-6)
        #expect(abs(report.clustering.inertia - 1) < 1e-6)
        #expect(report.clustering.inertias.count == 10)
        // Imbalance: cluster of segments 0, 2 is |0.5 − 0| = 0.5; the other |0.3 − 0.01| = 0.29.
        #expect(report.clusters.map(\.id) == [labels[0], labels[1]])
        #expect(report.clusters[0].composition == [1, 1])
        #expect(report.clusters[0].confusion[0] == .init(truePositives: 1))
        #expect(report.clusters[1].confusion[1] == .init(falseNegatives: 1))
        #expect(report.maximumClusterMean == 0.5)
        #expect(report.notes == ["a note"])
        #expect(report.timings["attributions"] == 1 && report.timings["clustering"] != nil)
    }

    @Test func fewerSegmentsThanClustersIsTooFewImages() throws {
        var request = ComparisonRequest(
            models: [.init(label: "A", spec: "a"), .init(label: "B", spec: "b")], data: "/d", className: "stripes")
        request.clusters = 5
        #expect(throws: ComparisonError.self) {
            try ComparisonRunner(request: request).analyse(
                output, embeddings: Matrix([[0, 0], [1, 1], [2, 2], [3, 3]]))
        }
    }

    @Test func aSuperpixelsMaskAndSegmentationReachTheReport() throws {
        var output = output
        output.segmentation = .init(method: "slic", grid: 4, nSegments: 16, compactness: 50)
        // A 3×4 box: row 0 ..XX, row 1 .XXX, row 2 XX.. (outside first).
        output.segments[0].box = [4, 7, 10, 14]
        output.segments[0].mask = [2, 2, 1, 5, 2]
        output.segments[0].centre = [5.3, 12.1]
        output.segments[0].pixels = 7
        var request = ComparisonRequest(
            models: [.init(label: "A", spec: "a"), .init(label: "B", spec: "b")], data: "/d", className: "stripes")
        request.clusters = 2
        let report = try ComparisonRunner(request: request).analyse(
            output, embeddings: Matrix([[0, 0], [10, 10], [0, 1], [10, 11]]))
        #expect(report.parameters.segmentation?.method == "slic")
        #expect(report.parameters.segmentation?.nSegments == 16)
        let segment = report.segments[0]
        #expect(segment.centre == [5.3, 12.1] && segment.pixels == 7)
        let inside = (4..<7).map { y in (10..<14).map { x in segment.contains(y: y, x: x) ? "X" : "." }.joined() }
        #expect(inside == ["..XX", ".XXX", "XX.."])
        #expect(!segment.contains(y: 3, x: 12) && !segment.contains(y: 5, x: 14))
        // Without a mask a segment is its whole box; an older helper's output is the grid.
        #expect(report.segments[1].contains(y: 7, x: 7) && !report.segments[1].contains(y: 8, x: 0))
        #expect(
            try ComparisonRunner(request: request).analyse(
                self.output, embeddings: Matrix([[0, 0], [10, 10], [0, 1], [10, 11]])
            ).parameters.segmentation == .init(method: "grid", grid: 4))
    }
}
