import Foundation

/// Term weights as scikit-learn's `TfidfVectorizer(sublinear_tf=True)` with its defaults
/// (`smooth_idf=True`, `norm="l2"`) computes them from token lists: the vocabulary is every
/// token seen, sorted (code-point order, as Python sorts); a document's entry for a term is
/// (1 + ln tf) · idf with idf = ln((1 + n) / (1 + df)) + 1, and each row is scaled to unit
/// Euclidean norm (an empty document stays zero).
package struct TFIDF: Sendable {
    package let vocabulary: [String]
    package let inverseDocumentFrequencies: [Float]
    package let matrix: SparseMatrix

    package init(documents: [[String]]) {
        var index: [String: Int32] = [:]
        for document in documents {
            for token in document where index[token] == nil { index[token] = 0 }
        }
        let vocabulary = index.keys.sorted {
            Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value))
        }
        for (position, term) in vocabulary.enumerated() { index[term] = Int32(position) }
        var documentFrequency = [Int](repeating: 0, count: vocabulary.count)
        var counted: [[(Int32, Int)]] = []
        counted.reserveCapacity(documents.count)
        for document in documents {
            var counts: [Int32: Int] = [:]
            for token in document { counts[index[token]!, default: 0] += 1 }
            let sorted = counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (term, _) in sorted { documentFrequency[Int(term)] += 1 }
            counted.append(sorted)
        }
        let n = Double(documents.count)
        let idf = documentFrequency.map { log((1 + n) / (1 + Double($0))) + 1 }
        var starts = [0], columns: [Int32] = [], values: [Float] = []
        for row in counted {
            let weights = row.map { (1 + log(Double($0.1))) * idf[Int($0.0)] }
            let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for ((term, _), weight) in zip(row, weights) {
                columns.append(term)
                values.append(Float(norm > 0 ? weight / norm : 0))
            }
            starts.append(columns.count)
        }
        self.vocabulary = vocabulary
        inverseDocumentFrequencies = idf.map(Float.init)
        matrix = SparseMatrix(
            rows: documents.count, columns: vocabulary.count, rowStarts: starts, columnIndices: columns,
            values: values)
    }
}
