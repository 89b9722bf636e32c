import Foundation
import LSPTypes
import Synchronization
import Testing

@testable import LanguageServer

/// `Jobs`, the server's one piece for long jobs, driven through a real client: work-done
/// progress (create, begin, report, end), an end before the client answered the creation,
/// clients without progress, cancellation by token, and stopping every job at shutdown and exit.
@Suite struct JobsTests {
    /// What the jobs of a test were asked, by title, in order.
    final class Requests: Sendable {
        private let log = Mutex<[(title: String, request: JobStop)]>([])

        func record(_ title: String, _ request: JobStop) { log.withLock { $0.append((title, request)) } }
        func of(_ title: String) -> [JobStop] { log.withLock { $0.filter { $0.title == title }.map(\.request) } }
    }

    /// Starts a job titled `title` (its server token too) that records what it is asked and
    /// ends when `endsOn` says so.
    static func start(
        _ client: TestClient, _ title: String, clientToken: ProgressToken? = nil, message: String? = nil,
        cancellable: Bool = true, requests: Requests, endsOn: @escaping @Sendable (JobStop) -> Bool = { _ in false }
    ) async -> JobID {
        await client.server.startJob(
            title: title, clientToken: clientToken, serverToken: .string(title), message: message,
            cancellable: cancellable
        ) { server, id, request in
            requests.record(title, request)
            if endsOn(request) { server.endJob(id, message: "ended on \(request)") }
        }
    }

    static func progressClient() async throws -> TestClient {
        var capabilities = ClientCapabilities.push
        capabilities.window = .init(workDoneProgress: true)
        return try await TestClient.start(capabilities).0
    }

    /// A request answered after every message sent before it was handled, and after every
    /// notification the server sent meanwhile (they travel in order).
    static func barrier(_ client: TestClient) async throws {
        _ = try await client.serverText(DocumentURI(filePath: "/nonexistent/barrier.py"))
    }

    @Test func aJobsProgressIsCreatedBegunReportedAndEndedOnce() async throws {
        let client = try await Self.progressClient()
        let id = await Self.start(client, "Umlaut: indexing", message: "starting", requests: Requests())
        let begin = try await client.nextNotification(ProgressNotification.self) { $0.value.kind == .begin }
        #expect(await client.serverRequests.contains(WorkDoneProgressCreateRequest.method))
        #expect(begin.token == .string("Umlaut: indexing"))
        #expect(begin.value == .begin("Umlaut: indexing", message: "starting", cancellable: true))
        await client.server.reportJob(id, message: "3 of 6 files", percentage: 50)
        let report = try await client.nextNotification(ProgressNotification.self) { $0.value.kind == .report }
        #expect(report.token == begin.token)
        #expect(report.value == .report("3 of 6 files", percentage: 50))
        await client.server.endJob(id, message: "6 files")
        await client.server.endJob(id, message: "again")
        await client.server.reportJob(id, message: "after the end")
        try await Self.barrier(client)
        #expect(
            await client.drain(ProgressNotification.self) == [
                ProgressNotification(token: begin.token, value: .end("6 files"))
            ])
        #expect(await client.server.isRunning(id) == false)
    }

    @Test func aJobWithTheClientsTokenBeginsWithoutCreatingOne() async throws {
        let client = try await Self.progressClient()
        let id = await Self.start(client, "Umlaut: compare", clientToken: .number(7), requests: Requests())
        let begin = try await client.nextNotification(ProgressNotification.self) { $0.value.kind == .begin }
        #expect(begin.token == .number(7))
        await client.server.endJob(id, message: nil)
        #expect(try await client.nextNotification(ProgressNotification.self).value == .end())
        #expect(await !client.serverRequests.contains(WorkDoneProgressCreateRequest.method))
    }

    /// The creation is answered only after the job ended: the client still sees a begin and
    /// the end, in that order, with the job's last message. A client that refuses the creation
    /// sees nothing.
    @Test(arguments: [false, true])
    func aJobThatEndsBeforeTheClientAnsweredTheCreationBeginsAndEndsOnceItAnswers(refused: Bool) async throws {
        let client = try await Self.progressClient()
        await client.holdAnswers(to: WorkDoneProgressCreateRequest.method)
        let id = await Self.start(client, "Umlaut: quick", message: "starting", requests: Requests())
        while await client.heldCount(WorkDoneProgressCreateRequest.method) == 0 {
            try await Task.sleep(for: .milliseconds(5))
        }
        await client.server.reportJob(id, message: "almost")
        await client.server.endJob(id, message: "done early")
        try await Self.barrier(client)
        #expect(await client.drain(ProgressNotification.self).isEmpty)
        await client.releaseAnswers(
            to: WorkDoneProgressCreateRequest.method,
            error: refused ? ResponseError(code: .requestFailed, message: "no") : nil)
        let token = ProgressToken.string("Umlaut: quick")
        if refused {
            while await !client.server.jobs.endedBeforeCreated.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            try await Self.barrier(client)
            #expect(await client.drain(ProgressNotification.self).isEmpty)
        } else {
            let end = try await client.nextNotification(ProgressNotification.self) { $0.value.kind == .end }
            #expect(end == ProgressNotification(token: token, value: .end("done early")))
            // Sent before the end.
            #expect(
                await client.drain(ProgressNotification.self) == [
                    ProgressNotification(token: token, value: .begin("Umlaut: quick"))
                ])
        }
    }

    @Test func cancellingAProgressStopsItsJobOnly() async throws {
        let client = try await Self.progressClient()
        let requests = Requests()
        let first = await Self.start(client, "first", requests: requests, endsOn: { $0 == .stop(reason: "cancelled") })
        let second = await Self.start(client, "second", requests: requests)
        let fixed = await Self.start(client, "not cancellable", cancellable: false, requests: requests)
        var begun: [ProgressToken] = []
        while begun.count < 3 {
            begun.append(try await client.nextNotification(ProgressNotification.self) { $0.value.kind == .begin }.token)
        }
        await client.notify(WorkDoneProgressCancelNotification(token: .string("first")))
        await client.notify(WorkDoneProgressCancelNotification(token: .string("not cancellable")))
        await client.notify(WorkDoneProgressCancelNotification(token: .string("nobody's")))
        try await Self.barrier(client)
        #expect(requests.of("first") == [.stop(reason: "cancelled")])
        #expect(requests.of("second").isEmpty)
        #expect(requests.of("not cancellable").isEmpty)
        #expect(try await client.nextNotification(ProgressNotification.self).token == .string("first"))
        #expect(await client.server.isRunning(first) == false)
        #expect(await client.server.isRunning(second))
        #expect(await client.server.isRunning(fixed))
    }

    /// Shutdown asks every job to stop and waits for them; one that does not end in
    /// `Jobs.shutdownGrace` is killed. The client cannot show progress: the jobs run all the
    /// same, without a word of `$/progress`.
    @Test func shutdownStopsEveryJobAndKillsTheOnesThatDoNotEnd() async throws {
        let (client, _) = try await TestClient.start()
        let requests = Requests()
        let obliging = await Self.start(
            client, "obliging", requests: requests, endsOn: { if case .stop = $0 { true } else { false } })
        let stubborn = await Self.start(client, "stubborn", requests: requests, endsOn: { $0 == .kill })
        await client.server.reportJob(obliging, message: "working")
        _ = try await client.send(ShutdownRequest())
        let reason = JobStop.stop(reason: "stopped: the language server shut down")
        #expect(requests.of("obliging") == [reason])
        #expect(requests.of("stubborn") == [reason, .kill])
        #expect(await client.server.isRunning(obliging) == false)
        #expect(await client.server.isRunning(stubborn) == false)
        #expect(await !client.serverRequests.contains(WorkDoneProgressCreateRequest.method))
        #expect(await client.drain(ProgressNotification.self).isEmpty)
        await client.notify(ExitNotification())
        #expect(await client.exitCode() == 0)
    }

    @Test func exitingTellsTheJobsStillRunning() async throws {
        let (client, _) = try await TestClient.start()
        let requests = Requests()
        _ = await Self.start(client, "left running", requests: requests)
        await client.notify(ExitNotification())
        #expect(await client.exitCode() == 1)
        #expect(requests.of("left running") == [.exit])
    }
}
