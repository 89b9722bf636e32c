import Foundation
import Testing

/// `pyproject.toml` discovery, `--config`, `--no-config` and broken configurations.
@Suite struct ConfigurationTests {
    @Test func nearestConfigurationWinsPerFile() throws {
        // Fixtures/configured: threshold 0.7, experiments/* ignore UM302, `generated` excluded,
        // severity error, an unknown key; strict/ has its own pyproject (threshold 0.2).
        try Umlaut.expectGolden("check-configured", ["check", "--format", "json"], in: Umlaut.fixtures + "/configured")
    }

    @Test func noConfigAndExplicitConfig() throws {
        let defaults = try Umlaut.run(
            ["check", "--format", "concise", "--no-config"], in: Umlaut.fixtures + "/configured")
        // Defaults: threshold 0.5 everywhere, nothing ignored, `generated` excluded no more.
        #expect(defaults.stdout.components(separatedBy: "\n").filter { $0.contains("UM302") }.count == 4, "\(defaults)")
        #expect(defaults.stderr.isEmpty)
        let explicit = try Umlaut.run(
            ["check", "--format", "concise", "--config", "strict/pyproject.toml", "train.py"],
            in: Umlaut.fixtures + "/configured")
        #expect(explicit.stdout.contains("(rate 0.3 > 0.2)"), "\(explicit)")
    }

    @Test func invalidTOMLExitsWithTwoNamingTheLine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("pyproject.toml", "[tool.umlaut]\nselect = [\"UM3\"\nignore = []\n")
        try scratch.copy(fixture: "project/train.py")
        let result = try Umlaut.run(["check"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("umlaut: pyproject.toml:3:1: error: invalid TOML: "), "\(result.stderr)")
    }
}
