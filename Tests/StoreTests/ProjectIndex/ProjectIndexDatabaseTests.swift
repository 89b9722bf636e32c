import Foundation
import GRDB
import Testing

@testable import Store

/// The project index's writes and reads, on an in-memory database.
@Suite struct ProjectIndexDatabaseTests {
    static let modified = Date(timeIntervalSince1970: 1_760_000_000)

    static func file(
        _ projectId: Int64, _ path: String, hash: String = "h1", kind: IndexedFileRecord.Kind = .py
    ) -> IndexedFileRecord {
        IndexedFileRecord(
            projectId: projectId, path: path, kind: kind, contentHash: hash, size: 120, modifiedAt: modified)
    }

    @Test func aProjectIsFoundByItsRootAndUpdatedInPlace() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let first = try index.upsertProject(root: "/corpus/unet", name: "unet", source: .directory)
        let again = try index.upsertProject(root: "/corpus/unet", name: "U-Net", source: .directory)
        let other = try index.upsertProject(root: "/corpus/bert.tar.gz", name: "bert", source: .archive)
        #expect(again.id == first.id)
        #expect(again.revision > first.revision)
        #expect(other.id != first.id)
        #expect(try index.projects().map(\.name) == ["bert", "U-Net"])
        #expect(try index.project(root: "/corpus/unet")?.name == "U-Net")
        #expect(try index.project(root: "/elsewhere") == nil)
    }

    @Test func replacingAFileReplacesItsFeaturesAndKeepsItsRow() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
        let stored = try index.replaceFile(
            Self.file(project, "train.py"),
            features: [
                FileFeature(.framework, "pytorch"), FileFeature(.layer, "Conv2d", line: 4),
                FileFeature(.loss, "CrossEntropyLoss", line: 9),
            ])
        let id = try #require(stored.id)
        var changed = Self.file(project, "train.py", hash: "h2")
        changed.role = "training"
        let restored = try index.replaceFile(
            changed, features: [FileFeature(.framework, "pytorch"), FileFeature(.loss, "DiceLoss", line: 12)])

        #expect(restored.id == id)
        #expect(restored.revision > stored.revision)
        #expect(try index.files(projectId: project).map(\.role) == ["training"])
        #expect(
            try index.features(fileId: id).map(\.feature) == [
                FileFeature(.framework, "pytorch"), FileFeature(.loss, "DiceLoss", line: 12),
            ])
        #expect(try index.contentHashes(projectId: project) == ["train.py": "h2"])
    }

    @Test func aFileWhoseFeaturesCannotBeStoredKeepsItsOldRows() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
        let id = try #require(
            try index.replaceFile(Self.file(project, "a.py"), features: [FileFeature(.loss, "MSELoss", line: 3)]).id)
        let revision = try index.revision()
        #expect(throws: (any Error).self) {
            try index.replaceFile(
                Self.file(project, "a.py", hash: "h2"),
                features: [FileFeature(.loss, "L1Loss"), FileFeature(.layer, "Linear", line: 0)])
        }
        #expect(try index.contentHashes(projectId: project) == ["a.py": "h1"])
        #expect(try index.features(fileId: id).map(\.name) == ["MSELoss"])
        #expect(try index.revision() == revision)
    }

    @Test func filesChangedSinceARevisionAreTheOnesWrittenAfterIt() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
        try index.replaceFile(Self.file(project, "a.py"), features: [])
        try index.replaceFile(Self.file(project, "b.ipynb", kind: .ipynb), features: [])
        let seen = try index.revision()
        #expect(try index.files(changedAfter: seen).isEmpty)
        try index.replaceFile(Self.file(project, "a.py", hash: "h2"), features: [])
        try index.replaceFile(Self.file(project, "c.py"), features: [])
        #expect(try index.files(changedAfter: seen).map(\.path) == ["a.py", "c.py"])
        #expect(try index.files(changedAfter: 0).count == 3)
    }

    @Test func removedFilesTakeTheirFeaturesAndVectorsWithThem() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
        let gone = try #require(
            try index.replaceFile(Self.file(project, "old.py"), features: [FileFeature(.optimizer, "Adam")]).id)
        try index.replaceFile(Self.file(project, "kept.py"), features: [FileFeature(.optimizer, "SGD")])
        try index.saveEmbedding(fileId: gone, model: "m", values: [1, 2])
        try index.removeFiles(projectId: project, paths: ["old.py"])
        #expect(try index.files(projectId: project).map(\.path) == ["kept.py"])
        #expect(try index.features(fileId: gone).isEmpty)
        #expect(try index.embeddings(model: "m").isEmpty)
        let counts = try index.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM fileFeature") }
        #expect(counts == 1)
    }

    @Test func embeddingsKeepTheirFloatsAndAreDroppedWhenTheTextChanges() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
        let a = try #require(try index.replaceFile(Self.file(project, "a.py"), features: []).id)
        let b = try #require(try index.replaceFile(Self.file(project, "b.py"), features: []).id)
        let vector: [Float] = [0.25, -1.5, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 3.1415927]
        try index.saveEmbedding(fileId: a, model: "tfidf-svd-5", values: vector)
        try index.saveEmbedding(fileId: b, model: "tfidf-svd-5", values: [1, 1, 1, 1, 1])
        try index.saveEmbedding(fileId: a, model: "other-2", values: [9, 9])
        let stored = try index.embeddings(model: "tfidf-svd-5")
        #expect(stored.map(\.fileId) == [a, b])
        #expect(stored[0].values == vector)
        #expect(stored[0].dimension == 5)
        #expect(stored[0].vector.count == 20)

        // Same content: vectors kept. New content: the file's vectors are stale and go.
        try index.replaceFile(Self.file(project, "a.py"), features: [])
        #expect(try index.embeddings(model: "tfidf-svd-5").count == 2)
        try index.replaceFile(Self.file(project, "a.py", hash: "h2"), features: [])
        #expect(try index.embeddings(model: "tfidf-svd-5").map(\.fileId) == [b])
        #expect(try index.embeddings(model: "other-2").isEmpty)
    }

    @Test func aVectorWhoseLengthDisagreesWithItsDimensionIsRefused() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let project = try #require(try index.upsertProject(root: "/p", name: "p", source: .directory).id)
        let a = try #require(try index.replaceFile(Self.file(project, "a.py"), features: []).id)
        var record = EmbeddingRecord(fileId: a, model: "m", values: [1, 2, 3])
        record.dimension = 4
        #expect(throws: DatabaseError.self) { try index.writer.write { try record.insert($0) } }
    }

    @Test func aFilterCombinesFeaturesExclusionsAndValuesAndSaysWhy() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let seg = try #require(try index.upsertProject(root: "/c/seg", name: "seg", source: .directory).id)
        let cls = try #require(try index.upsertProject(root: "/c/cls", name: "cls", source: .archive).id)
        try index.replaceFile(
            Self.file(seg, "train.py"),
            features: [
                FileFeature(.framework, "pytorch"), FileFeature(.layer, "Conv2d", line: 10),
                FileFeature(.loss, "DiceLoss", line: 30),
                FileFeature(.optimizer, "Adam", line: 31), FileFeature(.learningRate, "Adam", value: 1e-4, line: 31),
                FileFeature(.dataLoader, "DataLoader", line: 40),
            ])
        try index.replaceFile(
            Self.file(seg, "train_fast.py"),
            features: [
                FileFeature(.framework, "pytorch"), FileFeature(.loss, "GeneralizedDiceLoss", line: 5),
                FileFeature(.learningRate, "SGD", value: 0.1, line: 6),
            ])
        try index.replaceFile(
            Self.file(seg, "model.py"),
            features: [FileFeature(.framework, "pytorch"), FileFeature(.layer, "Conv2d", line: 3)])
        try index.replaceFile(
            Self.file(cls, "train.py"),
            features: [
                FileFeature(.framework, "keras"), FileFeature(.layer, "Conv2D", line: 8),
                FileFeature(.loss, "categorical_crossentropy", line: 20),
            ])

        let dice = try index.files(
            matching: FileFilter([.has(.framework, .equals("PyTorch")), .has(.loss, .contains("dice"))]))
        #expect(dice.map(\.file.path) == ["train.py", "train_fast.py"])
        #expect(dice.allSatisfy { $0.project.name == "seg" })
        #expect(dice[0].evidence.map(\.name) == ["pytorch", "DiceLoss"])
        #expect(dice[0].evidence.map(\.line) == [nil, 30])

        let slow = try index.files(
            matching: FileFilter([.has(.loss, .contains("dice")), .value(.learningRate, .less, 1e-3)]))
        #expect(slow.map(\.file.path) == ["train.py"])
        #expect(slow[0].evidence.map(\.kind) == [.loss, .learningRate])

        let convWithoutLoss = try index.files(
            matching: FileFilter([.has(.layer, .equals("conv2d")), .lacks(.loss, .contains(""))]))
        #expect(convWithoutLoss.map { "\($0.project.name)/\($0.file.path)" } == ["seg/model.py"])

        let notPyTorch = try index.files(matching: FileFilter([.lacks(.framework, .equals("pytorch"))]))
        #expect(notPyTorch.map { "\($0.project.name)/\($0.file.path)" } == ["cls/train.py"])
        #expect(notPyTorch[0].evidence.isEmpty)

        #expect(try index.files(matching: FileFilter([], projectId: cls)).map(\.file.path) == ["train.py"])
        #expect(try index.files(matching: FileFilter([])).count == 4)
        #expect(try index.files(matching: FileFilter([.has(.loss, .equals("dice"))])).isEmpty, "equals is not contains")
    }

    @Test func aFilterUsesTheFeatureIndex() throws {
        let index = try ProjectIndexDatabase.inMemory()
        let plan = try index.writer.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT 1 FROM fileFeature f WHERE f.kind = 'loss' AND f.name = 'DiceLoss'"
            )
            .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("fileFeature_on_kind_name") }, "\(plan)")
    }
}
