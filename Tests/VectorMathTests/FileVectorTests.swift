import Foundation
import TestSupport
import Testing

@testable import VectorMath

/// The file-vector baseline: identifier sub-tokens, TF-IDF and the randomized truncated SVD,
/// the last two against scikit-learn's `TfidfVectorizer(sublinear_tf=True)` and
/// `TruncatedSVD(algorithm="randomized")` on the same token lists (`Python/reference.py`).
@Suite struct FileVectorTests {
    @Test func identifiersSplitIntoLowercaseSubTokensWithoutKeywordsOrSingleLetters() {
        let source = """
            def train_model(xTrain, HTTPServer2, y):  # is_valid
                return Conv2DLayer(num_classes=10, __init__=True)
            """
        #expect(
            IdentifierTokens.tokens(in: source) == [
                "train", "model", "train", "http", "server", "valid", "conv", "layer", "num", "classes", "init",
            ])
        #expect(
            IdentifierTokens.tokens(in: "getHTTPResponseCode _private_x lstm_128_units") == [
                "get", "http", "response", "code", "private", "lstm", "128", "units",
            ])
        #expect(IdentifierTokens.tokens(in: "") == [])
    }

    @Test func tfidfMatchesScikitLearnsSublinearL2Weights() throws {
        let reference = try ScikitLearnReferenceTests.reference.get()
        let documents = try reference.documents()
        let tfidf = TFIDF(documents: documents)
        let vocabulary = try #require(reference.shapes["tfidf_vocabulary"] as? Double)
        #expect(tfidf.vocabulary.count == Int(vocabulary))
        #expect(tfidf.vocabulary == tfidf.vocabulary.sorted())
        let dense = try reference.float64("tfidf_dense")
        #expect(dense.count == documents.count * tfidf.vocabulary.count)
        var worst = 0.0
        for row in 0..<documents.count {
            for column in 0..<tfidf.vocabulary.count {
                worst = max(
                    worst, abs(Double(tfidf.matrix[row, column]) - dense[row * tfidf.vocabulary.count + column]))
            }
        }
        #expect(worst < 1e-6, "largest difference \(worst)")
        // The empty document is a zero row.
        #expect(tfidf.matrix.rowStarts[documents.count] == tfidf.matrix.rowStarts[documents.count - 1])
    }

    @Test func truncatedSVDAgreesWithScikitLearnsRandomizedOne() async throws {
        let reference = try ScikitLearnReferenceTests.reference.get()
        let tfidf = TFIDF(documents: try reference.documents())
        let result = try await offTheTestPool { try TruncatedSVD(components: 12, seed: 3).fit(tfidf.matrix) }
        let singular = try reference.float64("svd_singular_values")
        let variance = try reference.float64("svd_explained_variance")
        let ratio = try reference.float64("svd_explained_variance_ratio")
        for c in 0..<12 {
            #expect(
                abs(Double(result.singularValues[c]) - singular[c]) <= 0.01 * singular[c],
                "σ\(c): \(result.singularValues[c]) vs \(singular[c])")
            #expect(
                abs(result.explainedVariance[c] - variance[c]) <= 0.02 * variance[c] + 1e-5,
                "variance \(c): \(result.explainedVariance[c]) vs \(variance[c])")
        }
        #expect(abs(result.explainedVarianceRatio.reduce(0, +) - ratio.reduce(0, +)) < 0.005)
        // The reduced rows are U·Σ: column c has norm σ_c, and the axes (Vᵀ's rows) are orthonormal.
        for c in 0..<12 {
            let norm = (0..<tfidf.matrix.rows).reduce(0.0) {
                $0 + Double(result.embedding[$1, c] * result.embedding[$1, c])
            }
            #expect(abs(norm.squareRoot() - Double(result.singularValues[c])) < 1e-3 * Double(result.singularValues[c]))
            for other in 0..<12 {
                let dot = zip(result.axes.row(c), result.axes.row(other)).reduce(0) { $0 + Double($1.0) * Double($1.1) }
                #expect(abs(dot - (c == other ? 1 : 0)) < 1e-3)
            }
        }
    }
}

extension Reference {
    func documents() throws -> [[String]] {
        try JSONDecoder().decode(
            [[String]].self, from: Data(contentsOf: directory.appendingPathComponent("documents.json")))
    }
}
