import Foundation
import LintCore
import TestSupport
import Testing
import Workspace

/// `umlaut check` walks with its `ConfigurationResolver` as the exclusion provider.
@Suite struct ConfigurationExclusionTests {
    @Test func theResolverLeavesOutTheExcludeGlobsOfEachDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in [
            "a.py", "generated/g.py", "pkg/model_pb2.py", "pkg/m.py", "sub/s.py", "sub/skip_me.py", "venv/v.py",
        ] {
            try directory.write(file, "x = 1\n")
        }
        try directory.write("pyproject.toml", "[tool.umlaut]\nexclude = [\"generated/\", \"*_pb2.py\"]\n")
        // A nested configuration applies below its own directory, relative to it.
        try directory.write("sub/pyproject.toml", "[tool.umlaut]\nexclude = [\"skip_me.py\"]\n")
        var resolver = ConfigurationResolver(source: .discover, workingDirectory: directory.path, knownCodes: ["UM302"])
        let discovery = try FileDiscovery(
            paths: ["."], workingDirectory: resolver.workingDirectory, exclusions: &resolver)
        #expect(discovery.files.map(\.path) == ["a.py", "pkg/m.py", "sub/s.py"])
        #expect(discovery.problems.isEmpty)
        // Named files are taken whatever the globs say.
        let named = try FileDiscovery(
            paths: ["pkg/model_pb2.py"], workingDirectory: resolver.workingDirectory, exclusions: &resolver)
        #expect(named.files.map(\.path) == ["pkg/model_pb2.py"])
    }

    @Test func anUnusableConfigurationStopsTheWalk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.py", "x = 1\n")
        try directory.write("bad/pyproject.toml", "[tool.umlaut\n")
        try directory.write("bad/b.py", "x = 1\n")
        var resolver = ConfigurationResolver(source: .discover, workingDirectory: directory.path, knownCodes: ["UM302"])
        #expect(throws: ConfigurationError.self) {
            _ = try FileDiscovery(paths: ["."], workingDirectory: resolver.workingDirectory, exclusions: &resolver)
        }
    }
}
