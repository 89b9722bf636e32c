import Foundation
import PythonProcess
import VectorMath

/// What the runner reports while it works.
package enum ComparisonProgress: Sendable, Equatable {
    /// A stage's progress (`load`, `attributions`, `shapley`, `embeddings`, `clustering`), for a
    /// model ("A", "B") or for both (nil).
    case stage(String, model: String?, done: Int, total: Int)
    /// Something the user should know (a short confusion-matrix quadrant, …).
    case note(String)
}

/// `umlaut compare`'s engine: runs the Python helper in the project's Python (events on
/// descriptor 3, as `umlaut run` does), reads its segments and embeddings, clusters them with
/// `VectorMath.KMeans` and computes the statistics. The helper works in a temporary directory
/// that is removed whatever happens.
package final class ComparisonRunner {
    package let request: ComparisonRequest
    package var environment: [String: String]
    private let progress: (ComparisonProgress) -> Void
    private let isCancelled: () -> Bool

    /// `isCancelled` is polled a few times a second while the helper runs; when it turns true
    /// the helper is stopped (SIGTERM, then SIGKILL) and `run` throws `.cancelled`.
    package init(
        request: ComparisonRequest, environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: @escaping (ComparisonProgress) -> Void = { _ in }, isCancelled: @escaping () -> Bool = { false }
    ) {
        self.request = request
        self.environment = environment
        self.progress = progress
        self.isCancelled = isCancelled
    }

    /// Where the helper's output is kept between runs (nil: not kept).
    package var cache: ComparisonCache?
    /// Told the helper's process id as soon as it started: it leads its own process group,
    /// which whoever must stop it at once (a server exiting) can signal whole (`kill(-pid, …)`).
    package var helperStarted: (Int32) -> Void = { _ in }
    /// Whether the last `run` took the helper's output from `cache` instead of running Python.
    package private(set) var usedCache = false

    package func run() throws -> ComparisonReport {
        try request.validate()
        usedCache = false
        if isCancelled() { throw ComparisonError.cancelled }
        let python: String
        do {
            python = try InterpreterResolver.resolve(explicit: request.python, environment: environment)
        } catch {
            throw ComparisonError.cannotStart("\(error)")
        }
        guard let helper = CompareHelperPackage.bundled.locate(environment: environment) else {
            throw ComparisonError.cannotStart(
                "the comparison helper (umlaut_compare) was not found beside umlaut; reinstall umlaut or set UMLAUT_COMPARE_HELPER"
            )
        }
        let key = cache.flatMap { _ in try? ComparisonCache.key(for: request, python: python, helper: helper) }
        if let cache, let key, let cached = cache.load(key: key) {
            usedCache = true
            progress(.note("reused the cached attributions and embeddings (\(key.prefix(12))); Python did not run"))
            return try analyse(cached.output, embeddings: cached.embeddings)
        }
        let work = try Self.makeWorkDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let output = try runHelper(python: python, helper: helper, work: work)
        let embeddings = try readEmbeddings(work)
        if let cache, let key {
            do { try cache.store(key: key, from: work) } catch {
                progress(.note("the attributions and embeddings were not cached: \(error)"))
            }
        }
        return try analyse(output, embeddings: embeddings)
    }

    // MARK: - The helper

    private func runHelper(python: String, helper: String, work: String) throws -> HelperOutput {
        let requestPath = (work as NSString).appendingPathComponent("request.json")
        let logPath = (work as NSString).appendingPathComponent("helper.log")
        do {
            let data = try JSONSerialization.data(withJSONObject: request.helperRequest(workDirectory: work))
            try data.write(to: URL(fileURLWithPath: requestPath))
        } catch {
            throw ComparisonError.cannotStart("cannot write the helper's request: \(error)")
        }
        var environment = BundledPythonPackage.environment(environment, withFirstOnPythonPath: helper)
        environment["UMLAUT_EVENTS"] = "fd:3"
        environment["UMLAUT_COMPARE_LOG"] = logPath
        environment["TF_CPP_MIN_LOG_LEVEL"] = environment["TF_CPP_MIN_LOG_LEVEL"] ?? "2"
        environment["PYTHONUNBUFFERED"] = "1"
        let (readFD, writeFD) = try wrapStart { try EventPipe.make() }
        let child: ChildProcess
        do {
            child = try wrapStart {
                try ChildProcess.spawn(
                    executable: python, arguments: ["-m", "umlaut_compare", requestPath], environment: environment,
                    eventFD: writeFD, newProcessGroup: true)
            }
        } catch {
            close(readFD)
            close(writeFD)
            throw error
        }
        close(writeFD)
        defer { close(readFD) }
        helperStarted(child.pid)
        let (termination, failure, cancelled) = pump(readFD, child: child)
        if cancelled { throw ComparisonError.cancelled }
        if let failure { throw failure }
        guard termination == .exited(0) else {
            throw ComparisonError.helperFailed(status: termination.shellStatus, log: Self.tail(of: logPath))
        }
        let segmentsPath = (work as NSString).appendingPathComponent("segments.json")
        guard let data = FileManager.default.contents(atPath: segmentsPath) else {
            throw ComparisonError.unreadableOutput("segments.json is missing")
        }
        do {
            return try JSONDecoder().decode(HelperOutput.self, from: data)
        } catch {
            throw ComparisonError.unreadableOutput("segments.json: \(error)")
        }
    }

    /// Reads events until the pipe closes and the child has exited; stops the child when
    /// cancelled. Returns how it ended, the error event it sent (if any), and whether it was
    /// cancelled.
    private func pump(_ fd: Int32, child: ChildProcess) -> (Termination, ComparisonError?, Bool) {
        var splitter = LineSplitter()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: ComparisonError?
        var endOfStream = false
        var cancelledAt: Date?
        while true {
            if cancelledAt == nil, isCancelled() {
                cancelledAt = Date()
                child.sendToGroup(SIGTERM)
            }
            if let cancelledAt, Date().timeIntervalSince(cancelledAt) > 5 { child.sendToGroup(SIGKILL) }
            if !endOfStream {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 200) > 0 {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        for line in splitter.feed(buffer[0..<count]) { handle(line, failure: &failure) }
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        endOfStream = true
                        if let last = splitter.finish() { handle(last, failure: &failure) }
                    }
                }
            } else {
                usleep(50_000)
            }
            if let termination = child.poll(block: false), endOfStream || cancelledAt != nil {
                // Whatever the helper started goes with it.
                if cancelledAt != nil { child.sendToGroup(SIGKILL) }
                return (termination, failure, cancelledAt != nil)
            }
        }
    }

    private func handle(_ line: LineSplitter.Line, failure: inout ComparisonError?) {
        guard !line.isTruncated,
            let object = try? JSONSerialization.jsonObject(with: Data(line.bytes)) as? [String: Any],
            let event = object["event"] as? String
        else { return }
        switch event {
        case "progress":
            progress(
                .stage(
                    object["stage"] as? String ?? "?", model: object["model"] as? String,
                    done: object["done"] as? Int ?? 0, total: object["total"] as? Int ?? 0))
        case "note":
            if let message = object["message"] as? String { progress(.note(message)) }
        case "error":
            failure = .badInput(
                kind: object["kind"] as? String ?? "error", message: object["message"] as? String ?? "unknown error")
        default:
            break
        }
    }

    private func wrapStart<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw ComparisonError.cannotStart("\(error)") }
    }

    private func readEmbeddings(_ work: String) throws -> Matrix {
        let path = (work as NSString).appendingPathComponent("embeddings.npy")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ComparisonError.unreadableOutput("embeddings.npy is missing")
        }
        return try NumpyArray.readMatrix(data)
    }

    // MARK: - Clusters and statistics

    /// Clusters `output`'s segments by `embeddings` (one row per segment) and builds the report.
    package func analyse(_ output: HelperOutput, embeddings: Matrix) throws -> ComparisonReport {
        guard embeddings.rows == output.segments.count else {
            throw ComparisonError.unreadableOutput(
                "\(embeddings.rows) embeddings for \(output.segments.count) segments")
        }
        guard output.segments.count >= request.clusters else {
            throw ComparisonError.badInput(
                kind: "too-few-images",
                message:
                    "too few images: \(output.segments.count) segments were kept, fewer than the \(request.clusters) clusters asked for; sample more images or ask for fewer clusters"
            )
        }
        if isCancelled() { throw ComparisonError.cancelled }
        progress(.stage("clustering", model: nil, done: 0, total: 1))
        let started = Date()
        let kmeans = KMeans(
            clusterCount: request.clusters, initializations: request.kmeansInitializations, seed: request.seed)
        let fit: KMeansResult
        do { fit = try kmeans.fit(embeddings) } catch { throw ComparisonError.unreadableOutput("k-means: \(error)") }
        let clustered = Date()

        var inputs: [ClusterStatistics.Input] = []
        var segments: [ComparisonReport.Segment] = []
        for (index, segment) in output.segments.enumerated() {
            guard output.models.indices.contains(segment.model),
                output.models[segment.model].images.indices.contains(segment.image)
            else { throw ComparisonError.unreadableOutput("segment \(index) points at no sampled image") }
            let quadrant = output.models[segment.model].images[segment.image].quadrant
            let cluster = fit.labels[index]
            let distance = Self.distance(embeddings.row(index), fit.centroids.row(cluster))
            inputs.append(
                .init(
                    model: segment.model, row: segment.row, column: segment.column, quadrant: quadrant,
                    attribution: segment.attribution, cluster: cluster, centroidDistance: distance))
            segments.append(
                .init(
                    model: segment.model, image: segment.image, row: segment.row, column: segment.column,
                    box: segment.box, centre: segment.centre, pixels: segment.pixels, mask: segment.mask,
                    rank: segment.rank, quadrant: quadrant, xrai: segment.xrai,
                    attribution: segment.attribution, cluster: cluster, centroidDistance: distance))
        }
        let statistics = ClusterStatistics(
            clusterCount: request.clusters, modelCount: output.models.count, grid: output.grid,
            bins: request.histogramBins
        ).compute(inputs)
        let order: [Int] =
            switch request.order {
            case .imbalance: statistics.orderings.imbalance
            case .importance: statistics.orderings.importance
            case .centroidDistance: statistics.orderings.centroidDistance
            }
        var timings = output.timings
        timings["clustering"] = clustered.timeIntervalSince(started)
        timings["statistics"] = Date().timeIntervalSince(clustered)
        progress(.stage("clustering", model: nil, done: 1, total: 1))
        return ComparisonReport(
            class: output.class, classes: output.classes, data: output.data, dataImages: output.dataImages,
            imageShape: output.imageShape,
            parameters: .init(
                clusters: request.clusters, samples: request.samples, seed: request.seed, grid: output.grid,
                segmentation: output.segmentation ?? .init(method: "grid", grid: output.grid),
                topSegments: output.topSegments, guidedIGSteps: output.guidedIGSteps, blurSigma: output.blurSigma,
                embedding: output.embedding, kmeansInitializations: request.kmeansInitializations,
                order: request.order),
            models: output.models, segments: segments,
            clustering: .init(
                inertia: fit.inertia, iterations: fit.iterations, converged: fit.converged, inertias: fit.inertias),
            histogramAxis: statistics.axis,
            highAttributionThreshold: statistics.highAttributionThreshold.isFinite
                ? statistics.highAttributionThreshold : 0,
            maximumClusterMean: statistics.maximumClusterMean,
            clusters: order.map { statistics.clusters[$0] }, orderings: statistics.orderings, notes: output.notes,
            timings: timings, thumbnails: output.thumbnails)
    }

    private static func distance(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
        var sum = 0.0
        for (x, y) in zip(a, b) { sum += Double(x - y) * Double(x - y) }
        return sum.squareRoot()
    }

    // MARK: - Files

    private static func makeWorkDirectory() throws -> String {
        var template = Array(
            (NSTemporaryDirectory() as NSString).appendingPathComponent("umlaut-compare-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ComparisonError.cannotStart(
                "cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// The last lines of the helper's log (its stderr), for an unexpected failure.
    private static func tail(of path: String, lines: Int = 25) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .suffix(lines).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
