import Foundation

/// A 128-bit content hash (two FNV-1a passes with different bases), hex: it only tells whether a
/// file (or what a cache was made from) changed; it is not a cryptographic digest.
package enum ContentHash {
    package static func of(_ bytes: [UInt8]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4 ^ UInt64(bytes.count)
        let prime: UInt64 = 0x0000_0100_0000_01b3
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* prime
            second = (second ^ UInt64(byte &+ 0x5b)) &* prime
        }
        return String(format: "%016llx%016llx", first, second)
    }
}
