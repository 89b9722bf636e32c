import Foundation
import TestSupport
import Testing

/// Each bad file gets one clear message on standard error and the others are still checked.
@Suite struct BadInputTests {
    @Test func badFilesAreReportedAndTheRestChecked() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.copy(fixture: "project/train.py", to: "good.py")
        try scratch.write("empty.py", "")
        try scratch.write(
            "latin1.py", bytes: Array("# coding: latin-1\nname = '".utf8) + [0xE9] + Array("t\u{E9}'\n".utf8))
        try scratch.write("binary.py", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01])
        try scratch.write("invalid_json.ipynb", "{\"cells\": [\n  {\"cell_type\": \"code\", \"source\": \"x\",}\n]}")
        try scratch.write("wrong_schema.ipynb", "{\"cells\": [{\"cell_type\": \"code\"}], \"nbformat\": 4}")
        try scratch.write("old.ipynb", "{\"nbformat\": 3, \"worksheets\": []}")
        try scratch.write("r.ipynb", "{\"cells\": [], \"metadata\": {\"kernelspec\": {\"language\": \"R\"}}}")
        try scratch.write(
            "syntax.py", "def f(:\n    pass\nimport keras\nmodel = keras.Sequential([keras.layers.Dropout(0.9)])\n")
        try scratch.write("huge.py", String(repeating: "x = 1  # padding to make a very large file\n", count: 250_000))
        try FileManager.default.createDirectory(atPath: scratch.path + "/loop", withIntermediateDirectories: true)
        try scratch.write("loop/inner.py", "x = 1\n")
        try FileManager.default.createSymbolicLink(
            atPath: scratch.path + "/loop/back", withDestinationPath: scratch.path + "/loop")
        try FileManager.default.createSymbolicLink(
            atPath: scratch.path + "/dangling.py", withDestinationPath: scratch.path + "/gone.py")

        let result = try Umlaut.run(["check", "--format", "concise"], in: scratch.path)
        let shown = "$ umlaut check --format concise\n" + result.description
        assertGoldenHere(shown, "check-bad-inputs")
        // Unreadable input makes the exit status 2 even though findings were made too.
        #expect(result.status == 2)
    }

    @Test func largeNotebookOutputsDoNotCountAgainstTheSizeLimit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = String(repeating: "A", count: 12_000_000)
        try scratch.write(
            "big.ipynb",
            """
            {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": 1,
              "outputs": [{"output_type": "display_data", "data": {"image/png": "\(image)"}, "metadata": {}}],
              "source": ["import keras\\n", "m = keras.Sequential([keras.layers.Dense(8, activation=\\"relu\\"), keras.layers.Dropout(0.9)])"]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """)
        let result = try Umlaut.run(["check", "--format", "concise"], in: scratch.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("big.ipynb:cell 1:2:86: UM302"), "\(result.stdout)")
    }

    @Test func anUnreadableFileIsAnErrorForThatFileOnly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.copy(fixture: "project/train.py", to: "good.py")
        let secret = try scratch.write("secret.py", "x = 1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: secret)
        // Root reads everything: run as `nobody` then, so that the permission really is missing.
        let asRoot = getuid() == 0
        if asRoot {
            try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: scratch.path + "/good.py")
        }
        var command: [String]?
        if asRoot {
            // A copy of the binary that `nobody` can run wherever the build directory lives.
            let copy = scratch.path + "/bin/umlaut"
            try FileManager.default.createDirectory(
                atPath: scratch.path + "/bin", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755])
            try FileManager.default.copyItem(atPath: Umlaut.binary, toPath: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy)
            command = [
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                copy, "check", "--format", "concise", "--no-config", "good.py", "secret.py",
            ]
        }
        let result = try Umlaut.run(
            ["check", "--format", "concise", "--no-config", "good.py", "secret.py"], in: scratch.path, command: command)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr == "umlaut: secret.py: error: cannot read: permission denied\n", "\(result)")
        #expect(result.stdout.hasPrefix("good.py:9:20: UM302"), "\(result)")
    }
}

func assertGoldenHere(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    assertGolden(text, path: goldenPath("Golden/\(name).txt"), sourceLocation: sourceLocation)
}
