/// A small, fast random number generator that gives the same sequence for the same seed on every
/// machine and Swift version (SplitMix64, Steele, Lea and Flood 2014), for reproducible k-means
/// seeding. Not for anything secret.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    package mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in `0 ..< bound` (bound > 0), without modulo bias; defined here rather than by the
    /// standard library so that sequences cannot change with it.
    package mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "SeededGenerator: empty range")
        let bound = UInt64(bound)
        let threshold = (0 &- bound) % bound
        while true {
            let value = next()
            if value >= threshold { return Int(value % bound) }
        }
    }
}
