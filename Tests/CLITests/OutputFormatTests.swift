import Foundation
import Testing

/// What users see for the same fixtures in every format (`Fixtures/project`: Python files in
/// subdirectories, a notebook with magics, a suppression, a syntax error, a clean file).
@Suite struct OutputFormatTests {
    @Test(arguments: ["text", "concise", "json", "sarif"])
    func project(format: String) throws {
        try Umlaut.expectGolden("check-project-\(format)", ["check", "--format", format])
    }

    @Test func unsafeFixesAreMarkedWhenEnabled() throws {
        try Umlaut.expectGolden(
            "check-unsafe-fixes-concise", ["check", "--format", "concise", "--unsafe-fixes", "train.py"])
    }

    @Test func cleanFilesPass() throws {
        try Umlaut.expectGolden("check-clean", ["check", "clean.py"])
        let json = try Umlaut.run(["check", "--format", "json", "clean.py"], in: Umlaut.fixtures + "/project")
        #expect(json.status == 0 && json.stdout == "[]\n")
    }

    @Test func selectAndIgnoreOnTheCommandLine() throws {
        let ignored = try Umlaut.run(["check", "--ignore", "UM3", "train.py"], in: Umlaut.fixtures + "/project")
        #expect(ignored.status == 0 && ignored.stdout == "All checks passed!\n")
        let selected = try Umlaut.run(
            ["check", "--select", "um302", "--format", "concise", "train.py"], in: Umlaut.fixtures + "/project")
        #expect(
            selected.status == 1 && selected.stdout.hasSuffix("Found 2 problems (2 fixable with --unsafe-fixes).\n"))
        let zero = try Umlaut.run(["check", "--exit-zero", "train.py"], in: Umlaut.fixtures + "/project")
        #expect(zero.status == 0 && zero.stdout.contains("Found 2 problems"))
    }

    @Test func noColourUnlessATerminal() throws {
        // Standard output is a file here: no escape codes even when asked for colour elsewhere.
        let result = try Umlaut.run(
            ["check", "train.py"], in: Umlaut.fixtures + "/project", environment: ["TERM": "xterm-256color"])
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func colourOnATerminalUnlessNoColor() throws {
        // `script` gives umlaut a pseudo-terminal as standard output.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("/usr/bin/script (util-linux) is needed for this test")
            return
        }
        let command = "\(Umlaut.binary) check --format concise train.py"
        let coloured = try Umlaut.run(
            [], in: Umlaut.fixtures + "/project", command: ["/usr/bin/script", "-qec", command, "/dev/null"])
        #expect(coloured.stdout.contains("\u{1B}[1;31mUM302\u{1B}[0m"))
        let plain = try Umlaut.run(
            [], in: Umlaut.fixtures + "/project", environment: ["NO_COLOR": "1"],
            command: ["/usr/bin/script", "-qec", command, "/dev/null"])
        #expect(plain.stdout.contains("UM302") && !plain.stdout.contains("\u{1B}["))
    }

    /// Many files on several threads give exactly the output of one thread.
    @Test func parallelOutputEqualsSerialOutput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for index in 0..<120 {
            let rate = 0.4 + Double(index % 6) * 0.1
            try scratch.write(
                "pkg\(index % 7)/script_\(index).py",
                """
                import keras
                \(String(repeating: "# padding line\n", count: index % 13))model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(\(rate))])
                """)
        }
        try scratch.write("broken.ipynb", "{")
        for format in ["text", "json", "sarif"] {
            let serial = try Umlaut.run(["check", "--format", format, "--threads", "1"], in: scratch.path)
            let parallel = try Umlaut.run(["check", "--format", format, "--threads", "4"], in: scratch.path)
            #expect(serial.status == 2 && parallel.status == 2)
            #expect(serial.stdout == parallel.stdout)
            #expect(serial.stderr == parallel.stderr)
            #expect(serial.stdout.count > 1000)
        }
    }
}
