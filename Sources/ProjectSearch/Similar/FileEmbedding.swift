import Foundation
import Store
import VectorMath

/// The file vectors of `umlaut search --like` and the editor's "find files like this one":
/// identifier sub-token TF-IDF (`VectorMath.TFIDF`, sublinear) reduced by a randomized truncated
/// SVD (`VectorMath.TruncatedSVD`) to at most `maximumDimension` components, fitted over every
/// file of the index. The fitted vocabulary, idf weights and SVD axes are stored
/// (`EmbeddingModelRecord`) so that a file outside the fit is projected into the same space.
///
/// When the index changes: a changed file's vector is dropped with its old rows (Store), and
/// `refresh` after indexing projects the new and changed files with the stored model, until
/// more than `refitShare` of the files it was fitted on are new, then fits again over all
/// files (a new vocabulary; every vector rewritten). Files without a vector (indexing
/// interrupted before `refresh`) are not candidates of a search, which says how many.
package enum FileEmbedding {
    package static let modelName = "tfidf-svd"
    package static let maximumDimension = 64
    /// Terms kept: those in at least two files (from 20 files on), the most frequent first.
    package static let maximumVocabulary = 20_000
    package static let refitShare = 0.1

    /// What `refresh` did.
    package struct Outcome: Sendable, Equatable {
        /// Whether the model was fitted again (else new files were projected with the stored one).
        package var refitted = false
        /// Vectors written.
        package var written = 0
        package var dimension = 0
        /// Why there are no vectors, when there are none.
        package var problem: String?

        package init(refitted: Bool = false, written: Int = 0, dimension: Int = 0, problem: String? = nil) {
            self.refitted = refitted
            self.written = written
            self.dimension = dimension
            self.problem = problem
        }

        package var summary: String {
            if let problem { return "file vectors: none (\(problem))" }
            if refitted { return "file vectors: fitted on \(written) files (\(dimension) dimensions)" }
            return written == 0
                ? "file vectors: up to date" : "file vectors: \(written) new or changed files projected"
        }
    }

    /// Brings the index's vectors up to date with its files (see the type's description).
    package static func refresh(
        _ database: ProjectIndexDatabase, refit: Bool = false, refitShare: Double = FileEmbedding.refitShare
    ) throws -> Outcome {
        let missing = try database.filesWithoutEmbedding(model: modelName)
        let stored = try database.embeddingModel(name: modelName)
        if let stored, !refit, Double(missing.count) <= Double(stored.fileCount) * refitShare {
            guard !missing.isEmpty else { return Outcome(dimension: stored.dimension) }
            let wanted = Set(missing)
            let vectors = try database.fileTerms().filter { wanted.contains($0.fileId) }.map {
                (fileId: $0.fileId, values: project(FileTerms.decode($0.terms), with: stored))
            }
            try database.saveEmbeddings(name: modelName, model: nil, vectors: vectors)
            return Outcome(written: vectors.count, dimension: stored.dimension)
        }
        let files = try database.fileTerms()
        let revision = try database.revision()
        guard let fitted = fit(files.map { FileTerms.decode($0.terms) }, revision: revision) else {
            return Outcome(problem: "\(files.count) file\(files.count == 1 ? "" : "s") with words: too few to fit")
        }
        let vectors = zip(files, fitted.vectors).map { (fileId: $0.0.fileId, values: $0.1) }
        try database.saveEmbeddings(name: modelName, model: fitted.model, vectors: vectors)
        return Outcome(refitted: true, written: vectors.count, dimension: fitted.model.dimension)
    }

    /// Fits the model on these files' terms: nil when there are too few files or words for
    /// one component.
    package static func fit(
        _ documents: [[String: Int]], revision: Int64
    ) -> (model: EmbeddingModelRecord, vectors: [[Float]])? {
        var documentFrequency: [String: Int] = [:]
        for document in documents { for term in document.keys { documentFrequency[term, default: 0] += 1 } }
        let minimum = documents.count >= 20 ? 2 : 1
        let kept = Set(
            documentFrequency.filter { $0.value >= minimum }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(maximumVocabulary).map(\.key))
        let tokens = documents.map { document in
            document.keys.sorted().filter(kept.contains).flatMap { Array(repeating: $0, count: document[$0]!) }
        }
        let tfidf = TFIDF(documents: tokens)
        let components = min(maximumDimension, documents.count - 1, tfidf.vocabulary.count - 1)
        guard components >= 1,
            let result = try? TruncatedSVD(components: components).fit(tfidf.matrix)
        else { return nil }
        let n = result.embedding.rows, d = result.embedding.columns
        let vectors = (0..<n).map { Array(result.embedding.values[($0 * d)..<(($0 + 1) * d)]) }
        let model = EmbeddingModelRecord(
            name: modelName, dimension: d, vocabulary: tfidf.vocabulary,
            inverseDocumentFrequencies: tfidf.inverseDocumentFrequencies, axes: result.axes.values,
            fileCount: documents.count, revision: revision)
        return (model, vectors)
    }

    /// A file's vector in the model's space: its TF-IDF row (sublinear counts times the stored
    /// idf, unit length, terms outside the vocabulary ignored) times the SVD's axes, as the
    /// fit's rows are (U·Σ = A·V).
    package static func project(_ terms: [String: Int], with model: EmbeddingModelRecord) -> [Float] {
        var column: [String: Int] = [:]
        column.reserveCapacity(model.vocabulary.count)
        for (index, term) in model.vocabulary.enumerated() { column[term] = index }
        var entries: [(Int, Double)] = []
        for (term, count) in terms where count > 0 {
            guard let index = column[term] else { continue }
            entries.append((index, (1 + log(Double(count))) * Double(model.inverseDocumentFrequencies[index])))
        }
        let norm = entries.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
        var vector = [Float](repeating: 0, count: model.dimension)
        guard norm > 0 else { return vector }
        let width = model.vocabulary.count
        for c in 0..<model.dimension {
            var sum = 0.0
            for (index, weight) in entries { sum += Double(model.axes[c * width + index]) * weight }
            vector[c] = Float(sum / norm)
        }
        return vector
    }

    /// Cosine distance (1 − cos; 1 when either vector is zero, as scikit-learn).
    package static func cosineDistance(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, aa = 0.0, bb = 0.0
        for i in 0..<min(a.count, b.count) {
            dot += Double(a[i]) * Double(b[i])
            aa += Double(a[i]) * Double(a[i])
            bb += Double(b[i]) * Double(b[i])
        }
        guard aa > 0, bb > 0 else { return 1 }
        return max(0, 1 - dot / (aa.squareRoot() * bb.squareRoot()))
    }
}
