import Testing

/// `--help` of every command, verbatim (help text is user interface).
@Suite struct HelpTests {
    @Test(arguments: [
        ("umlaut", ["--help"]),
        ("check", ["check", "--help"]),
        ("rules", ["rules", "--help"]),
        ("rule", ["rule", "--help"]),
        ("run", ["run", "--help"]),
        ("compare", ["compare", "--help"]),
        ("index", ["index", "--help"]),
    ])
    func help(name: String, arguments: [String]) throws {
        try Umlaut.expectGolden("help-\(name)", arguments)
    }

    @Test func versionPrints() throws {
        let result = try Umlaut.run(["--version"])
        #expect(result.status == 0 && result.stdout == "0.1.0\n")
    }
}
