import Foundation
import TestSupport
import Testing
import Workspace

@Suite struct FileDiscoveryTests {
    /// Leaves out the paths it is given (absolute) and records the directories it was asked about.
    struct ListedExclusions: ExclusionProvider {
        var excluded: Set<String>
        var asked: [String] = []

        mutating func exclusion(forDirectory path: String) -> Exclusion {
            asked.append(path)
            let excluded = excluded
            return Exclusion { excluded.contains($0) }
        }
    }

    /// A provider that fails in one directory.
    struct FailingExclusions: ExclusionProvider {
        struct Unreadable: Error, Equatable { var directory: String }
        var failing: String

        func exclusion(forDirectory path: String) throws(Unreadable) -> Exclusion {
            if path == failing { throw Unreadable(directory: path) }
            return .nothing
        }
    }

    @Test func walksSkippingHiddenJunkAndExcludes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in [
            "b.py", "a.py", "nb.ipynb", "notes.txt", "pkg/m.py", ".hidden/x.py", ".dot.py", "__pycache__/c.py",
            "venv/lib/v.py", "node_modules/n.py", "generated/g.py", "pkg/model_pb2.py", "site-packages/s.py",
        ] {
            try directory.write(file, "x = 1\n")
        }
        var exclusions = ListedExclusions(excluded: [
            directory.path + "/generated", directory.path + "/pkg/model_pb2.py",
        ])
        let discovery = FileDiscovery(paths: ["."], workingDirectory: directory.path, exclusions: &exclusions)
        #expect(discovery.files.map(\.path) == ["a.py", "b.py", "nb.ipynb", "pkg/m.py"])
        #expect(discovery.files.map(\.isNotebook) == [false, false, true, false])
        #expect(discovery.files[0].absolutePath == directory.path + "/a.py")
        #expect(discovery.problems.isEmpty)
        #expect(!discovery.isTruncated)
        // Asked once per directory entered; never about skipped, hidden or excluded ones.
        #expect(exclusions.asked == [directory.path, directory.path + "/pkg"])

        // Named explicitly, junk directories and excluded files are taken.
        let explicit = FileDiscovery(
            paths: ["site-packages", "pkg/model_pb2.py", "./a.py", "a.py"], workingDirectory: directory.path,
            exclusions: &exclusions)
        #expect(explicit.files.map(\.path) == ["a.py", "pkg/model_pb2.py", "site-packages/s.py"])
        // An absolute path under the working directory is shown relative to it.
        let absolute = FileDiscovery(paths: [directory.path + "/pkg"], workingDirectory: directory.path)
        #expect(absolute.files.map(\.path) == ["pkg/m.py", "pkg/model_pb2.py"])
    }

    @Test func aLimitStopsTheWalk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in ["a.py", "b/c.py", "b/d.py", "e.py"] { try directory.write(file, "x = 1\n") }
        let limited = FileDiscovery(paths: [directory.path], workingDirectory: "/", limit: 2)
        #expect(limited.files.count == 2)
        #expect(limited.isTruncated)
        let whole = FileDiscovery(paths: [directory.path], workingDirectory: "/", limit: 4)
        #expect(
            whole.files.map(\.absolutePath) == ["a.py", "b/c.py", "b/d.py", "e.py"].map { directory.path + "/" + $0 })
        #expect(!whole.isTruncated)
    }

    @Test func aProviderFailureStopsTheWalk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("ok/a.py", "x = 1\n")
        try directory.write("broken/b.py", "x = 1\n")
        var exclusions = FailingExclusions(failing: directory.path + "/broken")
        #expect(throws: FailingExclusions.Unreadable(directory: directory.path + "/broken")) {
            _ = try FileDiscovery(paths: ["."], workingDirectory: directory.path, exclusions: &exclusions)
        }
        let fine = try FileDiscovery(paths: ["ok"], workingDirectory: directory.path, exclusions: &exclusions)
        #expect(fine.files.map(\.path) == ["ok/a.py"])
    }

    @Test func reportsMissingPathsAndSymlinkLoops() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("loop/a.py", "x = 1\n")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/loop/again", withDestinationPath: directory.path + "/loop")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/loop/dangling.py", withDestinationPath: directory.path + "/nowhere.py")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/link.py", withDestinationPath: directory.path + "/loop/a.py")
        let discovery = FileDiscovery(paths: ["loop", "missing.py", "link.py"], workingDirectory: directory.path)
        #expect(discovery.files.map(\.path) == ["link.py", "loop/a.py"])
        #expect(
            discovery.problems == [
                .init(
                    path: "loop/again",
                    message: "symbolic link loop: leads back to a directory being checked; not followed", isError: false
                ),
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
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/src/a.py", withDestinationPath: directory.path + "/src/b.py")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/src/b.py", withDestinationPath: directory.path + "/src/a.py")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/src/self", withDestinationPath: directory.path + "/src/self")
        let walked = FileDiscovery(paths: ["src"], workingDirectory: directory.path)
        #expect(walked.files.map(\.path) == ["src/train.py"])
        let loop = "symbolic link loop: the link leads back to itself; not followed"
        #expect(
            walked.problems == [
                .init(path: "src/a.py", message: loop, isError: false),
                .init(path: "src/b.py", message: loop, isError: false),
                .init(path: "src/self", message: loop, isError: false),
            ])
        let named = FileDiscovery(paths: ["src/a.py"], workingDirectory: directory.path)
        #expect(named.files.isEmpty)
        #expect(named.problems.map(\.isError) == [true])
        #expect(named.problems.first?.message.contains("symbolic-link loop") == true)
    }
}
