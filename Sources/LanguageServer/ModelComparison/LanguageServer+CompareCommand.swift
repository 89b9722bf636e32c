import EditorLink
import Foundation
import LSPTypes
import LintCore
import ModelComparison

/// `umlaut.compareModels`: `umlaut compare` from the editor.
///
/// The arguments are a JSON object with `[tool.umlaut.compare]`'s keys (`model-a`, `model-b`,
/// `data`, `class`, `clusters`, …) laid over that table of the workspace folder's
/// `pyproject.toml` (relative paths read from the folder, or from the `pyproject.toml`'s
/// directory), and optionally a document or folder URI choosing the workspace folder. The request
/// is checked and answered at once (`job`, `id`, `report`: where the report will be); the
/// comparison runs as a job (`Jobs`) on a thread of its own, `ModelComparison.ComparisonRunner`
/// running the helper in its own process group: each stage the helper reports becomes a
/// `$/progress` report; cancelling the progress (or `shutdown`) stops the helper's whole process
/// group, and nothing is written. The helper's output is cached in the folder's
/// `.umlaut/comparisons/cache/`, so another k or ordering runs no Python. On success the report
/// is written atomically to `.umlaut/comparisons/<id>.json` and opened in the browser at the
/// dashboard's `/reports/<id>` (`DashboardLocator`, `window/showDocument` with `external`, as
/// `umlaut.showRun` does); a failure is told with `window/showMessage`, naming the problem.
extension LanguageServer {
    static let compareUsage =
        "umlaut.compareModels takes an object of [tool.umlaut.compare] keys (model-a, model-b, data, class, clusters, …), then optionally a document or folder URI"

    func compareModels(arguments: [LSPAny], workDoneToken: ProgressToken?) throws(ResponseError) -> LSPAny {
        var given = CompareSettings()
        if let first = arguments.first, first != .null {
            let (settings, problems) = CompareSettings.read(first, prefix: "umlaut.compareModels: ")
            guard problems.isEmpty else {
                throw .invalidParams(problems.joined(separator: "; ") + " (\(Self.compareUsage))")
            }
            given = settings
        }
        var root = folders.first?.path
        if arguments.count > 1, arguments[1] != .null {
            guard let text = arguments[1].stringValue else { throw .invalidParams(Self.compareUsage) }
            let uri = text.hasPrefix("/") ? DocumentURI(filePath: text) : DocumentURI(text)
            guard let path = uri.filePath else {
                throw .invalidParams("umlaut.compareModels: not a file URI: \(text)")
            }
            root = folder(of: uri).folder?.path ?? folders.first { $0.path == path }?.path ?? root
        }
        guard arguments.count <= 2 else { throw .invalidParams(Self.compareUsage) }
        guard let root else { throw runFailed("Umlaut cannot compare models without a workspace folder") }

        let (project, projectRoot, problems) = projectConfiguration.compareSettings(forDirectory: root)
        if !problems.isEmpty { report(problems) }
        let settings = (project?.resolvingPaths(against: projectRoot) ?? CompareSettings())
            .overlaid(by: given.resolvingPaths(against: root))
        var request = try Self.comparisonRequest(settings)
        request.python = request.python ?? pythonForRuns(workingDirectory: root)
        do { try request.validate() } catch { throw .invalidParams("umlaut.compareModels: \(error)") }

        compare.lastID += 1
        let number = compare.lastID
        let reportID = ComparisonReports.newID(workspace: root, className: request.className)
        let control = CompareControl()
        let names = request.models.map { ($0.spec as NSString).lastPathComponent }
        let job = startJob(
            title: "Umlaut: compare \(names[0]) and \(names[1]) on '\(request.className)'",
            clientToken: workDoneToken, serverToken: .string("umlaut-compare-\(number)"),
            message: "starting the comparison helper"
        ) { server, _, stop in server.stopComparison(number, stop) }
        compare.running[number] = CompareFeature.Running(
            job: job, workspace: root, reportID: reportID, control: control)
        log(.info, "comparison \(number): \(request.models.map(\.spec)) on \(request.data), class \(request.className)")

        let (events, continuation) = AsyncStream.makeStream(of: ComparisonEvent.self)
        Task {
            for await event in events {
                switch event {
                case .progress(let progress): self.comparisonProgressed(number, progress)
                case .ended(let result): await self.comparisonEnded(number, result)
                }
            }
        }
        let environment = ProcessInfo.processInfo.environment
        let checked = request
        let thread = Thread {
            let runner = ComparisonRunner(
                request: checked, environment: environment, progress: { continuation.yield(.progress($0)) },
                isCancelled: { control.isCancelled })
            runner.cache = ComparisonCache.inWorkspace(root)
            runner.helperStarted = { control.helperStarted($0) }
            let result: Result<ComparisonOutcome, ComparisonError>
            do {
                let report = try runner.run()
                if control.isCancelled { throw ComparisonError.cancelled }
                let path = try ComparisonReports.write(report, workspace: root, id: reportID)
                result = .success(
                    ComparisonOutcome(path: path, clusters: report.clusters.count, usedCache: runner.usedCache))
            } catch let error as ComparisonError {
                result = .failure(error)
            } catch {
                result = .failure(.cannotWrite(reportID, reason: "\(error)"))
            }
            continuation.yield(.ended(result))
            continuation.finish()
        }
        thread.name = "umlaut-lsp-compare-\(number)"
        thread.start()
        return .object([
            "job": .string("umlaut-compare-\(number)"), "id": .string(reportID),
            "report": .string(ComparisonReports.path(workspace: root, id: reportID)),
        ])
    }

    /// The request from the merged settings; what is missing or misspelt is the client's mistake.
    private static func comparisonRequest(_ settings: CompareSettings) throws(ResponseError) -> ComparisonRequest {
        let missing = [
            ("model-a", settings.modelA), ("model-b", settings.modelB), ("data", settings.data),
            ("class", settings.className),
        ].filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let a = settings.modelA, let b = settings.modelB, let data = settings.data,
            let className = settings.className
        else {
            throw .invalidParams(
                "umlaut.compareModels needs \(missing.joined(separator: ", ")): give them in its arguments or in [tool.umlaut.compare] of pyproject.toml"
            )
        }
        var request = ComparisonRequest(
            models: [
                .init(label: "A", spec: a, preprocessing: settings.preprocessA ?? "unit"),
                .init(label: "B", spec: b, preprocessing: settings.preprocessB ?? "unit"),
            ], data: data, className: className)
        if let clusters = settings.clusters { request.clusters = clusters }
        if let samples = settings.samples { request.samples = samples }
        if let seed = settings.seed { request.seed = UInt64(seed) }
        if let top = settings.topSegments { request.topSegments = top }
        if let steps = settings.steps { request.guidedIGSteps = steps }
        if let embedding = settings.embedding { request.embedding = embedding }
        request.imageSize = settings.imageSize
        request.python = settings.python
        if let segments = settings.segments {
            guard let parsed = ComparisonRequest.Segmentation(rawValue: segments) else {
                throw .invalidParams(
                    "umlaut.compareModels: segments must be \(ComparisonRequest.Segmentation.allCases.map(\.rawValue).joined(separator: ", ")), not '\(segments)'"
                )
            }
            request.segments = parsed
        }
        if let order = settings.order {
            guard let parsed = ComparisonRequest.Order(rawValue: order) else {
                throw .invalidParams(
                    "umlaut.compareModels: order must be \(ComparisonRequest.Order.allCases.map(\.rawValue).joined(separator: ", ")), not '\(order)'"
                )
            }
            request.order = parsed
        }
        return request
    }

    /// A stage of the helper, or a note, as the job's progress.
    private func comparisonProgressed(_ number: Int, _ progress: ComparisonProgress) {
        guard let running = compare.running[number] else { return }
        switch progress {
        case .stage(let stage, let model, let done, let total):
            let (message, percentage) = CompareProgress.describe(stage: stage, model: model, done: done, total: total)
            let kept = percentage ?? running.percentage
            compare.running[number]?.percentage = kept
            reportJob(running.job, message: message, percentage: kept)
        case .note(let note):
            log(.info, "comparison \(number): \(note)")
            reportJob(running.job, message: note, percentage: running.percentage)
        }
    }

    /// The comparison ended: its job ends saying how; a report is opened, a failure told.
    private func comparisonEnded(_ number: Int, _ result: Result<ComparisonOutcome, ComparisonError>) async {
        guard let running = compare.running.removeValue(forKey: number) else { return }
        switch result {
        case .success(let outcome):
            let cached = outcome.usedCache ? " (cached attributions)" : ""
            endJob(running.job, message: "report \(running.reportID): \(outcome.clusters) clusters\(cached)")
            log(.info, "comparison \(number): wrote \(outcome.path)\(cached)")
            await openReport(running.reportID, path: outcome.path, workspace: running.workspace)
        case .failure(.cancelled):
            endJob(running.job, message: "cancelled; nothing written")
            log(.info, "comparison \(number): cancelled")
        case .failure(let error):
            endJob(running.job, message: "failed")
            let message = "Umlaut could not compare the models: \(error)"
            log(.warning, message)
            send(ShowMessageNotification(type: .error, message: message))
        }
    }

    /// Opens the report's page in the browser through the workspace's dashboard (started when
    /// none runs); a client that cannot show documents, or a dashboard that cannot start, is
    /// told where the report is.
    private func openReport(_ id: String, path: String, workspace: String) async {
        guard let executable = umlautExecutable else {
            send(ShowMessageNotification(type: .info, message: "Umlaut comparison report: \(path)"))
            return
        }
        let instance: DashboardLocator.Instance
        do {
            instance = try await DashboardLocator.findOrStart(executable: executable, workspace: workspace).instance
        } catch {
            log(.warning, "the dashboard did not start: \(error.description)")
            send(ShowMessageNotification(type: .info, message: "Umlaut comparison report: \(path)"))
            return
        }
        let address = instance.reportPage(id: id)
        var shown = false
        if client.window?.showDocument?.support == true {
            switch await sendRequest(ShowDocumentRequest(uri: DocumentURI(address), external: true)) {
            case .success(let result)?: shown = result.success
            case .failure(let error)?: log(.warning, "the client did not open the report: \(error.message)")
            case nil: break
            }
        }
        if !shown { send(ShowMessageNotification(type: .info, message: "Umlaut comparison report: \(address)")) }
    }

    /// What the comparison's job is asked: stop (cancelled, or `shutdown`): the runner stops the
    /// helper's process group (SIGTERM, then SIGKILL) and the job ends when its thread is done;
    /// kill or exit: SIGKILL to the group at once.
    func stopComparison(_ number: Int, _ stop: JobStop) {
        guard let running = compare.running[number] else { return }
        running.control.cancel()
        switch stop {
        case .stop(let reason): log(.info, "comparison \(number): stopping (\(reason))")
        case .kill, .exit: running.control.signalHelper(SIGKILL)
        }
    }
}

/// What the comparison's thread tells the actor, in order.
enum ComparisonEvent: Sendable {
    case progress(ComparisonProgress)
    case ended(Result<ComparisonOutcome, ComparisonError>)
}

/// A comparison that succeeded: where its report is.
struct ComparisonOutcome: Sendable {
    var path: String
    var clusters: Int
    var usedCache: Bool
}
