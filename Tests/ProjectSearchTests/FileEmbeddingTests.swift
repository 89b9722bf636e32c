import Foundation
import ProjectSearch
import Store
import TestSupport
import Testing

/// File vectors (TF-IDF + truncated SVD) computed at index time, stored with the model that
/// projects new files, and "files like this one" by cosine distance.
@Suite struct FileEmbeddingTests {
    /// The two-project corpus indexed into a fresh index, vectors computed.
    static func indexed(_ directory: TemporaryDirectory) async throws -> (ProjectIndexDatabase, FileEmbedding.Outcome) {
        let corpus = try Corpus.write(in: directory)
        let database = try ProjectIndexDatabase.inMemory()
        let outcome = try await offTheTestPool {
            let (projects, _) = ProjectSource.find(paths: [corpus], workingDirectory: "/")
            for project in projects { _ = try ProjectIndexer(database: database, jobs: 2).index(project) }
            return try FileEmbedding.refresh(database)
        }
        return (database, outcome)
    }

    @Test func vectorsAreFittedAtIndexTimeAndTheStoredModelReproducesThem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, outcome) = try await Self.indexed(directory)
        // Four files: at most three components.
        #expect(outcome == FileEmbedding.Outcome(refitted: true, written: 4, dimension: 3))
        let model = try #require(try database.embeddingModel(name: FileEmbedding.modelName))
        #expect(model.fileCount == 4)
        #expect(model.vocabulary.contains("dice") && model.vocabulary.contains("mnist"))
        #expect(model.axes.count == 3 * model.vocabulary.count)
        let embeddings = try database.embeddings(model: FileEmbedding.modelName)
        #expect(embeddings.count == 4)
        // Projecting a file's stored terms with the stored model gives the vector of the fit.
        let terms = Dictionary(uniqueKeysWithValues: try database.fileTerms().map { ($0.fileId, $0.terms) })
        for embedding in embeddings {
            let projected = FileEmbedding.project(FileTerms.decode(try #require(terms[embedding.fileId])), with: model)
            let stored = embedding.values
            let scale = stored.map { abs($0) }.max() ?? 1
            for (a, b) in zip(projected, stored) {
                #expect(abs(a - b) <= 1e-3 * max(scale, 1e-6), "\(projected) vs \(stored)")
            }
        }
        #expect(try database.filesWithoutEmbedding(model: FileEmbedding.modelName).isEmpty)
    }

    @Test func theNearestFileToANewSegmentationScriptIsTheSegmentationTraining() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try await Self.indexed(directory)
        let query = try directory.write(
            "elsewhere/fit_unet.py",
            """
            import torch
            from torch import nn, optim

            class SoftDiceLoss(nn.Module):
                def forward(self, prediction, target):
                    intersection = (prediction * target).sum()
                    return 1 - 2 * intersection / (prediction.sum() + target.sum())

            criterion = SoftDiceLoss()
            optimizer = optim.Adam(net.parameters(), lr=3e-4)
            for image, mask in loader:
                optimizer.zero_grad()
                loss = criterion(net(image), mask)
                loss.backward()
                optimizer.step()
            """)
        let result = try SimilarFiles.like(path: query, in: database, limit: 10)
        #expect(!result.usedStoredVector)
        #expect(result.filesWithoutVector == 0)
        #expect(result.hits.count == 4)
        #expect(result.hits.first?.path == "train.py" && result.hits.first?.project == "segnet")
        let distances = result.hits.compactMap(\.distance)
        #expect(distances == distances.sorted())
        #expect(result.hits.first?.reasons.first?.hasPrefix("like fit_unet.py: cosine distance ") == true)

        // An indexed file uses its stored vector and is not its own neighbour.
        let indexed = directory.path + "/corpus/segnet/train.py"
        let own = try SimilarFiles.like(path: indexed, in: database, limit: 10)
        #expect(own.usedStoredVector)
        #expect(own.hits.count == 3)
        #expect(!own.hits.contains { $0.project == "segnet" && $0.path == "train.py" })
    }

    @Test func aChangedFileIsProjectedWithTheStoredModelUntilARefit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try await Self.indexed(directory)
        let fitted = try #require(try database.embeddingModel(name: FileEmbedding.modelName))
        try directory.write("corpus/segnet/utils/helpers.py", "def mean(values, dice):\n    return sum(values)\n")
        let corpus = directory.path + "/corpus"
        let folded = try await offTheTestPool {
            let (projects, _) = ProjectSource.find(paths: [corpus], workingDirectory: "/")
            for project in projects { _ = try ProjectIndexer(database: database, jobs: 1).index(project) }
            #expect(try database.filesWithoutEmbedding(model: FileEmbedding.modelName).count == 1)
            return try FileEmbedding.refresh(database, refitShare: 0.5)
        }
        #expect(folded == FileEmbedding.Outcome(refitted: false, written: 1, dimension: 3))
        #expect(try database.embeddingModel(name: FileEmbedding.modelName) == fitted)
        #expect(try database.embeddings(model: FileEmbedding.modelName).count == 4)
        let refitted = try FileEmbedding.refresh(database)
        #expect(refitted == FileEmbedding.Outcome(refitted: false, written: 0, dimension: 3))
        let forced = try FileEmbedding.refresh(database, refit: true)
        #expect(forced.refitted && forced.written == 4)
        #expect(try database.embeddingModel(name: FileEmbedding.modelName)?.revision ?? 0 > fitted.revision)
    }

    /// The editor's cancel: no file is analysed after it, the files written stay, and nothing
    /// is forgotten as gone (the files not reached are still in the index).
    @Test func aCancelledIndexingStopsAndForgetsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try await Self.indexed(directory)
        let before = try database.projects().map { try database.files(projectId: $0.id!).map(\.path) }
        try directory.write("corpus/segnet/extra.py", "import torch\n")
        let corpus = directory.path + "/corpus"
        try await offTheTestPool {
            let (projects, _) = ProjectSource.find(paths: [corpus], workingDirectory: "/")
            var indexer = ProjectIndexer(database: database, jobs: 2)
            indexer.isCancelled = { true }
            for project in projects {
                #expect(throws: ProjectIndexerCancelled.self) { try indexer.index(project) }
            }
        }
        #expect(try database.projects().map { try database.files(projectId: $0.id!).map(\.path) } == before)
    }

    @Test func tooFewFilesGiveNoVectorsAndSaySo() throws {
        let database = try ProjectIndexDatabase.inMemory()
        let outcome = try FileEmbedding.refresh(database)
        #expect(outcome.problem == "0 files with words: too few to fit")
        #expect(outcome.summary == "file vectors: none (0 files with words: too few to fit)")
        #expect(throws: SimilarFilesError.self) {
            try SimilarFiles.like(path: "/nonexistent.py", in: database, limit: 5)
        }
    }
}

@Suite struct SymbolQueryTests {
    @Test func fieldTermsBecomeConditionsAndWordsPrefixText() {
        let query = SymbolQuery.parse("loss:dice framework:PyTorch unet")
        #expect(query.text == "\"unet\"*")
        #expect(
            query.filter
                == .and(
                    .condition(SearchCondition(.loss, .contains, .text("dice"))),
                    .condition(SearchCondition(.framework, .contains, .text("PyTorch")))))
    }

    @Test func numbersExclusionsAndWhatIsNotAField() {
        let query = SymbolQuery.parse("lr:<1e-3 -framework:keras colour:red lr:fast")
        #expect(query.text == "\"colour\" \"red\"* \"lr\" \"fast\"*")
        #expect(
            query.filter
                == .and(
                    .condition(SearchCondition(.lr, .less, .number(1e-3))),
                    .not(.condition(SearchCondition(.framework, .contains, .text("keras"))))))
        #expect(SymbolQuery.parse("   ").isEmpty)
        #expect(SymbolQuery.parse("loss:").text == "\"loss\"")
    }
}
