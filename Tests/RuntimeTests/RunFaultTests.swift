import Foundation
import GRDB
import Testing

@testable import Store

extension ProcessTests {
    /// `umlaut run` when things go wrong: the script raises, exits early, is killed; umlaut is
    /// killed; garbage and floods on the channels; no interpreter; a read-only or locked database;
    /// two runs at once. Each time: a clear message, every received event kept, no damage.
    @Suite struct RunFaultTests {
        let fake = UmlautProcess.scripts + "/fake_events.py"

        func arguments(_ workspace: Workspace, _ rest: [String]) -> [String] {
            ["run", "--db", workspace.database, "--python", UmlautProcess.python] + rest
        }

        func integrity(_ workspace: Workspace) throws -> String? {
            try DatabaseQueue(path: workspace.database).read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        }

        @Test func aScriptThatRaisesIsRecordedAsFailedWithItsException() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let result = try UmlautProcess.run(arguments(workspace, [fake, "raise", "6"]), in: workspace.path)
            #expect(result.status == 1)
            #expect(result.stderr.contains("ValueError: bad batch"), "Python's traceback passes through")
            #expect(result.stderr.contains("umlaut: session fake_events: 3 epochs, exit status 1"))
            let store = try workspace.store()
            let session = try store.session(named: "last")
            #expect(session.status == .failed)
            #expect(session.exitCode == 1)
            #expect(session.note?.contains("the script raised ValueError") == true)
            #expect(store.epochCount(session: session.name) == 3)
        }

        @Test func aScriptThatExitsEarlyKeepsItsStatus() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let result = try UmlautProcess.run(arguments(workspace, [fake, "exit3", "6"]), in: workspace.path)
            #expect(result.status == 3)
            let store = try workspace.store()
            #expect(try store.session(named: "last").status == .failed)
            #expect(store.epochCount(session: "fake_events") == 2)
        }

        @Test func garbageOnTheEventChannelIsKeptIgnoredAndCounted() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let result = try UmlautProcess.run(arguments(workspace, [fake, "garbage", "4"]), in: workspace.path)
            #expect(result.status == 0)
            // The script's own binary output passes through byte for byte.
            let stdout = try Data(contentsOf: URL(fileURLWithPath: result.stdoutPath))
            #expect(
                stdout.occurrences(
                    of: Data([0x00, 0xFF, 0xFE]) + Data(" stdout garbage \u{1b}[31m".utf8) + Data([0x89])) == 4)
            #expect(result.stderr.contains("umlaut: 12 lines on the event channel were not events and were ignored"))
            let store = try workspace.store()
            let id = try store.session(named: "last").id!
            let events = try store.events(sessionId: id)
            #expect(events.filter { $0.kind == nil }.count == 12)
            #expect(try store.epochs(sessionId: id).count == 4)
        }

        @Test func aFloodOfOutputAndAnEndlessLineAreSurvived() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let result = try UmlautProcess.run(arguments(workspace, [fake, "flood", "3"]), in: workspace.path)
            #expect(result.status == 0)
            #expect(result.stdout.components(separatedBy: "\n").filter { $0.count == 200 }.count == 6000)
            #expect(result.stderr.contains("3 lines on the event channel were not events"))
            let store = try workspace.store()
            let id = try store.session(named: "last").id!
            #expect(try store.epochs(sessionId: id).count == 3)
            let cut = try #require(try store.events(sessionId: id).first { $0.kind == nil })
            #expect(cut.payload.count < 2000)
        }

        /// The fake training's process id, once its session has stored two epochs.
        static func scriptPIDAfterTwoEpochs(_ workspace: Workspace) -> pid_t? {
            var pid: pid_t?
            UmlautProcess.waitUntil {
                guard let store = try? workspace.store() else { return false }
                pid = store.scriptPID(session: "fake_events")
                return pid != nil && store.epochCount(session: "fake_events") >= 2
            }
            return pid
        }

        @Test func theChildKilledMidEpochLeavesEveryCompletedEpoch() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let running = try UmlautProcess(arguments(workspace, [fake, "slow", "40"]), in: workspace.path)
            let child = try #require(Self.scriptPIDAfterTwoEpochs(workspace))
            kill(child, SIGKILL)
            running.wait()
            #expect(running.status == 128 + SIGKILL)
            #expect(running.stderr.contains("killed by signal 9 (SIGKILL)"))
            let store = try workspace.store()
            let session = try store.session(named: "fake_events")
            #expect(session.status == .killed)
            #expect(session.exitCode == 137)
            let stored = store.epochCount(session: "fake_events")
            let printed = running.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("Epoch ") }.count
            // Each epoch's event is sent after its "Epoch N/40" line: the last printed may be in progress.
            #expect(stored >= 2 && (stored == printed || stored == printed - 1))
            #expect(try integrity(workspace) == "ok")
        }

        @Test func umlautKilledLeavesAReadableDatabaseWithEveryStoredEpochAndTheTrainingGoesOn() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let running = try UmlautProcess(arguments(workspace, [fake, "slow", "8"]), in: workspace.path)
            let child = try #require(Self.scriptPIDAfterTwoEpochs(workspace))
            let storedBefore = try workspace.store().epochCount(session: "fake_events")
            kill(running.process.processIdentifier, SIGKILL)
            running.wait()
            // The script, orphaned, finishes its training with its channel broken.
            #expect(UmlautProcess.waitUntil(timeout: 30) { !isAlive(child) })
            #expect(running.stdout.contains("done"))
            #expect(try integrity(workspace) == "ok")
            let store = try workspace.store()
            let session = try store.session(named: "fake_events")
            #expect(session.status == .running)
            #expect(session.displayStatus == "lost")
            #expect(store.epochCount(session: "fake_events") >= storedBefore)
            // And the database takes the next run.
            let next = try UmlautProcess.run(arguments(workspace, [fake, "healthy", "2"]), in: workspace.path)
            #expect(next.status == 0)
            #expect(try workspace.store().sessions().map(\.name) == ["fake_events", "fake_events-2"])
        }

        @Test func sigintSentToUmlautIsForwardedAndTheSessionKeepsItsEpochs() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let running = try UmlautProcess(arguments(workspace, [fake, "slow", "40"]), in: workspace.path)
            UmlautProcess.waitUntil { ((try? workspace.store())?.epochCount(session: "fake_events") ?? 0) >= 2 }
            kill(running.process.processIdentifier, SIGINT)
            running.wait()
            #expect(running.status == 128 + SIGINT)
            #expect(running.stderr.contains("KeyboardInterrupt"))
            #expect(running.stderr.contains("umlaut: session fake_events"))
            let store = try workspace.store()
            #expect(try store.session(named: "fake_events").status == .killed)
            #expect(store.epochCount(session: "fake_events") >= 2)
        }

        @Test func twoRunsAtOnceOnOneDatabaseBothKeepEverything() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let first = try UmlautProcess(arguments(workspace, [fake, "slow", "6"]), in: workspace.path)
            let second = try UmlautProcess(arguments(workspace, [fake, "slow", "6"]), in: workspace.path)
            first.wait()
            second.wait()
            #expect(first.status == 0 && second.status == 0)
            let store = try workspace.store()
            #expect(Set(try store.sessions().map(\.name)) == ["fake_events", "fake_events-2"])
            #expect(store.epochCount(session: "fake_events") == 6)
            #expect(store.epochCount(session: "fake_events-2") == 6)
            #expect(try integrity(workspace) == "ok")
        }

        @Test(.enabled(if: Workspace.canMakeReadOnly))
        func aReadOnlyDatabaseIsReportedTheTrainingRunsAndTheEventsGoToAFile() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            #expect(
                try UmlautProcess.run(arguments(workspace, [fake, "healthy", "2"]), in: workspace.path).status == 0)
            #expect(Workspace.makeReadOnly([workspace.database, workspace.path + "/.umlaut"]))
            let result = try UmlautProcess.run(arguments(workspace, [fake, "healthy", "3"]), in: workspace.path)
            #expect(result.status == 0)
            #expect(result.stdout.contains("done"))
            #expect(
                result.stderr.contains(
                    "umlaut: cannot record the session: the session database \(workspace.database) is read-only"))
            let line = try #require(result.stderr.components(separatedBy: "\n").first { $0.contains("events are in ") })
            let path = String(line[line.range(of: "events are in ")!.upperBound...])
            defer { try? FileManager.default.removeItem(atPath: path) }
            let saved = try String(contentsOfFile: path, encoding: .utf8)
            #expect(saved.components(separatedBy: "\n").filter { $0.contains("\"event\": \"epoch\"") }.count == 3)
            #expect(try workspace.store().sessions().count == 1)
            // The saved events become a session with `umlaut import`.
            let elsewhere = workspace.path + "-import.sqlite"
            defer { try? FileManager.default.removeItem(atPath: elsewhere) }
            let imported = try UmlautProcess.run(
                ["import", "--db", elsewhere, "--session", "recovered", path], in: NSTemporaryDirectory())
            #expect(imported.status == 0, "\(imported.stderr)")
            let store = try SessionDatabase.openForReading(path: elsewhere)
            #expect(store.epochCount(session: "recovered") == 3)
            #expect(try store.session(named: "recovered").script.hasSuffix("fake_events.py"))
        }

        @Test func aLockedDatabaseIsWaitedForAndNothingIsLost() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            #expect(
                try UmlautProcess.run(arguments(workspace, [fake, "healthy", "1"]), in: workspace.path).status == 0)
            // Another process holds the write lock until told to let go.
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: UmlautProcess.python)
            holder.arguments = [
                "-c",
                """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1], isolation_level=None)
                db.execute("BEGIN IMMEDIATE")
                print("locked", flush=True)
                sys.stdin.readline()
                db.execute("ROLLBACK")
                """, workspace.database,
            ]
            let input = Pipe(), output = Pipe()
            holder.standardInput = input
            holder.standardOutput = output
            try holder.run()
            _ = output.fileHandleForReading.availableData
            let running = try UmlautProcess(arguments(workspace, [fake, "slow", "8"]), in: workspace.path)
            #expect(UmlautProcess.waitUntil { running.stderr.contains("cannot record the session") })
            #expect(running.stderr.contains("is locked by another process"))
            input.fileHandleForWriting.write(Data("\n".utf8))
            holder.waitUntilExit()
            running.wait()
            #expect(running.status == 0)
            let store = try workspace.store()
            let session = try store.session(named: "fake_events-2")
            #expect(session.status == .completed)
            #expect(store.epochCount(session: "fake_events-2") == 8)
            #expect(try store.events(sessionId: session.id!).filter { $0.kind == "epoch" }.count == 8)
        }

        @Test func aMissingInterpreterOrScriptIsAClearErrorWithStatus2() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let explicit = try UmlautProcess.run(
                ["run", "--db", workspace.database, "--python", "/nonexistent/python", fake], in: workspace.path)
            #expect(explicit.status == 2)
            #expect(
                explicit.stderr.contains(
                    "umlaut: error: Python interpreter '/nonexistent/python' (from --python) not found"))
            let variable = try UmlautProcess.run(
                ["run", "--db", workspace.database, fake], in: workspace.path,
                environment: ["UMLAUT_PYTHON": "no-such-python-3"])
            #expect(variable.status == 2)
            #expect(variable.stderr.contains("'no-such-python-3' (from UMLAUT_PYTHON)"))
            let script = try UmlautProcess.run(arguments(workspace, ["missing.py"]), in: workspace.path)
            #expect(script.status == 2)
            #expect(script.stderr.contains("umlaut: error: missing.py: no such file"))
            let usage = try UmlautProcess.run(["run"], in: workspace.path)
            #expect(usage.status != 0)
            #expect(usage.stderr.contains("missing the script"))
        }

        @Test func aMissingFrameworkFailsAsItWouldWithoutUmlaut() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let script = UmlautProcess.scripts + "/missing_framework.py"
            let result = try UmlautProcess.run(arguments(workspace, [script]), in: workspace.path)
            #expect(result.status == 1)
            #expect(result.stderr.contains("ModuleNotFoundError: No module named 'keras_that_is_not_installed'"))
            #expect(!result.stdout.contains("unreachable"))
            let session = try workspace.store().session(named: "missing_framework")
            #expect(session.status == .failed)
            #expect(session.exitCode == 1)
        }

        @Test func silenceAndAttachFailuresAreSaidOnce() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            // An instrumentation that does not load (here: a package without its sitecustomize).
            let broken = workspace.path + "/broken-instrumentation"
            try FileManager.default.createDirectory(
                atPath: broken + "/umlaut_instrument", withIntermediateDirectories: true)
            let silent = try UmlautProcess.run(
                arguments(workspace, [fake, "silent", "2"]), in: workspace.path,
                environment: ["UMLAUT_INSTRUMENTATION": broken])
            #expect(silent.status == 0)
            #expect(silent.stderr.components(separatedBy: "the instrumentation sent no events").count == 2)
            // The real instrumentation loads but sees no framework training.
            let untrained = try UmlautProcess.run(arguments(workspace, [fake, "silent", "2"]), in: workspace.path)
            #expect(untrained.status == 0)
            #expect(
                untrained.stderr.components(separatedBy: "no Keras fit() or PyTorch training loop was seen").count == 2)
            let failed = try UmlautProcess.run(arguments(workspace, [fake, "attach_failed"]), in: workspace.path)
            #expect(failed.status == 0)
            #expect(failed.stdout.contains("training without instrumentation"))
            #expect(failed.stderr.components(separatedBy: "runtime checks were off for keras").count == 2)
            #expect(try workspace.store().session(named: "last").note?.contains("keras 9 is not supported") == true)
        }
    }
}
