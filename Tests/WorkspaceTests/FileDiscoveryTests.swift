import Foundation
import LintCore
import Testing

@Suite struct FileDiscoveryTests {
    @Test func walksSkippingHiddenJunkAndExcludes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in ["b.py", "a.py", "nb.ipynb", "notes.txt", "pkg/m.py", ".hidden/x.py", ".dot.py", "__pycache__/c.py",
                     "venv/lib/v.py", "node_modules/n.py", "generated/g.py", "pkg/model_pb2.py", "site-packages/s.py"] {
            try directory.write(file, "x = 1\n")
        }
        try directory.write("pyproject.toml", "[tool.umlaut]\nexclude = [\"generated/\", \"*_pb2.py\"]\n")
        var resolver = ConfigurationResolver(source: .discover, workingDirectory: directory.path, knownCodes: ["UM302"])
        let discovery = try FileDiscovery(paths: ["."], resolver: &resolver)
        #expect(discovery.files.map(\.path) == ["a.py", "b.py", "nb.ipynb", "pkg/m.py"])
        #expect(discovery.files.map(\.isNotebook) == [false, false, true, false])
        #expect(discovery.files[0].absolutePath == directory.path + "/a.py")
        #expect(discovery.problems.isEmpty)

        // Named explicitly, junk directories and excluded files are checked.
        let explicit = try FileDiscovery(paths: ["site-packages", "pkg/model_pb2.py", "./a.py", "a.py"], resolver: &resolver)
        #expect(explicit.files.map(\.path) == ["a.py", "pkg/model_pb2.py", "site-packages/s.py"])
        // An absolute path under the working directory is shown relative to it.
        let absolute = try FileDiscovery(paths: [directory.path + "/pkg"], resolver: &resolver)
        #expect(absolute.files.map(\.path) == ["pkg/m.py"])
    }

    @Test func reportsMissingPathsAndSymlinkLoops() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("loop/a.py", "x = 1\n")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/loop/again", withDestinationPath: directory.path + "/loop")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/loop/dangling.py", withDestinationPath: directory.path + "/nowhere.py")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.py", withDestinationPath: directory.path + "/loop/a.py")
        var resolver = ConfigurationResolver(source: .none, workingDirectory: directory.path, knownCodes: ["UM302"])
        let discovery = try FileDiscovery(paths: ["loop", "missing.py", "link.py"], resolver: &resolver)
        #expect(discovery.files.map(\.path) == ["link.py", "loop/a.py"])
        #expect(discovery.problems == [
            .init(path: "loop/again", message: "symbolic link loop: leads back to a directory being checked; not followed", isError: false),
            .init(path: "loop/dangling.py", message: "no such file or directory", isError: true),
            .init(path: "missing.py", message: "no such file or directory", isError: true),
        ])
    }

    /// README: looping links met while walking are skipped with a warning, files as directories;
    /// a looping link named on the command line is an error.
    @Test func fileSymlinkLoopsAreSkippedWithAWarningWhileWalking() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("src/train.py", "x = 1\n")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/src/a.py", withDestinationPath: directory.path + "/src/b.py")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/src/b.py", withDestinationPath: directory.path + "/src/a.py")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/src/self", withDestinationPath: directory.path + "/src/self")
        var resolver = ConfigurationResolver(source: .none, workingDirectory: directory.path, knownCodes: ["UM302"])
        let walked = try FileDiscovery(paths: ["src"], resolver: &resolver)
        #expect(walked.files.map(\.path) == ["src/train.py"])
        let loop = "symbolic link loop: the link leads back to itself; not followed"
        #expect(walked.problems == [
            .init(path: "src/a.py", message: loop, isError: false),
            .init(path: "src/b.py", message: loop, isError: false),
            .init(path: "src/self", message: loop, isError: false),
        ])
        let named = try FileDiscovery(paths: ["src/a.py"], resolver: &resolver)
        #expect(named.files.isEmpty)
        #expect(named.problems.map(\.isError) == [true])
        #expect(named.problems.first?.message.contains("symbolic-link loop") == true)
    }
}
