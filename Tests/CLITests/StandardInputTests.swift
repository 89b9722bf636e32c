import Foundation
import Testing

/// `umlaut check - --stdin-filename PATH`, as editors call it.
@Suite struct StandardInputTests {
    let train = Array(FileManager.default.contents(atPath: Umlaut.fixtures + "/project/train.py")!)

    @Test func checksStandardInputUnderTheGivenName() throws {
        try Umlaut.expectGolden(
            "check-stdin", ["check", "--format", "concise", "-", "--stdin-filename", "models/train.py"], input: train)
        let anonymous = try Umlaut.run(
            ["check", "--format", "concise", "-"], in: Umlaut.fixtures + "/project", input: train)
        #expect(anonymous.stdout.hasPrefix("-:9:20: UM302"))
    }

    @Test func configurationAppliesByTheGivenName() throws {
        // experiments/* ignores UM302 in Fixtures/configured/pyproject.toml.
        let ignored = try Umlaut.run(
            ["check", "-", "--stdin-filename", "experiments/x.py"], in: Umlaut.fixtures + "/configured", input: train)
        #expect(ignored.status == 0 && ignored.stdout == "All checks passed!\n", "\(ignored)")
    }

    @Test func fixPrintsTheFixedText() throws {
        let result = try Umlaut.run(
            ["check", "--fix", "--unsafe-fixes", "-", "--stdin-filename", "train.py"],
            in: Umlaut.fixtures + "/project", input: train)
        #expect(result.status == 0)
        #expect(
            result.stdout
                == String(decoding: train, as: UTF8.self)
                .replacingOccurrences(of: "Dropout(0.8)", with: "Dropout(0.2)")
                .replacingOccurrences(of: "rate=DROP", with: "rate=0.4"))
        #expect(result.stderr.hasSuffix("Found 2 problems (2 fixed, 0 remaining).\n"))
    }

    @Test func notebooksOnStandardInput() throws {
        let notebook = Array(FileManager.default.contents(atPath: Umlaut.fixtures + "/project/notebook.ipynb")!)
        let result = try Umlaut.run(
            ["check", "--format", "concise", "-", "--stdin-filename", "nb.ipynb"], input: notebook)
        #expect(result.stdout.hasPrefix("nb.ipynb:cell 2:4:26: UM302"), "\(result)")
    }
}
