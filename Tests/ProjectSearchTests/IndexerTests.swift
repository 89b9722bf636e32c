import Foundation
import GRDB
import ProjectSearch
import Store
import TestSupport
import Testing

/// Two small projects built in the test: a PyTorch U-Net trained with a Dice loss, and a Keras
/// CNN on MNIST.
enum Corpus {
    static let segmentationModel = """
        import torch
        import torch.nn as nn


        class UNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.down = nn.Conv2d(3, 16, 3, padding=1)
                self.act = nn.ReLU()
                self.up = nn.Conv2d(16, 1, 1)

            def forward(self, x):
                return self.up(self.act(self.down(x)))

        """

    static let segmentationTraining = """
        import torch
        from torch import nn, optim
        from model import UNet


        class DiceLoss(nn.Module):
            def forward(self, prediction, target):
                intersection = (prediction * target).sum()
                return 1 - 2 * intersection / (prediction.sum() + target.sum() + 1e-6)


        net = UNet()
        criterion = DiceLoss()
        optimizer = optim.Adam(net.parameters(), lr=1e-4)
        indices_loss = None
        for image, mask in []:
            optimizer.zero_grad()
            loss = criterion(net(image), mask)
            loss.backward()
            optimizer.step()

        """

    static let mnistTraining = """
        from tensorflow import keras
        from tensorflow.keras import layers

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train, epochs=1)

        """

    static let mit = """
        MIT License

        Permission is hereby granted, free of charge, to any person obtaining a copy of this software.
        """

    /// Writes both projects under `directory/corpus`, returns the corpus directory.
    static func write(in directory: TemporaryDirectory) throws -> String {
        try directory.write(
            "corpus/segnet/README.md",
            """
            # SegNet demo

            [![build](https://example.com/badge.svg)](https://example.com)

            A **PyTorch** U-Net for medical image segmentation, after
            [Ronneberger et al.](https://arxiv.org/abs/1505.04597) (arXiv:1505.04597).

            ## Usage
            """)
        try directory.write("corpus/segnet/LICENSE", mit)
        try directory.write("corpus/segnet/model.py", segmentationModel)
        try directory.write("corpus/segnet/train.py", segmentationTraining)
        try directory.write(
            "corpus/segnet/utils/helpers.py", "def mean(values):\n    return sum(values) / len(values)\n")
        try directory.write(
            "corpus/mnist-cnn/README.md", "MNIST CNN\n=========\n\nA Keras CNN that classifies MNIST digits.\n")
        try directory.write("corpus/mnist-cnn/train.py", mnistTraining)
        return directory.path + "/corpus"
    }
}

@Suite struct IndexerTests {
    @Test func indexesProjectsAndTheirAttributes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let corpus = try Corpus.write(in: directory)
        let database = try ProjectIndexDatabase.inMemory()
        let reports = try await offTheTestPool {
            let (projects, problems) = ProjectSource.find(paths: [corpus], workingDirectory: "/")
            #expect(problems.isEmpty)
            #expect(projects.map(\.name) == ["mnist-cnn", "segnet"])
            return try projects.map { try ProjectIndexer(database: database, jobs: 2).index($0) }
        }
        #expect(reports.map(\.analysed) == [1, 3])

        let projects = try database.projects()
        let segnet = try #require(projects.first { $0.name == "segnet" })
        #expect(segnet.title == "SegNet demo")
        #expect(
            segnet.summary
                == "A PyTorch U-Net for medical image segmentation, after Ronneberger et al. (arXiv:1505.04597).")
        #expect(segnet.licence == "MIT")
        #expect(segnet.fileCount == 3)
        let attributes = try database.attributes(projectId: try #require(segnet.id))
        func values(_ kind: ProjectAttribute.Kind, _ list: [ProjectAttribute]) -> Set<String> {
            Set(list.filter { $0.kind == kind }.map(\.value))
        }
        #expect(values(.framework, attributes) == ["pytorch"])
        #expect(values(.task, attributes) == ["segmentation"])
        #expect(values(.domain, attributes) == ["vision"])
        #expect(values(.model, attributes).contains("U-Net"))
        #expect(values(.reference, attributes) == ["arXiv:1505.04597"])
        let task = try #require(attributes.first { $0.kind == .task })
        #expect(task.evidence.contains("DiceLoss"))

        let files = try database.files(projectId: try #require(segnet.id))
        #expect(files.map(\.path) == ["model.py", "train.py", "utils/helpers.py"])
        #expect(files.map(\.role) == ["model", "training", "utilities"])
        let trainFeatures = try database.features(fileId: try #require(files[1].id))
        #expect(trainFeatures.contains { $0.kind == .loss && $0.name == "DiceLoss" && $0.line == 6 })
        #expect(!trainFeatures.contains { $0.name == "indices_loss" })
        #expect(trainFeatures.contains { $0.kind == .learningRate && $0.name == "Adam" && $0.value == 1e-4 })
        let modelFeatures = try database.features(fileId: try #require(files[0].id))
        #expect(modelFeatures.filter { $0.kind == .layer }.map(\.name) == ["Conv2d", "ReLU", "Conv2d"])

        let mnist = try #require(projects.first { $0.name == "mnist-cnn" })
        #expect(mnist.title == "MNIST CNN")
        let mnistAttributes = try database.attributes(projectId: try #require(mnist.id))
        #expect(values(.dataset, mnistAttributes) == ["MNIST"])
        #expect(values(.framework, mnistAttributes) == ["keras", "tensorflow"])
        #expect(values(.domain, mnistAttributes) == ["vision"])
        #expect(values(.task, mnistAttributes) == ["classification"])
        let mnistId = try #require(mnist.id)
        let mnistFile = try #require(try database.files(projectId: mnistId).first)
        // Adam at 0.01 is within UM301's range; the raw MNIST pixels reach training unscaled.
        let findings = try database.mentions(fileId: try #require(mnistFile.id)).filter { $0.kind == .finding }
        #expect(findings.map(\.name) == ["UM201"])
    }

    @Test func searchesByAttributesAndText() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let corpus = try Corpus.write(in: directory)
        let database = try ProjectIndexDatabase.inMemory()
        try await offTheTestPool {
            for project in ProjectSource.find(paths: [corpus], workingDirectory: "/").projects {
                _ = try ProjectIndexer(database: database, jobs: 2).index(project)
            }
        }
        let filter = try QueryParser.parse("framework = pytorch and loss ~ dice and lr < 1e-3")
        let hits = try database.search(text: nil, filter: filter, limit: 10)
        #expect(hits.map(\.path) == ["train.py"])
        #expect(hits.first?.project == "segnet")
        #expect(hits.first?.line == 6)
        // `indices_loss` holds "dice" but not as a word of its own: not a Dice loss.
        #expect(hits.first?.reasons.contains("loss ~ dice: DiceLoss (line 6)") == true)
        #expect(hits.first?.reasons.contains { $0.hasPrefix("lr < 0.001: Adam 0.0001 (line 14)") } == true)

        // Exclusions and project attributes.
        let keras = try database.search(
            text: nil, filter: try QueryParser.parse("dataset = mnist and not framework = pytorch"), limit: 10)
        #expect(keras.map(\.project) == ["mnist-cnn"])
        let notDice = try database.search(
            text: nil, filter: try QueryParser.parse("task = segmentation and loss != DiceLoss"), limit: 10)
        #expect(notDice.map(\.path) == ["model.py", "utils/helpers.py"])
        let findings = try database.search(
            text: nil, filter: try QueryParser.parse("finding = UM201 or role = model"), limit: 10)
        #expect(findings.map(\.project) == ["mnist-cnn", "segnet"])
        #expect(findings.map(\.path) == ["train.py", "model.py"])
        // The finding's summary follows its code and line.
        #expect(findings.first?.reasons.count == 1)
        #expect(findings.first?.reasons.first?.hasPrefix("finding = UM201: UM201 (line 4) ") == true)

        // Full text: a README word finds the project, an identifier's sub-word finds the file.
        let readme = try database.search(text: TextQuery.fts("medical segmentation"), filter: nil, limit: 10)
        #expect(readme.first?.project == "segnet")
        #expect(readme.first?.path == nil)
        let identifier = try database.search(text: TextQuery.fts("intersection"), filter: nil, limit: 10)
        #expect(identifier.map(\.path) == ["train.py"])
        #expect(identifier.first?.snippet?.contains("[intersection]") == true)
        let both = try database.search(
            text: TextQuery.fts("conv2d"), filter: try QueryParser.parse("framework = keras"), limit: 10)
        #expect(both.map(\.project) == ["mnist-cnn"])
    }

    /// The corpus's segnet project indexed into a fresh in-memory index.
    static func indexedSegnet(
        in directory: TemporaryDirectory
    ) async throws -> (
        corpus: String, database: ProjectIndexDatabase, project: ProjectSource, indexer: ProjectIndexer,
        projectId: Int64
    ) {
        let corpus = try Corpus.write(in: directory)
        let database = try ProjectIndexDatabase.inMemory()
        let project = ProjectSource.directory(corpus + "/segnet")
        let indexer = ProjectIndexer(database: database, jobs: 2)
        _ = try await offTheTestPool { try indexer.index(project) }
        let projectId = try #require(try database.project(root: corpus + "/segnet")?.id)
        return (corpus, database, project, indexer, projectId)
    }

    /// A condition every file of a project meets through the project (`task = segmentation`)
    /// shows each project's best file first, round-robin, instead of one project's every file;
    /// a file that meets a condition by its own rows ranks above its project's other files.
    @Test func filteredResultsGoRoundTheProjectsBestFileFirst() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in ["p1", "p2", "p3"] {
            try directory.write("corpus/\(name)/README.md", "# \(name)\n\nA PyTorch U-Net for image segmentation.\n")
            try directory.write(
                "corpus/\(name)/a_helpers.py", "def mean(values):\n    return sum(values) / len(values)\n")
            try directory.write("corpus/\(name)/model.py", Corpus.segmentationModel)
            try directory.write("corpus/\(name)/tests/test_model.py", "def test_nothing():\n    assert True\n")
            try directory.write("corpus/\(name)/train.py", Corpus.segmentationTraining)
        }
        try directory.write("corpus/p2/README.md", "# p2\n\nA PyTorch U-Net for image segmentation, trained on COCO.\n")
        try directory.write(
            "corpus/p2/zz_data.py",
            "from torchvision.datasets import CocoDetection\n\n\ndef load_coco(root):\n    return CocoDetection(root, root)\n"
        )
        let database = try ProjectIndexDatabase.inMemory()
        try await offTheTestPool {
            for project in ProjectSource.find(paths: [directory.path + "/corpus"], workingDirectory: "/").projects {
                _ = try ProjectIndexer(database: database, jobs: 2).index(project)
            }
        }
        let segmentation = try QueryParser.parse("task = segmentation")
        let first = try database.search(text: nil, filter: segmentation, limit: 3)
        // Each project's training script, not p1's four files.
        #expect(first.map(\.project) == ["p1", "p2", "p3"])
        #expect(first.map(\.path) == ["train.py", "train.py", "train.py"])
        let all = try database.search(text: nil, filter: segmentation, limit: 20)
        #expect(all.count == 13)
        #expect(all[3..<6].map(\.path) == ["model.py", "model.py", "model.py"])
        // Tests come last in every project.
        for name in ["p1", "p2", "p3"] {
            #expect(all.last { $0.project == name }?.path == "tests/test_model.py")
        }

        // The file that names COCO ranks above the files that match through p2's attribute.
        let coco = try database.search(
            text: nil, filter: try QueryParser.parse("task = segmentation and dataset = COCO"), limit: 20)
        #expect(Set(coco.map(\.project)) == ["p2"])
        #expect(coco.first?.path == "zz_data.py")
        #expect(coco.first?.reasons.contains { $0.hasPrefix("dataset = COCO: COCO (line") } == true)
        #expect(coco.dropFirst().first?.path == "train.py")
    }

    @Test func reindexingTouchesOnlyTheChangedFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (corpus, database, project, indexer, projectId) = try await Self.indexedSegnet(in: directory)
        let before = Dictionary(
            uniqueKeysWithValues: try database.files(projectId: projectId).map { ($0.path, $0.revision) })

        try directory.write("corpus/segnet/model.py", Corpus.segmentationModel + "\nextra = nn.Linear(4, 2)\n")
        try FileManager.default.removeItem(atPath: corpus + "/segnet/utils/helpers.py")
        let report = try await offTheTestPool { try indexer.index(project) }
        #expect(report.analysed == 1)
        #expect(report.unchanged == 1)
        #expect(report.removed == ["utils/helpers.py"])
        let after = Dictionary(
            uniqueKeysWithValues: try database.files(projectId: projectId).map { ($0.path, $0.revision) })
        #expect(after.keys.sorted() == ["model.py", "train.py"])
        #expect(after["train.py"] == before["train.py"])
        #expect(after["model.py"]! > before["model.py"]!)
        #expect(
            try database.search(text: TextQuery.fts("helpers"), filter: nil, limit: 5).allSatisfy { $0.path == nil })

        let again = try await offTheTestPool { try indexer.index(project) }
        #expect(again.analysed == 0)
        #expect(again.unchanged == 2)
    }

    /// A file an earlier analysis read (its hash kept without this `analysisVersion`) counts as
    /// changed: the next index analyses it again instead of keeping what the earlier analysis
    /// found (model families defined, say) for as long as the file does not change.
    @Test func filesAnEarlierAnalysisReadAreAnalysedAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (corpus, database, project, indexer, projectId) = try await Self.indexedSegnet(in: directory)
        let files = try database.files(projectId: projectId)
        #expect(files.allSatisfy { $0.contentHash.hasSuffix("-a\(FileAnalyzer.analysisVersion)") })
        // As an index written before the stamp keeps them: the bytes' hash alone.
        try await database.writer.write { db in
            for file in files {
                let bytes = try #require(FileManager.default.contents(atPath: corpus + "/segnet/" + file.path))
                try db.execute(
                    sql: "UPDATE file SET contentHash = ? WHERE id = ?",
                    arguments: [ContentHash.of(Array(bytes)), file.id])
            }
        }
        let report = try await offTheTestPool { try indexer.index(project) }
        #expect(report.analysed == files.count && report.unchanged == 0)
        let again = try await offTheTestPool { try indexer.index(project) }
        #expect(again.analysed == 0 && again.unchanged == files.count)
    }
}
