import Foundation
import Store
import TestSupport
import Testing
import VectorMath

@testable import Dashboard

/// The explore page's table, map and notes over an in-memory project index written through the
/// store's API: two groups of files with different words, so the map and its cached graph can
/// be checked against which group each file is in.
@Suite struct ExploreTests {
    /// 12 files of "vision" words and 12 of "text" words, in two projects.
    static func index(salt: String = "") throws -> (ProjectIndexDatabase, vision: [Int64], text: [Int64]) {
        let database = try ProjectIndexDatabase.inMemory()
        var groups: [[Int64]] = []
        for (name, words) in [
            ("vision <b>", "conv pool image pixel kernel stride channel resnet augment crop"),
            ("text", "token embedding vocab attention sentence bert lstm corpus padding mask"),
        ] {
            let project = try database.upsertProject(root: "/p/\(name)", name: name, source: .directory)
            let entries = (0..<12).map { n in
                let vocabulary = words.split(separator: " ")
                let body = (0..<30).map { vocabulary[($0 * (n + 1)) % vocabulary.count] }.joined(separator: " ")
                var file = IndexedFileRecord(
                    projectId: project.id!, path: "f\(n).py", kind: .py, role: n == 0 ? "training" : nil,
                    contentHash: "\(name)\(n)\(salt)", size: 10, modifiedAt: Date())
                file.lineCount = n + 1
                return IndexedFileEntry(
                    file: file,
                    features: n % 3 == 0 ? [FileFeature(.learningRate, "Adam", value: Double(n) * 1e-4)] : [],
                    mentions: n == 1 ? [FileMention(.finding, "UM101", line: 1, detail: "x")] : [],
                    searchText: "f\(n).py " + body)
            }
            groups.append(try database.replaceFiles(entries).map { $0.id! })
        }
        return (database, groups[0], groups[1])
    }

    @Test func theTableHasOneRowPerFileWithItsCells() throws {
        let (database, vision, text) = try Self.index()
        let table = try ExploreTable(database)
        #expect(table.rows.count == 24)
        #expect(Set(table.rows.map(\.id)) == Set(vision + text))
        let column = { (key: String) in ExploreTable.columns.firstIndex { $0.key == key }! }
        let first = try #require(table.rows.first { $0.key == "/p/text\nf0.py" })
        #expect(first.cells[column("role")] == .text("training"))
        #expect(first.cells[column("lr")] == .number(0))
        #expect(first.cells[column("lines")] == .number(1))
        let second = try #require(table.rows.first { $0.key == "/p/vision <b>\nf1.py" })
        #expect(second.cells[column("project")] == .text("vision <b>"))
        #expect(second.cells[column("findings")] == .number(1))
        #expect(second.cells[column("codes")] == .text("UM101"))
        #expect(second.cells[column("lr")] == ExploreTable.Cell.none)
    }

    @Test func theMapSeparatesTheGroupsAndReusesItsGraph() async throws {
        // UMAP's SGD is synchronous work: off the test pool.
        try await offTheTestPool { try Self.checkTheMap() }
    }

    static func checkTheMap() throws {
        let (database, vision, text) = try Self.index()
        let projector = ExploreProjector(threads: 1)
        let full = try projector.map(ExploreMapRequest(neighbors: 5), database: database)
        #expect(full.graph == "full")
        #expect(full.ids.count == 24 && full.x.count == 24 && full.y.count == 24)
        #expect(full.vectors.hasPrefix("tfidf-svd-"))
        // Every file is nearer the centre of its own group than the other's.
        func centre(_ ids: [Int64]) -> (Float, Float) {
            let rows = ids.map { full.ids.firstIndex(of: $0)! }
            return (
                rows.map { full.x[$0] }.reduce(0, +) / Float(rows.count),
                rows.map { full.y[$0] }.reduce(0, +) / Float(rows.count)
            )
        }
        let (cv, ct) = (centre(vision), centre(text))
        for (index, id) in full.ids.enumerated() {
            let dv = pow(full.x[index] - cv.0, 2) + pow(full.y[index] - cv.1, 2)
            let dt = pow(full.x[index] - ct.0, 2) + pow(full.y[index] - ct.1, 2)
            #expect(vision.contains(id) ? dv < dt : dt < dv)
        }
        // One group is a region of the map: its graph is cut from the kept one.
        let region = try projector.map(
            ExploreMapRequest(ids: text, neighbors: 4, minimumDistance: 0.5), database: database)
        #expect(region.graph == "cached")
        #expect(Set(region.ids) == Set(text) && region.ids.count == text.count && region.x.count == text.count)
        #expect(region.neighbors == 4 && region.minimumDistance == 0.5)
        // Asked again: the same layout, from the layout cache.
        #expect(
            try projector.map(ExploreMapRequest(ids: text, neighbors: 4, minimumDistance: 0.5), database: database)
                == region)
        // Too few files for a map: a note, no places.
        let tiny = try projector.map(ExploreMapRequest(ids: Array(text.prefix(2))), database: database)
        #expect(tiny.x.isEmpty && tiny.note != nil)
    }

    @Test func theDefaultMapIsKeptAcrossLaunchesForTheSameIndexOnly() async throws {
        try await offTheTestPool { try Self.checkTheKeptMap() }
    }

    static func checkTheKeptMap() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/explore-map.json"
        let (database, vision, _) = try Self.index()
        // The first launch projects, and keeps the default map beside the index (0600).
        let first = try ExploreProjector(threads: 1, keptMapPath: path).map(ExploreMapRequest(), database: database)
        #expect(first.graph == "full" && first.x.count == 24)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // A later launch answers from the file: a mark put into the kept map comes back.
        var stored =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
            as! [String: Any]
        var map = stored["map"] as! [String: Any]
        map["x"] = (map["x"] as! [Double]).enumerated().map { $0.offset == 0 ? 12345 : $0.element }
        stored["map"] = map
        try JSONSerialization.data(withJSONObject: stored).write(to: URL(fileURLWithPath: path))
        let second = try ExploreProjector(threads: 1, keptMapPath: path).map(
            ExploreMapRequest(neighbors: 15, minimumDistance: 0.1), database: database)
        #expect(second.x.first == 12345 && second.ids == first.ids)
        // Other knobs or a selection are projected, not read from the file.
        let other = try ExploreProjector(threads: 1, keptMapPath: path).map(
            ExploreMapRequest(neighbors: 5), database: database)
        #expect(other.neighbors == 5 && !other.x.contains(12345))
        // A changed index (one file re-indexed with other content) makes the kept map stale.
        var changed = try #require(try database.exploreFiles().first { $0.file.id == vision[0] }).file
        changed.contentHash = "changed"
        _ = try database.replaceFiles([
            IndexedFileEntry(file: changed, features: [], mentions: [], searchText: "f0.py conv pool image")
        ])
        let third = try ExploreProjector(threads: 1, keptMapPath: path).map(ExploreMapRequest(), database: database)
        #expect(!third.x.contains(12345) && third.x.count == 24)
        // An index built again from other files, though its revision and ids repeat the first
        // one's, is not taken for it; built from the same files, it is.
        try JSONSerialization.data(withJSONObject: stored).write(to: URL(fileURLWithPath: path))
        let (rebuilt, _, _) = try Self.index(salt: "-rebuilt")
        let (same, _, _) = try Self.index()
        #expect(try rebuilt.revision() == same.revision())
        let fourth = try ExploreProjector(threads: 1, keptMapPath: path).map(ExploreMapRequest(), database: rebuilt)
        #expect(!fourth.x.contains(12345) && fourth.x.count == 24)
        try JSONSerialization.data(withJSONObject: stored).write(to: URL(fileURLWithPath: path))
        let fifth = try ExploreProjector(threads: 1, keptMapPath: path).map(ExploreMapRequest(), database: same)
        #expect(fifth.x.first == 12345)
        // A damaged file is ignored and replaced.
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        let sixth = try ExploreProjector(threads: 1, keptMapPath: path).map(ExploreMapRequest(), database: database)
        #expect(sixth.x.count == 24 && !sixth.x.contains(12345))
        #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))) != nil)
    }

    @Test func aScatteredSelectionIsSearchedAgain() {
        // 4 points, k = 3; a cut-off neighbour is −1. Point 3 keeps only one neighbour.
        let graph = NeighborGraph(
            count: 4, k: 3, indices: [0, 1, 2, 1, 0, 2, 2, 1, 0, 3, -1, -1],
            distances: [0, 1, 1, 0, 1, 1, 0, 1, 1, 0, .infinity, .infinity])
        #expect(ExploreProjector.keepsNeighbours(graph, 2) == false)  // 3 of 4 keep 2: under 90%
        #expect(ExploreProjector.keepsNeighbours(graph.restricted(to: [0, 1, 2]), 3))
        #expect(ExploreProjector.keepsNeighbours(graph, 4) == false)  // more than the graph holds
    }

    @Test func notesAcceptLabelsAndSearchesAndRefuseNonsense() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("explore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = ExploreNotesFile(path: directory.appendingPathComponent("explore.json").path)
        typealias Change = ExploreNotes.Change
        let label = Change(op: "setLabel", column: "quality", key: "/p\na.py", value: "good")
        guard case .failure = try file.update(label) else {
            Issue.record("a label in a missing column was accepted")
            return
        }
        _ = try file.update(Change(op: "addColumn", column: " quality "))
        _ = try file.update(label)
        _ = try file.update(Change(op: "saveSearch", name: "mine", state: #"{"steps":[]}"#))
        guard case .failure = try file.update(Change(op: "saveSearch", name: "bad", state: "<not json>")) else {
            Issue.record("a search state that is not JSON was accepted")
            return
        }
        guard case .failure = try file.update(Change(op: "drop tables")) else {
            Issue.record("an unknown change was accepted")
            return
        }
        let notes = file.load()
        #expect(notes.labelColumns == ["quality"])
        #expect(notes.labels["quality"] == ["/p\na.py": "good"])
        #expect(notes.searches.map(\.name) == ["mine"])
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Removing the column removes its labels.
        _ = try file.update(Change(op: "removeColumn", column: "quality"))
        #expect(file.load().labels.isEmpty && file.load().labelColumns.isEmpty)
    }
}
