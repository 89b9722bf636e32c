import ArgumentParser
import Dashboard
import Foundation
import ModelComparison
import PythonProcess

/// `umlaut compare MODEL_A MODEL_B --data DIR --class NAME`: which image segments drive two
/// classifiers' predictions of a class, clustered into concepts (IMACS, dissertation ch. 4),
/// written as a JSON report. Exit 0 with the report, 2 for bad input (nothing written), 130 when
/// interrupted.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare which visual concepts two image classifiers rely on for a class.",
        discussion: """
            Runs in the project's Python (Keras or PyTorch, plus the packages in umlaut_compare's requirements.txt; \
            the error says what is missing). Models: a .keras/.h5 file or SavedModel directory, a TorchScript file, \
            or module:factory@state_dict.pt. Data: a directory with one folder of images per class, or an .npz with \
            x (N×H×W×C) and y. Each model's sample is a balanced confusion matrix for the class; every image is cut \
            into a 4×4 grid (or about 16 SLIC superpixels with --segments slic), the segments scored by XRAI over Guided Integrated Gradients, the top ones re-scored by \
            exact Shapley values, embedded by EfficientNet-Lite0 and clustered by k-means.
            """
    )

    @Argument(help: "The first model (A).") var modelA: String?
    @Argument(help: "The second model (B).") var modelB: String?
    @Option(name: .long, help: "The evaluation data: a directory of class folders, or an .npz.") var data: String?
    @Option(name: .customLong("class"), help: "The class to explain.") var className: String?
    @Option(name: .long, help: "The number of concept clusters (k-means' k).") var clusters = 4
    @Option(name: .long, help: "Images sampled per model (a quarter from each of TP, TN, FP, FN).") var samples = 100
    @Option(name: .long, help: "The seed of the sampling and of k-means.") var seed: UInt64 = 0
    @Option(name: .long, help: "Where to write the report: JSON, or one self-contained page if it ends in .html.")
    var out = "comparison.json"
    @Option(name: .long, help: "Input scaling of model A: unit, signed, raw or imagenet.") var preprocessA = "unit"
    @Option(name: .long, help: "Input scaling of model B: unit, signed, raw or imagenet.") var preprocessB = "unit"
    @Option(name: .long, help: "Resize every image to HEIGHT,WIDTH first.") var imageSize: String?
    @Option(name: .long, help: "How images are cut: grid (4×4 cells) or slic (about 16 superpixels).")
    var segments = "grid"
    @Option(name: .long, help: "Segments per image re-scored by exact Shapley values (M).") var topSegments = 5
    @Option(name: .long, help: "Guided Integrated Gradients steps per image.") var steps = 50
    @Option(name: .long, help: "The segment embedding: efficientnet-lite0, or module:factory.")
    var embedding = "efficientnet-lite0"
    @Option(name: .long, help: "Cluster order: imbalance, importance or centroid-distance.") var order = "imbalance"
    @Option(name: .long, help: "The Python interpreter (default: $UMLAUT_PYTHON, the active virtualenv's, or python3).")
    var python: String?
    @Option(name: .long, help: "Render this JSON report (to --out) instead of running a comparison.")
    var fromReport: String?
    @Flag(name: .long, help: "Print no progress.") var quiet = false
    @Flag(
        name: .long,
        help:
            "Do not reuse or keep the attributions and embeddings (kept in .umlaut/comparisons/cache/ of the current directory, per segmentation, so that another --clusters or --order re-clusters without running Python)."
    )
    var noCache = false

    func validate() throws {
        if fromReport != nil {
            guard modelA == nil, modelB == nil else { throw ValidationError("--from-report takes no models") }
        } else {
            guard modelA != nil, modelB != nil else {
                throw ValidationError("compare needs two models: MODEL_A MODEL_B")
            }
            guard data != nil else { throw ValidationError("missing --data DIR (or --from-report REPORT.json)") }
            guard className != nil else { throw ValidationError("missing --class NAME") }
        }
    }

    func run() throws {
        if let fromReport {
            try render(fromReport)
            return
        }
        guard let modelA, let modelB, let data, let className else { throw ValidationError("compare needs two models") }
        var request = ComparisonRequest(
            models: [
                .init(label: "A", spec: modelA, preprocessing: preprocessA),
                .init(label: "B", spec: modelB, preprocessing: preprocessB),
            ], data: data, className: className)
        request.clusters = clusters
        request.samples = samples
        request.seed = seed
        request.topSegments = topSegments
        request.guidedIGSteps = steps
        request.embedding = embedding
        request.python = python
        guard let order = ComparisonRequest.Order(rawValue: order) else {
            throw ValidationError("--order must be imbalance, importance or centroid-distance")
        }
        request.order = order
        guard let segmentation = ComparisonRequest.Segmentation(rawValue: segments) else {
            throw ValidationError("--segments must be grid or slic")
        }
        request.segments = segmentation
        if let imageSize {
            let parts = imageSize.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let height = parts[0], let width = parts[1] else {
                throw ValidationError("--image-size must be HEIGHT,WIDTH")
            }
            request.imageSize = [height, width]
        }
        let outPath = LexicalPath.absolute(out)
        let quiet = quiet
        SignalForwarding.install()
        defer { SignalForwarding.uninstall() }
        let runner = ComparisonRunner(
            request: request,
            progress: { event in
                guard !quiet else { return }
                switch event {
                case .stage(let stage, let model, let done, let total):
                    Self.say("\(stage)\(model.map { " (model \($0))" } ?? ""): \(done)/\(total)")
                case .note(let message):
                    Self.say("note: \(message)")
                }
            },
            isCancelled: { SignalForwarding.received != 0 })
        if !noCache {
            runner.cache = ComparisonCache.inWorkspace(FileManager.default.currentDirectoryPath)
        }
        do {
            let report = try runner.run()
            try Self.write(report, to: outPath)
            if !quiet {
                Self.say("wrote \(out): \(report.segments.count) segments in \(report.clusters.count) clusters")
            }
        } catch ComparisonError.cancelled {
            Self.say("umlaut: compare interrupted; nothing written")
            throw ExitCode(130)
        } catch let error as ComparisonError {
            Self.say("umlaut: error: \(error)")
            throw ExitCode(2)
        }
    }

    /// Writes the report as JSON, or as one self-contained HTML page when the path ends in
    /// `.html`/`.htm`; atomically either way.
    static func write(_ report: ComparisonReport, to path: String) throws {
        let json = try ReportWriter.encode(report)
        guard isHTML(path) else { return try ReportWriter.write(json, to: path) }
        let title = "Umlaut: \(report.class) — " + report.models.map(\.spec).joined(separator: " vs ")
        try ReportWriter.write(Data(ReportExport.html(reportJSON: json, title: title).utf8), to: path)
    }

    static func isHTML(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext == "html" || ext == "htm"
    }

    /// `--from-report`: an existing JSON report written again, as a page or as JSON.
    private func render(_ input: String) throws {
        let inputPath = LexicalPath.absolute(input)
        guard let data = FileManager.default.contents(atPath: inputPath) else {
            Self.say("umlaut: error: cannot read the report \(input)")
            throw ExitCode(2)
        }
        let report: ComparisonReport
        do { report = try JSONDecoder().decode(ComparisonReport.self, from: data) } catch {
            Self.say("umlaut: error: \(input) is not a comparison report: \(error)")
            throw ExitCode(2)
        }
        do { try Self.write(report, to: LexicalPath.absolute(out)) } catch let error as ComparisonError {
            Self.say("umlaut: error: \(error)")
            throw ExitCode(2)
        }
        if !quiet { Self.say("wrote \(out): \(report.segments.count) segments in \(report.clusters.count) clusters") }
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
