import Foundation
import ModelComparison
import TestSupport
import Testing
import VectorMath

/// The cache of the helper's output (`ComparisonCache`) and where reports go
/// (`ComparisonReports`), without Python.
@Suite struct ComparisonCacheTests {
    /// A workspace with two model files, data, and a stand-in helper directory.
    struct Workspace {
        let directory: TemporaryDirectory
        let helper: String
        var request: ComparisonRequest

        init() throws {
            directory = try TemporaryDirectory()
            helper = try directory.write("helper/umlaut_compare/pipeline.py", "print('v1')\n")
            try directory.write("helper/umlaut_compare/__pycache__/pipeline.pyc", "compiled")
            let a = try directory.write("a.pt", "weights of A")
            let b = try directory.write("b.pt", "weights of B")
            try directory.write("data/stripes/1.png", "pixels")
            try directory.write("data/plain/2.png", "other pixels")
            request = ComparisonRequest(
                models: [.init(label: "A", spec: a), .init(label: "B", spec: b)], data: directory.path + "/data",
                className: "stripes")
        }

        var helperDirectory: String { directory.path + "/helper" }

        func key(_ change: (inout ComparisonRequest) -> Void = { _ in }) throws -> String {
            var request = request
            change(&request)
            return try ComparisonCache.key(for: request, python: "/usr/bin/python3", helper: helperDirectory)
        }
    }

    @Test func theKeyFollowsWhatThePythonSideReadsAndNothingElse() throws {
        let workspace = try Workspace()
        defer { workspace.directory.remove() }
        let key = try workspace.key()
        #expect(key.count == 32)
        // What only the Swift side uses: the same key.
        #expect(try workspace.key { $0.clusters = 9 } == key)
        #expect(try workspace.key { $0.order = .centroidDistance } == key)
        #expect(try workspace.key { $0.histogramBins = 7 } == key)
        #expect(try workspace.key { $0.kmeansInitializations = 2 } == key)
        // A compiled file of the helper is not its source.
        try workspace.directory.write("helper/umlaut_compare/__pycache__/pipeline.pyc", "recompiled")
        #expect(try workspace.key() == key)
        // What the helper reads: another key.
        #expect(try workspace.key { $0.samples = 50 } != key)
        #expect(try workspace.key { $0.className = "plain" } != key)
        // Grid cells and SLIC superpixels are never mixed.
        #expect(try workspace.key { $0.segments = .slic } != key)
        #expect(try workspace.key { $0.segments = .grid } == key)
        #expect(try workspace.key { $0.models[1].preprocessing = "imagenet" } != key)
        #expect(
            try ComparisonCache.key(
                for: workspace.request, python: "/opt/other/python", helper: workspace.helperDirectory) != key)
        try workspace.directory.write("data/plain/2.png", "changed pixels")
        let afterData = try workspace.key()
        #expect(afterData != key)
        try workspace.directory.write("b.pt", "retrained B")
        let afterModel = try workspace.key()
        #expect(afterModel != afterData)
        try workspace.directory.write("helper/umlaut_compare/pipeline.py", "print('v2')\n")
        #expect(try workspace.key() != afterModel)
    }

    static func helperFiles(in directory: TemporaryDirectory, rows: Int) throws -> String {
        let output = AnalyseTests().output
        let work = directory.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try JSONEncoder().encode(output).write(to: URL(fileURLWithPath: work + "/segments.json"))
        try NumpyArrayTests.npy(shape: "(\(rows), 2)", values: (0..<(rows * 2)).map(Float.init))
            .write(to: URL(fileURLWithPath: work + "/embeddings.npy"))
        return work
    }

    @Test func anEntryIsStoredWholeAndReadBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let work = try Self.helperFiles(in: directory, rows: 4)
        let cache = ComparisonCache.inWorkspace(directory.path + "/project")
        #expect(cache.directory == directory.path + "/project/.umlaut/comparisons/cache")
        #expect(cache.load(key: "k1") == nil)
        try cache.store(key: "k1", from: work)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory) == ["k1"])
        let loaded = try #require(cache.load(key: "k1"))
        #expect(loaded.output == AnalyseTests().output)
        #expect(loaded.embeddings.rows == 4 && loaded.embeddings.columns == 2)
        // Storing again replaces the entry.
        try cache.store(key: "k1", from: work)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory) == ["k1"])
    }

    @Test func aHalfMadeEntryIsNeitherStoredNorRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let work = try Self.helperFiles(in: directory, rows: 4)
        let cache = ComparisonCache(directory: directory.path + "/cache")
        try FileManager.default.removeItem(atPath: work + "/embeddings.npy")
        #expect(throws: ComparisonError.self) { try cache.store(key: "k1", from: work) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).isEmpty)

        // An entry whose embeddings do not match its segments is removed when read.
        let mismatched = try Self.helperFiles(in: directory, rows: 3)
        try cache.store(key: "k2", from: mismatched)
        #expect(cache.load(key: "k2") == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).isEmpty)
    }

    @Test func reportsAreNamedByTimeAndClassAndNeverOverwritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let date = Date(timeIntervalSince1970: 1_796_000_000)
        let id = ComparisonReports.newID(workspace: directory.path, className: " Golden Retriever/<x>", date: date)
        #expect(id == "20261130-005320-golden-retriever-x")
        #expect(id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" })
        try directory.write(".umlaut/comparisons/\(id).json", "{}")
        let next = ComparisonReports.newID(workspace: directory.path, className: " Golden Retriever/<x>", date: date)
        #expect(next == id + "-2")
        #expect(
            ComparisonReports.path(workspace: directory.path, id: next)
                == directory.path + "/.umlaut/comparisons/\(next).json")
    }
}
