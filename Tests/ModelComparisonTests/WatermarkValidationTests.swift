import Foundation
import ModelComparison
import TestSupport
import Testing

/// The paper's second validation (§4.5, Figures 4.1, 4.4, 4.5): two small CNNs trained here on
/// the CPU by `Python/watermark_models.py`, one with a magenta ring watermark on half of the
/// `stripes` training images, the other on the same images without it; both evaluated on images
/// watermarked in every class (the ring always in the bottom-right quarter). The report, in its
/// default order and with its default K, must lead with the watermark.
@Suite(.serialized) struct WatermarkValidationTests {
    struct Scenario: Decodable {
        struct ModelSummary: Decodable {
            var accuracy: Double
            var accuracyWithoutMark: Double
            var accuracyWithMark: Double
            var markedOthersCalledStripes: Double
        }
        /// Each evaluation image's watermark `[y0, y1, x0, x1]`, nil without one.
        var boxes: [[Int]?]
        var models: [String: ModelSummary]
    }

    /// Runs the comparison on the scenario (trained once per content of the scripts, in
    /// `.build/test-fixtures/`, by `CompareFixture.watermark`) with `segments`.
    static func run(segments: ComparisonRequest.Segmentation) async throws -> (ComparisonReport, Scenario) {
        let python = try #require(TinyFixture.python, "no Python: set UMLAUT_PYTHON")
        return try await heavyWorkOffTheTestPool {
            let root = try CompareFixture.watermark.get()
            let scenario = try JSONDecoder().decode(
                Scenario.self, from: try Data(contentsOf: URL(fileURLWithPath: root + "/watermark.json")))
            var request = ComparisonRequest(
                models: [
                    .init(label: "A", spec: root + "/watermarked.pt"), .init(label: "B", spec: root + "/clean.pt"),
                ],
                data: root + "/eval.npz", className: "stripes")
            request.python = python
            request.segments = segments
            // The paper's sample (100 images per model) and K; 20 per model left only ~15% of the
            // segments watermarks, and K = 4 then merged them with dark background crops.
            request.guidedIGSteps = 20
            return (try ComparisonRunner(request: request).run(), scenario)
        }
    }

    /// Whether a segment holds at least a quarter of its image's watermark box (its pixels, by
    /// its mask: a grid cell's is its box, a superpixel's follows the image).
    static func isWatermark(
        _ segment: ComparisonReport.Segment, in report: ComparisonReport, _ scenario: Scenario
    )
        -> Bool
    {
        let index = report.models[segment.model].images[segment.image].index
        guard let mark = scenario.boxes[index] else { return false }
        var covered = 0
        for y in mark[0]..<mark[1] {
            for x in mark[2]..<mark[3] where segment.contains(y: y, x: x) { covered += 1 }
        }
        return 4 * covered >= (mark[1] - mark[0]) * (mark[3] - mark[2])
    }

    @Test func watermarkClusterComesFirst() async throws {
        let (report, scenario) = try await Self.run(segments: .grid)
        #expect(report.parameters.segmentation == .init(method: "grid", grid: 4))
        try Self.checkWatermarkFirst(report, scenario)
    }

    /// The same validation with SLIC superpixels (`--segments slic`), which keep the ring in
    /// one segment instead of splitting it over grid cells.
    @Test func watermarkClusterComesFirstWithSuperpixels() async throws {
        let (report, scenario) = try await Self.run(segments: .slic)
        #expect(report.parameters.segmentation?.method == "slic")
        #expect(report.parameters.segmentation?.nSegments == 16)
        // Superpixels, not cells: masks that are not whole boxes, and about 16 per image.
        #expect(report.segments.contains { ($0.pixels ?? 0) < ($0.box[1] - $0.box[0]) * ($0.box[3] - $0.box[2]) })
        #expect(report.models.allSatisfy { $0.images.allSatisfy { (10...24).contains($0.xrai.count) } })
        try Self.checkWatermarkFirst(report, scenario)
    }

    /// The paper's watermark validation on a report of the scenario.
    static func checkWatermarkFirst(_ report: ComparisonReport, _ scenario: Scenario) throws {
        // The scenario is what the paper's is: the watermarked model learnt the watermark as
        // evidence for the class (it calls watermarked images of other classes `stripes`), the
        // clean model did not, and both are accurate on unmarked images. Like the paper's baseline
        // (95.1% on its watermarked test set, 94.9% on the clean one), the clean model is about as
        // accurate with the watermark as without.
        let watermarked = try #require(scenario.models["watermarked"])
        let clean = try #require(scenario.models["clean"])
        #expect(watermarked.markedOthersCalledStripes > 0.9, "\(watermarked)")
        #expect(clean.markedOthersCalledStripes < 0.3, "\(clean)")
        #expect(watermarked.accuracyWithoutMark > 0.95 && clean.accuracyWithoutMark > 0.95)
        #expect(clean.accuracyWithMark > 0.9, "\(clean)")

        // The default ordering is the paper's: the largest imbalance first.
        #expect(report.parameters.order == .imbalance)
        #expect(report.clusters.map(\.id) == report.orderings.imbalance)
        let first = report.clusters[0]
        let members = first.segments.flatMap { $0 }.map { report.segments[$0] }
        let marks = members.filter { Self.isWatermark($0, in: report, scenario) }.count
        let summary = report.clusters.map {
            "cluster \($0.id): size \($0.size), means \($0.meanAttribution), imbalance \($0.imbalance)"
        }.joined(separator: "; ")
        // Mostly watermark segments.
        #expect(members.count == first.size)
        #expect(Double(marks) >= 0.75 * Double(first.size), "\(marks) of \(first.size) are watermarks; \(summary)")
        // The watermarked model's importance there is the highest of all clusters ...
        let meanA = try #require(first.meanAttribution[0], "\(summary)")
        for cluster in report.clusters.dropFirst() {
            #expect(meanA > (cluster.meanAttribution[0] ?? 0), "\(summary)")
        }
        #expect(first.relativeImportance[0] == 1)
        #expect(meanA > 0.2, "\(summary)")
        // ... and the clean model's near zero: it ignores the ring (before its training had random
        // erasing, it was thrown by the unseen magenta, and blurring the ring gave back -0.13 on
        // average; Docs/ComparisonWatermark.md).
        let meanB = first.meanAttribution[1] ?? 0
        #expect(abs(meanB) < 0.05 && abs(meanB) < 0.1 * meanA, "\(summary)")
        #expect(meanB < 0.1 * meanA, "the clean model does not rely on the watermark: \(summary)")

        // The location map shows where the watermarks were: every image's ring lies in the
        // bottom-right quarter, and so do the watermarked model's highly attributed segments of
        // the first cluster (cells of rows and columns 2 and 3 of the 4 × 4 grid).
        #expect(scenario.boxes.compactMap { $0 }.allSatisfy { $0[0] >= 16 && $0[2] >= 16 })
        let high = first.locations[0].high
        let total = high.joined().reduce(0, +)
        let corner = high[2...].map { $0[2...].reduce(0, +) }.reduce(0, +)
        #expect(total >= 5, "high map \(high)")
        #expect(Double(corner) >= 0.9 * Double(total), "high map \(high)")
    }
}
