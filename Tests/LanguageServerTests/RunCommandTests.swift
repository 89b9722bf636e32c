import Foundation
import LSPTypes
import LanguageServer
import Store
import Testing

/// `umlaut.run` from the editor, in process: the server starts the built `umlaut run` on a
/// stand-in script that writes Umlaut's events itself (no framework, so it takes a fraction of a
/// second), and the client sees progress and the runtime diagnostics at the lines they name.
@Suite(.serialized) struct RunCommandTests {
    /// The stand-in: its optimizer is "created" at line 19 with a negative learning rate, so
    /// UM506 fires when training starts. `python stand_in.py EPOCHS DELAY [GATE]`: with a gate
    /// directory, epoch N+1 starts only once the file GATE/N exists (or after 30 s).
    static let standIn = #"""
        """A stand-in for an instrumented training: it writes Umlaut's events itself."""
        import json, os, sys, time

        HERE = os.path.abspath(__file__)
        EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
        DELAY = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
        CHANNEL = os.fdopen(3, "w", buffering=1)


        def send(event, **fields):
            CHANNEL.write(json.dumps({"event": event, "time": time.time(), **fields}) + "\n")


        def at(line):
            return {"file": HERE, "line": line}


        model = "keras.Sequential([keras.layers.Dense(10)])"
        optimizer = "keras.optimizers.Adam(learning_rate=-1000)"
        fit = "model.fit(x, y, epochs=EPOCHS)"
        send("hello", protocol=1, pid=os.getpid(), python="3", script=HERE, argv=sys.argv)
        send("attached", framework="keras", version="3.15.1", backend="tensorflow")
        send("model", model="m1", framework="keras", name="sequential", created_at=at(18), data_format="channels_last",
             input_shape=[None, 8], layers=[{"name": "dense", "class": "Dense", "activation": None, "created_at": at(18), "parameters": 90}],
             **{"class": "Sequential"})
        send("optimizer", optimizer="o1", learning_rate=-1000.0, schedule=None, created_at=at(19), **{"class": "Adam"})
        send("train_begin", model="m1", optimizer="o1", call_site=at(20), epochs=EPOCHS, batch_size=32, train_samples=64,
             validation={"kind": "none"})
        for epoch in range(EPOCHS):
            time.sleep(DELAY)
            print(f"Epoch {epoch + 1}/{EPOCHS}", flush=True)
            send("epoch", model="m1", epoch=epoch, duration=0.01, metrics={"loss": 2.0 - epoch * 0.1}, learning_rate=-1000.0,
                 nonfinite_batches=0)
            if len(sys.argv) > 3:  # a gate directory: the next epoch waits until the test lets it go
                deadline = time.time() + 30
                while not os.path.exists(os.path.join(sys.argv[3], str(epoch + 1))) and time.time() < deadline:
                    time.sleep(0.01)
        send("train_end", model="m1", epochs_completed=EPOCHS)
        send("exit", status="ok")

        """#

    static let python =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"

    /// A workspace with the stand-in, and a client that shows progress, set to run with python3.
    /// Keep the folder: it is deleted when it goes.
    static func start(progress: Bool = true) async throws -> (TestClient, TemporaryFolder, DocumentURI) {
        let folder = try TemporaryFolder()
        try folder.write("stand_in.py", standIn)
        var capabilities = ClientCapabilities.push
        if progress { capabilities.window = .init(workDoneProgress: true) }
        let (client, _) = try await TestClient.start(
            capabilities, options: TestClient.options(sessionPoll: 20), folders: [folder.path],
            initializationOptions: .object(["python": .string(python)]))
        let uri = DocumentURI(filePath: folder.path + "/stand_in.py")
        await client.open(standIn, uri: uri)
        _ = try await client.nextDiagnostics(for: uri)
        return (client, folder, uri)
    }

    /// Also with a client slow to answer `window/workDoneProgress/create`: the epoch reached
    /// meanwhile is then in the progress's `begin`.
    @Test(arguments: [false, true])
    func aRunStartedFromTheEditorReportsProgressAndItsFindingsAtTheirLines(slowClient: Bool) async throws {
        let (client, folder, uri) = try await Self.start()
        if slowClient { await client.delayAnswers(to: WorkDoneProgressCreateRequest.method, by: .seconds(1)) }
        // Progress comes from polling the session, so the run waits at a gate after each epoch
        // until the test has seen that epoch's report: no timing assumptions on a loaded machine.
        let gate = folder.path + "/gate"
        try FileManager.default.createDirectory(atPath: gate, withIntermediateDirectories: true)
        let answer = try await client.send(
            ExecuteCommandRequest(
                command: "umlaut.run",
                arguments: [.string(uri.stringValue), .array([.string("3"), .string("0"), .string(gate)])]))
        #expect(answer?["script"] == .string(folder.path + "/stand_in.py"))
        #expect(answer?["database"] == .string(folder.path + "/.umlaut/sessions.sqlite"))
        #expect(answer?["pid"]?.doubleValue ?? 0 > 0)

        let published = try await RunFindingsTests.nextRun(client, uri) { !$0.isEmpty }
        let finding = try #require(published.diagnostics.first { $0.source == "umlaut-run" && $0.code == "UM506" })
        #expect(finding.range.start.line == 18)
        #expect(finding.message.hasPrefix("The learning rate in effect, -1000, is not positive (epoch"))

        // Each epoch's state is shown: in a report, or in the `begin` when the client's answer
        // to `window/workDoneProgress/create` came after the epoch had ended.
        var seen: [ProgressNotification] = []
        for (epoch, loss) in [(1, "2"), (2, "1.9"), (3, "1.8")] {
            let step = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(20)) {
                $0.value.kind != .end && $0.value.message?.hasPrefix("epoch \(epoch) ") == true
            }
            #expect(step.value.message == "epoch \(epoch) · loss \(loss) · 1 finding")
            seen.append(step)
            FileManager.default.createFile(atPath: "\(gate)/\(epoch)", contents: nil)
        }

        let end = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(20)) {
            $0.value.kind == .end
        }
        #expect(end.value.message?.hasPrefix("finished: 3 epochs") == true)
        let steps = seen + (await client.drain(ProgressNotification.self))
        #expect(steps.allSatisfy { $0.token == end.token })
        let begins = steps.filter { $0.value.kind == .begin }
        #expect(begins.count == 1)
        #expect(begins.first?.value.title == "Umlaut: stand_in.py")
        #expect(begins.first?.value.cancellable == true)
        #expect(await client.serverRequests.contains("window/workDoneProgress/create"))

        let sessions = try SessionDatabase.openForReading(path: folder.path + "/.umlaut/sessions.sqlite").sessions()
        #expect(sessions.map(\.status) == [.completed])
        #expect(sessions.first?.arguments == ["3", "0", gate])
    }

    @Test func aRunThatCannotStartIsShown() async throws {
        let (client, folder, uri) = try await Self.start(progress: false)
        // No such file: refused at once.
        let missing = DocumentURI(filePath: folder.path + "/missing.py")
        await #expect(throws: ResponseError.self) {
            try await client.send(
                ExecuteCommandRequest(command: "umlaut.run", arguments: [.string(missing.stringValue)]))
        }
        let refused = try await client.nextNotification(ShowMessageNotification.self)
        #expect(refused.type == .error)
        #expect(refused.message.contains("missing.py does not exist"))
        // An interpreter that does not exist: `umlaut run` starts and says why it cannot go on.
        await client.notify(
            DidChangeConfigurationNotification(
                settings: .object(["umlaut": .object(["python": .string("/nonexistent/python")])])))
        _ = try await client.send(ExecuteCommandRequest(command: "umlaut.run", arguments: [.string(uri.stringValue)]))
        let failed = try await client.nextNotification(ShowMessageNotification.self, timeout: .seconds(20))
        #expect(failed.type == .error)
        #expect(failed.message.hasPrefix("Umlaut could not run stand_in.py:"))
        #expect(failed.message.contains("/nonexistent/python"))
        // Bad arguments are the client's mistake.
        await #expect(throws: ResponseError.self) {
            try await client.send(ExecuteCommandRequest(command: "umlaut.run", arguments: [.int(3)]))
        }
        await #expect(throws: ResponseError.self) {
            try await client.send(ExecuteCommandRequest(command: "umlaut.nope"))
        }
    }

    @Test func shutdownStopsARunStartedFromTheEditorAndItsSessionIsRecorded() async throws {
        let (client, folder, uri) = try await Self.start()
        _ = try await client.send(
            ExecuteCommandRequest(
                command: "umlaut.run", arguments: [.string(uri.stringValue), .array([.string("100"), .string("0.2")])]))
        // Wait until it trains (its first epoch is stored), then shut down.
        let report = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(20)) {
            $0.value.kind == .report && $0.value.message?.hasPrefix("epoch 1") == true
        }
        #expect(report.value.message?.contains("1 finding") == true)
        _ = try await client.send(ShutdownRequest())
        let steps = await client.drain(ProgressNotification.self)
        #expect(steps.last?.value.kind == .end)
        #expect(steps.last?.value.message?.hasPrefix("stopped: the language server shut down after") == true)
        let session = try #require(
            try SessionDatabase.openForReading(path: folder.path + "/.umlaut/sessions.sqlite").sessions().last)
        #expect(session.status == .killed)
        #expect(session.umlautPID.map { kill(pid_t($0), 0) != 0 } == true)
    }

    @Test func cancellingTheProgressStopsTheRun() async throws {
        let (client, folder, uri) = try await Self.start()
        _ = try await client.send(
            ExecuteCommandRequest(
                command: "umlaut.run", arguments: [.string(uri.stringValue), .array([.string("100"), .string("0.2")])]))
        let begin = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(20)) {
            $0.value.kind == .begin
        }
        await client.notify(WorkDoneProgressCancelNotification(token: begin.token))
        let end = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(20)) {
            $0.value.kind == .end
        }
        #expect(end.value.message?.hasPrefix("cancelled after") == true)
        #expect(
            try SessionDatabase.openForReading(path: folder.path + "/.umlaut/sessions.sqlite").sessions().last?.status
                == .killed)
    }

    @Test func stopRunStopsTheRunsOfTheEditorAndTheClientWithoutProgressIsToldHowTheyEnded() async throws {
        let (client, folder, uri) = try await Self.start(progress: false)
        _ = try await client.send(
            ExecuteCommandRequest(
                command: "umlaut.run", arguments: [.string(uri.stringValue), .array([.string("100"), .string("0.2")])]))
        await #expect(throws: ResponseError.self) {
            try await client.send(ExecuteCommandRequest(command: "umlaut.run", arguments: [.string(uri.stringValue)]))
        }
        #expect(
            try await client.nextNotification(ShowMessageNotification.self).message.contains(
                "stand_in.py is already running"))
        let stopped = try await client.send(
            ExecuteCommandRequest(command: "umlaut.stopRun", arguments: [.string(uri.stringValue)]))
        #expect(stopped == .object(["stopped": .int(1)]))
        let database = folder.path + "/.umlaut/sessions.sqlite"
        let deadline = ContinuousClock.now + .seconds(20)
        while (try? SessionDatabase.openForReading(path: database).sessions().last?.status) != .killed,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try SessionDatabase.openForReading(path: database).sessions().last?.status == .killed)
        #expect(await client.drain(ProgressNotification.self).isEmpty)
    }

    @Test func aCleanRunIsAnnouncedToAClientWithoutProgressAndUnsavedChangesAreWarnedAbout() async throws {
        let (client, folder, uri) = try await Self.start(progress: false)
        await client.change(uri, version: 2, [.init(range: nil, text: Self.standIn + "# not saved\n")])
        _ = try await client.send(
            ExecuteCommandRequest(command: "umlaut.run", arguments: [.string(uri.stringValue), .array([.string("2")])]))
        let unsaved = try await client.nextNotification(ShowMessageNotification.self)
        #expect(unsaved.type == .warning)
        #expect(unsaved.message == "Umlaut: stand_in.py has unsaved changes: the run reads the file as it is saved")
        let shown = try await client.nextNotification(ShowMessageNotification.self, timeout: .seconds(20))
        #expect(shown.type == .info)
        #expect(shown.message == "Umlaut: stand_in.py finished: 2 epochs, 1 runtime finding")
        withExtendedLifetime(folder) {}
    }
}
