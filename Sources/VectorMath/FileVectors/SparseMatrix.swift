/// A sparse `rows × columns` matrix of `Float` in compressed sparse row form (SciPy's CSR):
/// row `i`'s entries are `values[rowStarts[i] ..< rowStarts[i + 1]]` at columns
/// `columnIndices[...]`, columns ascending within a row.
package struct SparseMatrix: Sendable, Equatable {
    package let rows: Int
    package let columns: Int
    package let rowStarts: [Int]
    package let columnIndices: [Int32]
    package let values: [Float]

    package init(rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Float]) {
        precondition(rowStarts.count == rows + 1 && columnIndices.count == values.count, "SparseMatrix: shape")
        self.rows = rows
        self.columns = columns
        self.rowStarts = rowStarts
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The entry at `row`, `column` (0 when not stored).
    package subscript(row: Int, column: Int) -> Float {
        for e in rowStarts[row]..<rowStarts[row + 1] where columnIndices[e] == Int32(column) { return values[e] }
        return 0
    }

    /// The transpose, also in CSR form (the columns of this matrix, as rows).
    package func transposed() -> SparseMatrix {
        var starts = [Int](repeating: 0, count: columns + 1)
        for column in columnIndices { starts[Int(column) + 1] += 1 }
        for c in 0..<columns { starts[c + 1] += starts[c] }
        var fill = starts
        var indices = [Int32](repeating: 0, count: values.count)
        var newValues = [Float](repeating: 0, count: values.count)
        for row in 0..<rows {
            for e in rowStarts[row]..<rowStarts[row + 1] {
                let column = Int(columnIndices[e])
                indices[fill[column]] = Int32(row)
                newValues[fill[column]] = values[e]
                fill[column] += 1
            }
        }
        return SparseMatrix(rows: columns, columns: rows, rowStarts: starts, columnIndices: indices, values: newValues)
    }

    /// `self · Vᵀ` for `count` dense vectors of length `columns` stored one after another in
    /// `vectors`, answered the same way: `count` vectors of length `rows`
    /// (`result[j * rows + i] = Σₖ self[i, k] · vectors[j * columns + k]`). Rows in parallel.
    func multiply(vectors: [Float], count: Int) -> [Float] {
        precondition(vectors.count == count * columns, "SparseMatrix: \(vectors.count) values for \(count) vectors")
        var result = [Float](repeating: 0, count: count * rows)
        let rows = rows, columns = columns
        result.withUnsafeMutableBufferPointer { out in
            vectors.withUnsafeBufferPointer { v in
                rowStarts.withUnsafeBufferPointer { starts in
                    columnIndices.withUnsafeBufferPointer { indices in
                        values.withUnsafeBufferPointer { values in
                            Parallel.forEachChunk(rows, minimumChunk: 256) { chunk in
                                for j in 0..<count {
                                    let vector = v.baseAddress! + j * columns
                                    for i in chunk {
                                        var sum: Float = 0
                                        for e in starts[i]..<starts[i + 1] {
                                            sum += values[e] * vector[Int(indices[e])]
                                        }
                                        out[j * rows + i] = sum
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
