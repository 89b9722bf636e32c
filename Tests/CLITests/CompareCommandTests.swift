import Foundation
import TestSupport
import Testing

/// `umlaut compare`'s command line: bad input exits 2 with the problem named and writes nothing.
/// (The pipeline itself is tested in ModelComparisonTests.)
@Suite(.serialized) struct CompareCommandTests {
    static let python: String? = {
        for candidate in [
            ProcessInfo.processInfo.environment["UMLAUT_PYTHON"], Umlaut.packageRoot + "/.venv/bin/python",
        ]
        .compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }()

    @Test func missingDataIsAnErrorAndNothingIsWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try Umlaut.run(
            ["compare", "a.pt", "b.pt", "--data", "nowhere", "--class", "cat", "--out", "report.json"],
            in: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("the data nowhere does not exist"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func badOptionsAreUsageErrors() throws {
        let result = try Umlaut.run(["compare", "a.pt", "b.pt", "--data", ".", "--class", "x", "--order", "size"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--order must be imbalance, importance or centroid-distance"))
    }

    @Test func unknownClassIsNamedWithTheDataClasses() async throws {
        guard let python = Self.python else {
            Issue.record("no Python with NumPy: set UMLAUT_PYTHON")
            return
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await offTheTestPool { () -> Umlaut.Result in
            let maker = Process()
            maker.executableURL = URL(fileURLWithPath: python)
            maker.arguments = [
                "-c",
                "import numpy as np; np.savez('data.npz', x=np.zeros((8, 8, 8, 3), np.uint8), y=np.arange(8) % 2, classes=np.array(['cat', 'dog']))",
            ]
            maker.currentDirectoryURL = URL(fileURLWithPath: directory.path)
            try maker.run()
            maker.waitUntilExit()
            return try Umlaut.run(
                ["compare", "a.pt", "b.pt", "--data", "data.npz", "--class", "bird", "--out", "report.json"],
                in: directory.path, environment: ["UMLAUT_PYTHON": python])
        }
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("the class 'bird' is not in data.npz (its classes: cat, dog)"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data.npz"])
    }
}
