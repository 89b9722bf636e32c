import Foundation
import ModelComparison
import TestSupport
import Testing

/// Tiny models and data made once by `Python/tiny_models.py`: a CNN trained for a few epochs on
/// 32×32 images of textured patches, the same CNN untrained, a fixed-size network, a too-small data
/// set and an image folder.
enum TinyFixture {
    static let python: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        for candidate in [ProcessInfo.processInfo.environment["UMLAUT_PYTHON"], root + "/.venv/bin/python"]
            .compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate)
        {
            return candidate
        }
        return nil
    }()

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/tiny_models.py").path

    /// The fixture's directory, or why it could not be made.
    static let directory: Result<String, FixtureError> = {
        guard let python else { return .failure(FixtureError("no Python: set UMLAUT_PYTHON")) }
        let path = NSTemporaryDirectory() + "umlaut-compare-fixture-\(getpid())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, path, "--images", "240", "--epochs", "4", "--folder", "12"]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { return .failure(FixtureError("cannot start \(python): \(error)")) }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(FixtureError("tiny_models.py failed: " + String(decoding: message, as: UTF8.self)))
        }
        return .success(path)
    }()

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func request(
        _ a: String, _ b: String, data: String = "data.npz", className: String = "stripes"
    ) throws
        -> ComparisonRequest
    {
        let root = try directory.get()
        func path(_ name: String) -> String { name.hasPrefix("/") ? name : root + "/" + name }
        var request = ComparisonRequest(
            models: [.init(label: "A", spec: path(a)), .init(label: "B", spec: path(b))], data: path(data),
            className: className)
        request.python = python
        request.samples = 20
        request.clusters = 3
        request.guidedIGSteps = 20
        return request
    }

    static func run(
        _ request: ComparisonRequest, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) async throws
        -> Result<ComparisonReport, ComparisonError>
    {
        try await offTheTestPool {
            do {
                return .success(try ComparisonRunner(request: request, isCancelled: isCancelled).run())
            } catch let error as ComparisonError {
                return .failure(error)
            }
        }
    }
}

/// The pipeline end to end, in the real Python with real PyTorch. Serialized: each test runs a
/// Python process and waits for it.
@Suite(.serialized) struct PipelineTests {
    /// The paper's basic validation (§4.6.1): against a trained model, an untrained one's mean
    /// attribution is near zero in every cluster; the trained model's is not.
    @Test func trainedAgainstUntrained() async throws {
        let report = try await TinyFixture.run(try TinyFixture.request("trained.pt", "untrained.pt")).get()
        #expect(report.models.map(\.label) == ["A", "B"])
        #expect(report.models[0].accuracy > 0.9)
        #expect(report.models[0].images.count == 20)
        #expect(report.models[1].images.count == 20)
        #expect(report.segments.count == 2 * 20 * 5)
        #expect(report.clusters.count == 3)
        #expect(report.clusters.map(\.size).reduce(0, +) == report.segments.count)
        #expect(report.clusters.map { $0.composition[0] }.reduce(0, +) == 100)
        #expect(report.parameters.embedding.dimension == 1280)

        let untrained = report.clusters.compactMap { $0.meanAttribution[1] }
        let trained = report.clusters.compactMap { $0.meanAttribution[0] }
        #expect(!untrained.isEmpty && !trained.isEmpty)
        let untrainedLargest = untrained.map(abs).max()!
        let trainedLargest = trained.map(abs).max()!
        // The class probability moves by up to 1 when the trained model's evidence is blurred;
        // the untrained model's stays near a third whatever is blurred.
        #expect(untrainedLargest < 0.02, "untrained means \(untrained)")
        #expect(trainedLargest > 0.05, "trained means \(trained)")
        #expect(trainedLargest > 5 * untrainedLargest)
        // The paper's ordering: the clusters with the largest difference come first.
        #expect(report.clusters.map(\.id) == report.orderings.imbalance)
        #expect(report.clusters[0].imbalance >= report.clusters[report.clusters.count - 1].imbalance)
        // The report page's thumbnails: each sampled image once, a small pixel-exact PNG.
        let sampled = Set(report.models.flatMap { $0.images.map { String($0.index) } })
        #expect(Set((report.thumbnails ?? [:]).keys) == sampled)
        #expect((report.thumbnails ?? [:]).values.allSatisfy { $0.hasPrefix("data:image/png;base64,") })
        // Every number survives the JSON round trip.
        let decoded = try JSONDecoder().decode(ComparisonReport.self, from: try ReportWriter.encode(report))
        #expect(decoded == report)
    }

    @Test func unknownClass() async throws {
        let result = try await TinyFixture.run(
            try TinyFixture.request("trained.pt", "untrained.pt", className: "purple"))
        guard case .failure(.badInput(let kind, let message)) = result else {
            Issue.record("expected a bad-input error, got \(result)")
            return
        }
        #expect(kind == "unknown-class")
        #expect(message.contains("'purple'") && message.contains("stripes, checks, plain"))
    }

    @Test func modelThatDoesNotLoad() async throws {
        let root = try TinyFixture.directory.get()
        let broken = root + "/broken.pt"
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: broken))
        let result = try await TinyFixture.run(try TinyFixture.request("trained.pt", broken))
        guard case .failure(.badInput(let kind, let message)) = result else {
            Issue.record("expected a bad-input error, got \(result)")
            return
        }
        #expect(kind == "model-load")
        #expect(message.contains("model B") && message.contains("broken.pt"))
    }

    @Test func mismatchedInputSize() async throws {
        var request = try TinyFixture.request("trained.pt", "fixed.pt")
        request.imageSize = [16, 16]
        let result = try await TinyFixture.run(request)
        guard case .failure(.badInput(let kind, let message)) = result else {
            Issue.record("expected a bad-input error, got \(result)")
            return
        }
        #expect(kind == "mismatched-input")
        #expect(message.contains("model B") && message.contains("16×16×3"))
    }

    @Test func tooFewImages() async throws {
        let result = try await TinyFixture.run(try TinyFixture.request("trained.pt", "untrained.pt", data: "small.npz"))
        guard case .failure(.badInput(let kind, let message)) = result else {
            Issue.record("expected a bad-input error, got \(result)")
            return
        }
        #expect(kind == "too-few-images")
        #expect(message.contains("3 images"))
    }

    @Test func corruptImage() async throws {
        let root = try TinyFixture.directory.get()
        let folder = root + "/corrupt"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.copyItem(atPath: root + "/folder", toPath: folder)
        let bad = folder + "/stripes/zz-broken.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: bad))
        let result = try await TinyFixture.run(try TinyFixture.request("trained.pt", "untrained.pt", data: folder))
        guard case .failure(.badInput(let kind, let message)) = result else {
            Issue.record("expected a bad-input error, got \(result)")
            return
        }
        #expect(kind == "corrupt-image")
        #expect(message.contains("zz-broken.png"))
    }

    /// Cancelled once the helper reports its first progress: the child is stopped mid-run.
    @Test func cancelledMidRunStopsTheHelper() async throws {
        let request = try TinyFixture.request("trained.pt", "untrained.pt")
        let flag = Flag()
        let result = try await offTheTestPool { () -> Result<ComparisonReport, ComparisonError> in
            let runner = ComparisonRunner(
                request: request, progress: { _ in flag.set() }, isCancelled: { flag.isSet })
            do { return .success(try runner.run()) } catch let error as ComparisonError { return .failure(error) }
        }
        guard case .failure(.cancelled) = result else {
            Issue.record("expected cancelled, got \(result)")
            return
        }
        #expect(flag.isSet)
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    @Test func cancelledBeforeItStarts() async throws {
        let result = try await TinyFixture.run(
            try TinyFixture.request("trained.pt", "untrained.pt"), isCancelled: { true })
        guard case .failure(.cancelled) = result else {
            Issue.record("expected cancelled, got \(result)")
            return
        }
    }
}
