import LintCore
import TestSupport
import Testing

@Suite struct ConfigurationResolverTests {
    let known: [RuleCode] = ["UM101", "UM302"]

    @Test func nearestPyprojectWithATableWins() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pyproject.toml", "[tool.umlaut]\nignore = [\"UM101\"]\n")
        try directory.write("sub/pyproject.toml", "[tool.umlaut]\nignore = [\"UM302\"]\n")
        // No [tool.umlaut]: skipped, the search goes on upwards.
        try directory.write("other/pyproject.toml", "[project]\nname = \"x\"\n")
        var resolver = ConfigurationResolver(source: .discover, workingDirectory: directory.path, knownCodes: known)
        let top = try resolver.configuration(for: "train.py")
        let sub = try resolver.configuration(for: "sub/deep/train.py")
        let other = try resolver.configuration(for: "other/train.py")
        #expect(top.settings.ignore == ["UM101"] && top.root == directory.path)
        #expect(sub.settings.ignore == ["UM302"] && sub.root == directory.path + "/sub")
        #expect(other.settings.ignore == ["UM101"])
        #expect(resolver.warnings.isEmpty)
    }

    @Test func commandLineSelectionOverridesEveryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pyproject.toml", "[tool.umlaut]\nselect = [\"UM1\"]\nignore = [\"UM101\"]\n")
        var resolver = ConfigurationResolver(source: .discover, workingDirectory: directory.path, knownCodes: known) {
            $0.settings.ignore = ["UM302"]
        }
        let configuration = try resolver.configuration(for: directory.path + "/a.py")
        #expect(configuration.settings.select == ["UM1"])
        #expect(configuration.settings.ignore == ["UM302"])
    }

    @Test func explicitFileAndNoConfig() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pyproject.toml", "[tool.umlaut]\nignore = [\"UM101\"]\n")
        let custom = try directory.write("ci/umlaut.toml", "ignore = [\"UM302\"]\n")
        var explicit = ConfigurationResolver(source: .file(custom), workingDirectory: directory.path, knownCodes: known)
        #expect(try explicit.configuration(for: "a.py").settings.ignore == ["UM302"])
        var none = ConfigurationResolver(source: .none, workingDirectory: directory.path, knownCodes: known)
        #expect(try none.configuration(for: "a.py").settings == Settings())
        var missing = ConfigurationResolver(
            source: .file("nope.toml"), workingDirectory: directory.path, knownCodes: known)
        #expect(throws: ConfigurationError.self) { try missing.configuration(for: "a.py") }
    }

    @Test func invalidTOMLIsAnError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pyproject.toml", "[tool.umlaut\n")
        var resolver = ConfigurationResolver(source: .discover, workingDirectory: directory.path, knownCodes: known)
        #expect(throws: ConfigurationError.self) { try resolver.configuration(for: "a.py") }
    }

    @Test func absolutePathsAreNormalised() {
        let resolver = ConfigurationResolver(source: .none, workingDirectory: "/w/project/", knownCodes: known)
        #expect(resolver.absolute("./a/../b/c.py") == "/w/project/b/c.py")
        #expect(resolver.absolute("/x/./y.py") == "/x/y.py")
        #expect(resolver.absolute("..") == "/w")
    }
}
