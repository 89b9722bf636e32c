import Foundation
import GRDB
import Testing

@testable import Store

extension ProcessTests {
    /// `umlaut run` end to end with a pure-Python stand-in that writes protocol events to fd 3:
    /// what it prints, stores and exits with, and how `sessions`, `show` and `diff` read it back.
    @Suite struct RunCommandTests {
        let fake = UmlautProcess.scripts + "/fake_events.py"

        func run(
            _ workspace: Workspace, _ arguments: [String], environment: [String: String] = [:]
        ) throws -> UmlautProcess {
            try UmlautProcess.run(
                ["run", "--db", workspace.database, "--python", UmlautProcess.python] + arguments,
                in: workspace.path, environment: environment)
        }

        @Test func aSymptomaticRunPrintsFindingsInlineStoresThemAndKeepsTheScriptsOutput() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let result = try run(workspace, ["--session", "sick", fake, "symptoms", "6"])
            #expect(result.status == 0)
            // The script's own output is untouched.
            let plain = Process()
            plain.executableURL = URL(fileURLWithPath: UmlautProcess.python)
            plain.arguments = [fake, "symptoms", "6"]
            let pipe = Pipe()
            plain.standardOutput = pipe
            try plain.run()
            let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            plain.waitUntilExit()
            #expect(result.stdout == expected)
            // Findings inline, then a summary.
            let stderr = result.stderr
            for code in ["UM501", "UM502", "UM503", "UM504", "UM506", "UM507", "UM508", "UM509", "UM510"] {
                #expect(
                    stderr.contains("umlaut: epoch") && stderr.contains(" \(code) "), "\(code) missing from:\n\(stderr)"
                )
            }
            #expect(stderr.contains("umlaut: when training starts: UM506 the learning rate in effect is -1000"))
            #expect(stderr.contains("umlaut: epoch 3: UM502 the loss became NaN at batch 4"))
            #expect(stderr.contains("umlaut: session sick: 6 epochs, exit status 0"))
            #expect(
                stderr.components(separatedBy: "UM501 training inputs").count == 2,
                "a recurring finding is printed once")

            let store = try workspace.store()
            let session = try store.session(named: "sick")
            #expect(session.status == .completed)
            let findings = try store.findings(sessionId: session.id!)
            #expect(findings.count == 9)
            let um501 = try #require(findings.first { $0.code == "UM501" })
            #expect(um501.epochs == Array(0..<6))
            #expect(um501.path?.hasSuffix("fake_events.py") == true)
            #expect(um501.related.first?.role == .rootCause)
            #expect(um501.related.first?.path == um501.path && um501.related.first?.line == um501.line)
            #expect(try store.epochs(sessionId: session.id!).count == 6)
            #expect(try store.events(sessionId: session.id!).count >= 16)
            #expect(
                try store.sourceLocations(sessionId: session.id!).contains { $0.role == .optimizer && $0.line == 98 })
        }

        @Test func showSessionsAndDiffReadTheStore() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            #expect(try run(workspace, ["--session", "before", fake, "symptoms", "5"]).status == 0)
            #expect(try run(workspace, ["--session", "after", fake, "healthy", "5"]).status == 0)

            let sessions = try UmlautProcess.run(["sessions", "--db", workspace.database], in: workspace.path)
            #expect(sessions.status == 0)
            #expect(
                sessions.stdout.contains("before") && sessions.stdout.contains("after")
                    && sessions.stdout.contains("completed"))

            let show = try UmlautProcess.run(
                ["show", "--db", workspace.database, "--format", "json", "before"], in: workspace.path)
            #expect(show.status == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
            let epochs = try #require(json["epochs"] as? [[String: Any]])
            #expect(epochs.map { $0["epoch"] as? Int } == [1, 2, 3, 4, 5])
            let findings = try #require(json["findings"] as? [[String: Any]])
            let first = try #require(findings.first)
            for key in [
                "code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "fix",
                "help", "related", "epochs",
            ] {
                #expect(first.keys.contains(key), "finding JSON lacks \(key)")
            }
            // Structure, not prose: a place's role is a field, a message has no epoch label; `show`
            // words the epochs once, in the finding's heading.
            let rate = try #require(findings.first { $0["code"] as? String == "UM506" })
            #expect((rate["message"] as? String)?.hasPrefix("the learning rate in effect is -1000") == true)
            #expect((rate["related"] as? [[String: Any]])?.first?["role"] as? String == "root-cause")
            let symptomatic = try UmlautProcess.run(["show", "--db", workspace.database, "before"], in: workspace.path)
            #expect(
                symptomatic.stdout.contains(
                    "UM506 runtime-learning-rate [error] (epochs 1–5)\n    The learning rate in effect is -1000"))
            #expect(!symptomatic.stdout.contains("Epoch "), "no epoch label in a message:\n\(symptomatic.stdout)")
            #expect(symptomatic.stdout.contains("    note: the symptom: "))
            let text = try UmlautProcess.run(["show", "--db", workspace.database, "last"], in: workspace.path)
            #expect(text.stdout.contains("Session after"))
            #expect(text.stdout.contains("val_accuracy"))
            #expect(text.stdout.contains("No findings."))

            let diff = try UmlautProcess.run(
                ["diff", "--db", workspace.database, "--format", "json", "before", "after"], in: workspace.path)
            #expect(diff.status == 0)
            let changes = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
            #expect((changes["gone"] as? [Any])?.count == 9)
            #expect((changes["new"] as? [Any])?.count == 0)
            let textDiff = try UmlautProcess.run(
                ["diff", "--db", workspace.database, "before", "after"], in: workspace.path)
            #expect(textDiff.stdout.contains("Gone (9):"))
            #expect(textDiff.stdout.contains("loss"))

            let missing = try UmlautProcess.run(["show", "--db", workspace.database, "nope"], in: workspace.path)
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("no session named 'nope'"))
            let noDatabase = try UmlautProcess.run(
                ["sessions", "--db", workspace.path + "/none.sqlite"], in: workspace.path)
            #expect(noDatabase.status == 2)
            #expect(noDatabase.stderr.contains("umlaut: error:"))
        }

        @Test func aReaderInAnotherProcessSeesFindingsArriveDuringTheRun() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            // 20 slow epochs; validation accuracy passes 95% in epoch 15 (UM504).
            let running = try UmlautProcess(
                ["run", "--db", workspace.database, "--python", UmlautProcess.python, fake, "slow", "20"],
                in: workspace.path)
            var reader: SessionDatabase?
            #expect(
                UmlautProcess.waitUntil {
                    reader = try? workspace.store(); return reader != nil
                })
            let store = try #require(reader)
            var seen: Int64 = 0
            var revisions: [Int64] = []
            var codes: Set<String> = []
            // Poll as the language server would: only re-read when the revision moved. Whether the
            // run has ended is asked before reading, so the last read always follows the exit: on a
            // loaded machine the final epochs can land between a read and the check.
            UmlautProcess.waitUntil(timeout: 60) {
                let ended = !running.process.isRunning
                let revision = (try? store.revision()) ?? seen
                if revision != seen {
                    revisions.append(revision)
                    codes.formUnion(((try? store.findings(inFile: fake, changedAfter: seen)) ?? []).map(\.code))
                    seen = revision
                }
                return ended
            }
            running.wait()
            #expect(running.status == 0)
            #expect(revisions.count >= 3, "the revision moved while training ran: \(revisions)")
            #expect(revisions == revisions.sorted())
            #expect(codes.contains("UM504"), "the finding of epoch 15 reached the reader: \(codes)")
        }

        @Test func pyprojectThresholdsAndIgnoresApplyToTheRuntimeRules() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            try """
            [tool.umlaut]
            ignore = ["UM506"]
            per-file-ignores = { "quiet_*.py" = ["UM509"] }

            [tool.umlaut.thresholds]
            input-max = 300
            """.write(toFile: workspace.path + "/pyproject.toml", atomically: true, encoding: .utf8)
            let script = workspace.path + "/quiet_training.py"
            try FileManager.default.copyItem(atPath: fake, toPath: script)
            let result = try run(workspace, [script, "symptoms", "4"])
            #expect(result.status == 0)
            let stderr = result.stderr
            #expect(!stderr.contains(" UM501 "), "input-max = 300 admits 0–255")
            #expect(!stderr.contains(" UM506 "), "ignored")
            #expect(!stderr.contains(" UM509 "), "ignored for quiet_*.py")
            #expect(stderr.contains(" UM510 ") && stderr.contains(" UM502 "))
            let broken = workspace.path + "/broken"
            try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
            try "[tool.umlaut\n".write(toFile: broken + "/pyproject.toml", atomically: true, encoding: .utf8)
            let refused = try UmlautProcess.run(
                ["run", "--db", workspace.database, "--python", UmlautProcess.python, fake, "healthy", "1"], in: broken)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("pyproject.toml"))
        }

        @Test func theDefaultDatabaseIsInTheWorkspacesUmlautDirectory() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let result = try UmlautProcess.run(
                ["run", "--python", UmlautProcess.python, fake, "healthy", "2"], in: workspace.path)
            #expect(result.status == 0)
            #expect(FileManager.default.fileExists(atPath: workspace.database))
            let nested = workspace.path + "/sub"
            try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
            let sessions = try UmlautProcess.run(["sessions"], in: nested)
            #expect(sessions.stdout.contains("fake_events"))
        }
    }
}
