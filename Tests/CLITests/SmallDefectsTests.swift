import Foundation
import Testing

/// Regressions of issue 8's small command-line defects, each named after what it protects.
@Suite struct SmallDefectsTests {
    static let dropout = """
        import keras
        model = keras.Sequential([
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dropout(0.4),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dropout(0.8),
        ])

        """

    @Test func theDropoutFixNeverRaisesDropoutAndConverges() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("pyproject.toml", "[tool.umlaut.thresholds]\nmax-dropout-rate = 0.3\n")
        try scratch.write("train.py", Self.dropout)
        let fixed = try Umlaut.run(
            ["check", "--fix", "--unsafe-fixes", "--format", "concise", "train.py"], in: scratch.path)
        // 0.8 becomes 0.2; 0.4 would become 0.6 (more dropout), so it has no fix and stays reported.
        #expect(fixed.status == 1, "\(fixed)")
        #expect(fixed.stdout.hasSuffix("Found 2 problems (1 fixed, 1 remaining).\n"), "\(fixed)")
        let text = String(decoding: scratch.read("train.py"), as: UTF8.self)
        #expect(text == Self.dropout.replacingOccurrences(of: "Dropout(0.8)", with: "Dropout(0.2)"))
        let again = try Umlaut.run(
            ["check", "--fix", "--unsafe-fixes", "--format", "json", "train.py"], in: scratch.path)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["fix"] is NSNull, "no fix may offer to raise the rate: \(again.stdout)")
        #expect(scratch.read("train.py") == Array(text.utf8))
    }

    @Test func theDiffOfACRLFFileIsAPatchThatApplies() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let text = Self.dropout.replacingOccurrences(of: "\n", with: "\r\n")
        try scratch.write("crlf.py", text)
        let diff = try Umlaut.run(["check", "--diff", "--unsafe-fixes", "crlf.py"], in: scratch.path)
        #expect(diff.status == 1, "\(diff)")
        #expect(
            diff.stdout.contains("@@ -3,5 +3,5 @@\n"),
            "one hunk around the changed line, not the whole file as one line: \(diff.stdout)")
        #expect(
            diff.stdout.contains("-    keras.layers.Dropout(0.8),\r\n+    keras.layers.Dropout(0.2),\r\n"),
            "\(diff.stdout)")
        try scratch.write("fix.patch", diff.stdout)
        let patch = try Umlaut.run([], in: scratch.path, command: ["/usr/bin/git", "apply", "-p0", "fix.patch"])
        #expect(patch.status == 0, "\(patch)")
        #expect(
            scratch.read("crlf.py") == Array(text.replacingOccurrences(of: "Dropout(0.8)", with: "Dropout(0.2)").utf8))
    }

    @Test func theDiffOfAFileWithoutAFinalLineBreakIsAPatchThatApplies() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let text = String(Self.dropout.dropLast()).replacingOccurrences(
            of: "\n])", with: "\n    keras.layers.Dropout(0.9)])")
        try scratch.write("last.py", text)
        let diff = try Umlaut.run(["check", "--diff", "--unsafe-fixes", "last.py"], in: scratch.path)
        #expect(
            diff.stdout.hasSuffix("+    keras.layers.Dropout(0.1)])\n\\ No newline at end of file\n"), "\(diff.stdout)")
        try scratch.write("fix.patch", diff.stdout)
        let patch = try Umlaut.run([], in: scratch.path, command: ["/usr/bin/git", "apply", "-p0", "fix.patch"])
        #expect(patch.status == 0, "\(patch)")
        #expect(
            String(decoding: scratch.read("last.py"), as: UTF8.self)
                == text.replacingOccurrences(of: "0.8", with: "0.2").replacingOccurrences(of: "0.9", with: "0.1"))
    }

    @Test func runHelpPrintsTheHelpOfRun() throws {
        for flag in ["--help", "-h"] {
            let result = try Umlaut.run(["run", flag])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("USAGE: umlaut run"), "\(result)")
            #expect(!result.stderr.contains("no such file"), "\(result)")
        }
    }

    @Test func aCheckThatExitsWithTwoNeverSaysAllChecksPassed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("latin1.py", bytes: [0x23, 0x20, 0xE9, 0x0A])
        try scratch.write("clean.py", "x = 1\n")
        let result = try Umlaut.run(["check", "."], in: scratch.path)
        #expect(result.status == 2)
        #expect(!result.stdout.contains("All checks passed"), "\(result)")
        #expect(
            result.stdout
                == "No problems found in the files checked; 1 path could not be checked (see the errors above).\n",
            "\(result)")
        let clean = try Umlaut.run(["check", "clean.py"], in: scratch.path)
        #expect(clean.status == 0 && clean.stdout == "All checks passed!\n", "\(clean)")
    }

    @Test func sarifSaysTheExecutionFailedAtExitTwo() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("latin1.py", bytes: [0xE9, 0x0A])
        func invocation(_ arguments: [String], status: Int32) throws -> [String: Any] {
            let result = try Umlaut.run(arguments, in: scratch.path)
            #expect(result.status == status, "\(result)")
            let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let run = try #require((log["runs"] as? [[String: Any]])?.first)
            return try #require((run["invocations"] as? [[String: Any]])?.first)
        }
        let failed = try invocation(["check", "--format", "sarif", "latin1.py"], status: 2)
        #expect(failed["executionSuccessful"] as? Bool == false)
        #expect(failed["exitCode"] as? Int == 2)
        try scratch.write("train.py", Self.dropout)
        let found = try invocation(["check", "--format", "sarif", "train.py"], status: 1)
        #expect(found["executionSuccessful"] as? Bool == true)
        #expect(found["exitCode"] as? Int == 1)
    }

    @Test func importRefusesAFileThatIsNotRuntimeEvents() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("train.py", Self.dropout)
        try scratch.write("empty.jsonl", "\n\n")
        let database = scratch.path + "/sessions.sqlite"
        for file in ["train.py", "empty.jsonl"] {
            let result = try Umlaut.run(["import", "--db", database, file], in: scratch.path)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.hasPrefix("umlaut: \(file): error: "), "\(result)")
            #expect(!FileManager.default.fileExists(atPath: database), "nothing may be recorded for \(file)")
        }
        // A real event file still imports.
        try scratch.write(
            "events.jsonl",
            """
            {"event": "hello", "protocol": 1, "pid": 1, "python": "3.11.7", "script": "\(scratch.path)/train.py", "argv": ["train.py"]}
            {"event": "exit", "status": "ok"}

            """)
        let imported = try Umlaut.run(["import", "--db", database, "events.jsonl"], in: scratch.path)
        #expect(imported.status == 0, "\(imported)")
        let sessions = try Umlaut.run(["sessions", "--db", database, "--format", "json"], in: scratch.path)
        #expect(
            (try JSONSerialization.jsonObject(with: Data(sessions.stdout.utf8)) as? [Any])?.count == 1, "\(sessions)")
    }

    @Test func sessionsInAFreshDirectoryIsAnEmptyList() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let json = try Umlaut.run(["sessions", "--format", "json"], in: scratch.path)
        #expect(json.status == 0 && json.stderr.isEmpty, "\(json)")
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) is [Any], "\(json)")
        // Unless a directory above the scratch one holds a workspace database, the list is empty.
        var directory = URL(fileURLWithPath: scratch.path)
        var inherited = false
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            inherited = inherited || FileManager.default.fileExists(atPath: directory.path + "/.umlaut")
        }
        if !inherited {
            #expect(json.stdout == "[]\n", "\(json)")
            let text = try Umlaut.run(["sessions"], in: scratch.path)
            #expect(text.status == 0 && text.stdout.hasPrefix("No sessions recorded yet"), "\(text)")
        }
        #expect(
            !FileManager.default.fileExists(atPath: scratch.path + "/.umlaut"), "listing must not create a database")
    }

    @Test func invalidThresholdsAndGlobsAreReportedNamingTheKey() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(
            "pyproject.toml",
            """
            [tool.umlaut]
            exclude = ["gen/[ab]"]

            [tool.umlaut.thresholds]
            max-dropout-rate = -0.5

            """)
        try scratch.write("train.py", Self.dropout)
        let result = try Umlaut.run(["check", "--format", "concise", "train.py"], in: scratch.path)
        #expect(
            result.stderr.contains(
                "umlaut: pyproject.toml: warning: `tool.umlaut.thresholds.max-dropout-rate` must be between 0 and 1"),
            "\(result)")
        #expect(
            result.stderr.contains("umlaut: pyproject.toml: warning: `tool.umlaut.exclude`: `gen/[ab]`"), "\(result)")
        // The default threshold applies instead: 0.8 is reported, 0.4 is not.
        #expect(result.status == 1)
        #expect(result.stdout.components(separatedBy: "\n").filter { $0.contains("UM302") }.count == 1, "\(result)")
    }

    @Test func testFilesAreNotCheckedForHyperparametersUnlessAsked() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("train.py", Self.dropout)
        try scratch.write("tests/test_train.py", Self.dropout)
        try scratch.write("test_dropout.py", Self.dropout)
        let defaults = try Umlaut.run(["check", "--format", "concise", "."], in: scratch.path)
        #expect(
            defaults.stdout.components(separatedBy: "\n").filter { $0.contains("UM302") }.map {
                $0.prefix { $0 != ":" }
            }
                == ["train.py"], "\(defaults)")
        try scratch.write("pyproject.toml", "[tool.umlaut]\ntest-file-ignores = []\n")
        let all = try Umlaut.run(["check", "--format", "concise", "."], in: scratch.path)
        #expect(
            Set(
                all.stdout.components(separatedBy: "\n").filter { $0.contains("UM302") }.map {
                    String($0.prefix { $0 != ":" })
                })
                == ["train.py", "tests/test_train.py", "test_dropout.py"], "\(all)")
    }
}
