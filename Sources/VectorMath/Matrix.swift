/// A dense row-major matrix of `Float` in one plain array: row `i` is
/// `values[i * columns ..< (i + 1) * columns]`. A value type (copy-on-write, like the array it
/// holds), so a `Matrix` can be shared between threads freely.
///
/// The layout is the one BLAS and NumPy call C order: a `Matrix` made from a NumPy array's bytes
/// (`array.astype(np.float32).tobytes()`) has the same rows.
package struct Matrix: Sendable, Equatable {
    /// The number of rows (points, when each row is a vector).
    package let rows: Int
    /// The number of columns (the vectors' dimension).
    package let columns: Int
    /// The entries, row after row; `rows * columns` of them.
    package private(set) var values: [Float]

    /// A `rows × columns` matrix filled with `value`.
    package init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        values = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix over `values`, which must hold `rows * columns` entries, row
    /// after row.
    package init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        precondition(values.count == rows * columns, "Matrix: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix whose rows are `rows`, which must all have the same length.
    package init(_ rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "Matrix: rows of different lengths")
        self.init(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
    }

    /// The entry at `row`, `column`.
    package subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix: index out of range")
            return values[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix: index out of range")
            values[row * columns + column] = newValue
        }
    }

    /// Row `index`, a slice of `values`.
    package func row(_ index: Int) -> ArraySlice<Float> {
        precondition(index >= 0 && index < rows, "Matrix: row \(index) out of 0..<\(rows)")
        return values[index * columns..<(index + 1) * columns]
    }

    /// The rows at `indices`, in that order, as a new matrix.
    package func rows(at indices: some Sequence<Int>) -> Matrix {
        var picked: [Float] = []
        var count = 0
        for index in indices {
            picked.append(contentsOf: row(index))
            count += 1
        }
        return Matrix(rows: count, columns: columns, values: picked)
    }

    /// Each row's squared Euclidean norm.
    package func squaredRowNorms() -> [Float] {
        values.withUnsafeBufferPointer { buffer in
            (0..<rows).map {
                Kernels.dot(buffer.baseAddress! + $0 * columns, buffer.baseAddress! + $0 * columns, columns)
            }
        }
    }

    /// The matrix with every row scaled to unit Euclidean norm; rows of norm zero stay zero (as
    /// scikit-learn's `normalize` leaves them), so their cosine distance to anything is 1.
    package func rowNormalized() -> Matrix {
        let norms = squaredRowNorms()
        var copy = self
        copy.values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows where norms[row] > 0 {
                let scale = 1 / norms[row].squareRoot()
                for column in 0..<columns { buffer[row * columns + column] *= scale }
            }
        }
        return copy
    }

    /// The entries for writing in place (VectorMath's loops that fill a matrix).
    mutating func withUnsafeMutableValues<T>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> T) rethrows -> T {
        try values.withUnsafeMutableBufferPointer { try body($0) }
    }
}
