import Foundation
import VectorMath

/// Reads the one kind of `.npy` file the helper writes: a C-order 2-D float32 array
/// (`np.save(path, array.astype(np.float32))`), format versions 1 to 3.
package enum NumpyArray {
    package static func readMatrix(_ data: Data) throws -> Matrix {
        let bytes = [UInt8](data)
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw ComparisonError.unreadableOutput("not an .npy file")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            guard bytes.count >= 12 else { throw ComparisonError.unreadableOutput("truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        }
        guard bytes.count >= headerStart + headerLength else {
            throw ComparisonError.unreadableOutput("truncated .npy header")
        }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        guard header.contains("'descr': '<f4'") else {
            throw ComparisonError.unreadableOutput("embeddings are not little-endian float32")
        }
        guard header.contains("'fortran_order': False") else {
            throw ComparisonError.unreadableOutput("embeddings are not in C order")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")")
        else {
            throw ComparisonError.unreadableOutput("no shape in the .npy header")
        }
        let shape = header[open.upperBound..<close].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard shape.count == 2 else {
            throw ComparisonError.unreadableOutput("embeddings are not a 2-D array (shape \(shape))")
        }
        let start = headerStart + headerLength
        let count = shape[0] * shape[1]
        guard bytes.count - start == count * 4 else {
            throw ComparisonError.unreadableOutput("the embeddings hold \(bytes.count - start) bytes, not \(count * 4)")
        }
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + count * 4]))
            }
        }
        #if _endian(big)
        values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        return Matrix(rows: shape[0], columns: shape[1], values: values)
    }
}
