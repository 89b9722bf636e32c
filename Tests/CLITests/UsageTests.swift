import Testing

/// Bad usage exits with 2 and says what is wrong.
@Suite struct UsageTests {
    @Test(arguments: [
        (["check", "--frobnicate"], "Unknown option '--frobnicate'"),
        (["check", "--select", "UM999"], "no rule matches 'UM999'"),
        (["check", "--ignore", "E501"], "'E501' is not a rule code or prefix"),
        (["check", "--select", ","], "--select and --ignore need at least one rule code."),
        (["check", "--format", "xml"], "The value 'xml' is invalid for '--format <format>'"),
        (["check", "--config", "pyproject.toml", "--no-config"], "--config and --no-config cannot be used together."),
        (["check", "-", "train.py"], "- (standard input) cannot be combined with other paths."),
        (["rule", "UM999"], "Unknown rule 'UM999'"),
        (["rule"], "Give a rule code or --all."),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func usageErrorsExitWithTwo(arguments: [String], message: String) throws {
        let result = try Umlaut.run(arguments, in: Umlaut.fixtures + "/project")
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func nothingToCheckIsSaid() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("notes.txt", "x")
        let result = try Umlaut.run(["check"], in: scratch.path)
        #expect(result.status == 0 && result.stdout == "All checks passed!\n")
        #expect(result.stderr == "umlaut: warning: no Python files or notebooks found\n")
    }

    @Test func aMissingPathExitsWithTwoButTheRestIsChecked() throws {
        try Umlaut.expectGolden("check-missing-path", ["check", "--format", "concise", "nowhere.py", "train.py"])
    }
}
