import Foundation
import Testing

/// `--fix`, `--unsafe-fixes` and `--diff` on copies of the fixtures.
@Suite struct FixTests {
    @Test func fixAppliesOnlySafeFixesAndUnsafeFixesOnRequest() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.copy(fixture: "project/train.py")
        let original = scratch.read("train.py")
        // UM302's fix is unsafe: --fix alone changes nothing.
        let safe = try Umlaut.run(["check", "--fix", "--format", "concise", "train.py"], in: scratch.path)
        #expect(safe.status == 1)
        #expect(
            safe.stdout.hasSuffix("Found 2 problems (0 fixed, 2 remaining; 2 fixable with --unsafe-fixes).\n"),
            "\(safe)")
        #expect(scratch.read("train.py") == original)

        let unsafe = try Umlaut.run(
            ["check", "--fix", "--unsafe-fixes", "--format", "concise", "train.py"], in: scratch.path)
        #expect(unsafe.status == 0, "\(unsafe)")
        #expect(unsafe.stdout == "Found 2 problems (2 fixed, 0 remaining).\n")
        let fixed = String(decoding: scratch.read("train.py"), as: UTF8.self)
        let expected = String(decoding: original, as: UTF8.self)
            .replacingOccurrences(of: "layers.Dropout(0.8)", with: "layers.Dropout(0.2)")
            .replacingOccurrences(of: "layers.Dropout(rate=DROP)", with: "layers.Dropout(rate=0.4)")
        #expect(fixed == expected)
        // The suppressed line was left alone; a second run finds nothing.
        #expect(fixed.contains("layers.Dropout(0.9),  # umlaut: ignore[UM302]"))
        let again = try Umlaut.run(["check", "train.py"], in: scratch.path)
        #expect(again.status == 0 && again.stdout == "All checks passed!\n")
    }

    @Test func fixesKeepLineEndingsByteOrderMarkAndPermissions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let text =
            "import keras\r\nmodel = keras.Sequential([keras.layers.Dense(8, activation=\"relu\"), keras.layers.Dropout(0.8)])\r\n"
        let path = try scratch.write("crlf.py", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let result = try Umlaut.run(["check", "--fix", "--unsafe-fixes", "crlf.py"], in: scratch.path)
        #expect(result.status == 0, "\(result)")
        #expect(
            scratch.read("crlf.py") == [0xEF, 0xBB, 0xBF]
                + Array(text.replacingOccurrences(of: "Dropout(0.8)", with: "Dropout(0.2)").utf8))
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o640)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["crlf.py"])
    }

    @Test func notebookFixesChangeOnlyTheCellSource() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.copy(fixture: "project/notebook.ipynb")
        let original = String(decoding: scratch.read("notebook.ipynb"), as: UTF8.self)
        let result = try Umlaut.run(["check", "--fix", "--unsafe-fixes", "notebook.ipynb"], in: scratch.path)
        #expect(result.status == 0, "\(result)")
        let fixed = String(decoding: scratch.read("notebook.ipynb"), as: UTF8.self)
        #expect(
            fixed == original.replacingOccurrences(of: "keras.layers.Dropout(0.75)", with: "keras.layers.Dropout(0.25)")
        )
        #expect(fixed != original)
    }

    @Test func diffShowsWithoutWriting() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.copy(fixture: "project/train.py")
        try scratch.copy(fixture: "project/notebook.ipynb")
        let before = scratch.read("train.py")
        let result = try Umlaut.run(["check", "--diff", "--unsafe-fixes"], in: scratch.path)
        assertGoldenHere("$ umlaut check --diff --unsafe-fixes\n" + result.description, "check-diff")
        #expect(result.status == 1)
        #expect(scratch.read("train.py") == before)
        let nothing = try Umlaut.run(["check", "--diff"], in: scratch.path)
        #expect(nothing.status == 0 && nothing.stdout.isEmpty && nothing.stderr == "No fixes to apply.\n")
    }
}
