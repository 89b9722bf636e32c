import Foundation
import GRDB

/// A file's vector from one embedding model: a row of `embedding`, stored as float32
/// little-endian bytes (4 × `dimension`; the schema checks the length).
package struct EmbeddingRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "embedding"

    package var fileId: Int64
    /// Which embedding (`tfidf-svd-64`): vectors of different models are not comparable.
    package var model: String
    package var dimension: Int
    package var vector: Data

    package init(fileId: Int64, model: String, values: [Float]) {
        self.fileId = fileId
        self.model = model
        dimension = values.count
        var bytes = Data(capacity: values.count * 4)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        vector = bytes
    }

    /// The vector's values.
    package var values: [Float] {
        let bytes = [UInt8](vector)
        return stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            let bits =
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(
                    bytes[offset + 3]) << 24
            return Float(bitPattern: bits)
        }
    }
}
