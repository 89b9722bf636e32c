import Foundation
import ModelComparison
import TestSupport
import Testing

/// Tiny models and data made once by `Python/tiny_models.py` (`TestSupport.CompareFixture`): a CNN
/// trained for a few epochs on 32×32 images of textured patches, the same CNN untrained, a
/// fixed-size network, a too-small data set and an image folder.
enum TinyFixture {
    static var python: String? { CompareFixture.python }
    static var directory: Result<String, CompareFixture.Failure> { CompareFixture.directory }

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
        try await heavyWorkOffTheTestPool {
            do {
                return .success(try ComparisonRunner(request: request, isCancelled: isCancelled).run())
            } catch let error as ComparisonError {
                return .failure(error)
            }
        }
    }

    /// Runs with the cache of a fresh workspace and expects the helper to refuse the input with
    /// `kind`, leaving nothing in the workspace (no cache entry, no temporary file). Returns the
    /// message.
    static func refusal(_ request: ComparisonRequest, kind: String) async throws -> String? {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let result = try await heavyWorkOffTheTestPool { () -> Result<ComparisonReport, ComparisonError> in
            let runner = ComparisonRunner(request: request)
            runner.cache = ComparisonCache.inWorkspace(workspace.path)
            do { return .success(try runner.run()) } catch let error as ComparisonError { return .failure(error) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).isEmpty, "left behind")
        guard case .failure(.badInput(let got, let message)) = result else {
            Issue.record("expected a bad-input error, got \(result)")
            return nil
        }
        #expect(got == kind, "\(message)")
        return message
    }
}

/// The pipeline end to end, in the real Python with real PyTorch. Serialized: each test runs a
/// Python process and waits for it.
@Suite(.serialized) struct PipelineTests {
    /// The paper's basic validation (§4.6.1): against a trained model, an untrained one's mean
    /// attribution is near zero in every cluster; the trained model's is not.
    ///
    /// The run keeps the helper's output in a workspace's cache; asked again for another k and
    /// ordering, the runner re-clusters that output without running Python.
    @Test func trainedAgainstUntrained() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let request = try TinyFixture.request("trained.pt", "untrained.pt")
        let (first, firstEvents) = try await Self.runCached(request, workspace: workspace.path)
        let report = try first.get()
        #expect(firstEvents.contains { if case .stage("attributions", _, _, _) = $0 { true } else { false } })
        let entries = try FileManager.default.contentsOfDirectory(
            atPath: ComparisonCache.inWorkspace(workspace.path).directory)
        #expect(entries.count == 1 && !entries[0].hasPrefix("."))

        var again = request
        again.clusters = 5
        again.order = .importance
        let (second, secondEvents) = try await Self.runCached(again, workspace: workspace.path)
        let rerun = try second.get()
        #expect(
            !secondEvents.contains { if case .stage(let stage, _, _, _) = $0 { stage != "clustering" } else { false } })
        #expect(
            secondEvents.contains {
                if case .note(let note) = $0 { note.contains("Python did not run") } else { false }
            })
        #expect(rerun.clusters.count == 5)
        #expect(rerun.clusters.map(\.id) == rerun.orderings.importance)
        #expect(rerun.segments.map(\.attribution) == report.segments.map(\.attribution))
        #expect(rerun.models == report.models)

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
        let message = try #require(
            await TinyFixture.refusal(
                try TinyFixture.request("trained.pt", "untrained.pt", className: "purple"), kind: "unknown-class"))
        #expect(message.contains("'purple'") && message.contains("stripes, checks, plain"))
    }

    @Test func modelThatDoesNotLoad() async throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let broken = try scratch.write("broken.pt", "not a model")
        let message = try #require(
            await TinyFixture.refusal(try TinyFixture.request("trained.pt", broken), kind: "model-load"))
        #expect(message.contains("model B") && message.contains("broken.pt"))
    }

    @Test func mismatchedInputSize() async throws {
        var request = try TinyFixture.request("trained.pt", "fixed.pt")
        request.imageSize = [16, 16]
        let message = try #require(await TinyFixture.refusal(request, kind: "mismatched-input"))
        #expect(message.contains("model B") && message.contains("16×16×3"))
    }

    @Test func tooFewImages() async throws {
        let message = try #require(
            await TinyFixture.refusal(
                try TinyFixture.request("trained.pt", "untrained.pt", data: "small.npz"), kind: "too-few-images"))
        #expect(message.contains("3 images"))
    }

    @Test func corruptImage() async throws {
        let root = try TinyFixture.directory.get()
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let folder = scratch.path + "/corrupt"
        try FileManager.default.copyItem(atPath: root + "/folder", toPath: folder)
        let bad = folder + "/stripes/zz-broken.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: bad))
        let message = try #require(
            await TinyFixture.refusal(
                try TinyFixture.request("trained.pt", "untrained.pt", data: folder), kind: "corrupt-image"))
        #expect(message.contains("zz-broken.png"))
    }

    /// Cancelled once the helper reports its first progress: the child is stopped mid-run, with
    /// its whole process group, and the workspace's cache gets nothing.
    @Test func cancelledMidRunStopsTheHelper() async throws {
        let request = try TinyFixture.request("trained.pt", "untrained.pt")
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        let flag = Flag()
        let helper = Events()
        let result = try await heavyWorkOffTheTestPool { () -> Result<ComparisonReport, ComparisonError> in
            let runner = ComparisonRunner(
                request: request, progress: { _ in flag.set() }, isCancelled: { flag.isSet })
            runner.cache = ComparisonCache.inWorkspace(workspace.path)
            runner.helperStarted = { helper.append(.stage("pid", model: nil, done: Int($0), total: 0)) }
            do { return .success(try runner.run()) } catch let error as ComparisonError { return .failure(error) }
        }
        guard case .failure(.cancelled) = result else {
            Issue.record("expected cancelled, got \(result)")
            return
        }
        #expect(flag.isSet)
        guard case .stage("pid", _, let pid, _)? = helper.all.first else {
            Issue.record("the helper's start was not told")
            return
        }
        // The helper led its own process group, and nothing of it is left.
        #expect(kill(-Int32(pid), 0) == -1 && errno == ESRCH)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).isEmpty)
    }

    /// A run with the cache of `workspace`, and the progress it reported.
    static func runCached(
        _ request: ComparisonRequest, workspace: String
    ) async throws -> (Result<ComparisonReport, ComparisonError>, [ComparisonProgress]) {
        let events = Events()
        let result = try await heavyWorkOffTheTestPool { () -> Result<ComparisonReport, ComparisonError> in
            let runner = ComparisonRunner(request: request, progress: { events.append($0) })
            runner.cache = ComparisonCache.inWorkspace(workspace)
            do { return .success(try runner.run()) } catch let error as ComparisonError { return .failure(error) }
        }
        return (result, events.all)
    }

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [ComparisonProgress] = []
        var all: [ComparisonProgress] { lock.withLock { events } }
        func append(_ event: ComparisonProgress) { lock.withLock { events.append(event) } }
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
