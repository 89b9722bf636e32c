import CVectorKernels

/// The small loops under everything else: dot products and squared distances of two vectors in
/// `SIMD8` lanes (Swift does not reorder floating-point sums itself, so without lanes these would
/// run one multiply-add at a time).
enum Kernels {
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            lanes += load(a + index) * load(b + index)
            index += 8
        }
        var sum = lanes.sum()
        while index < count {
            sum += a[index] * b[index]
            index += 1
        }
        return sum
    }

    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            let difference = load(a + index) - load(b + index)
            lanes += difference * difference
            index += 8
        }
        var sum = lanes.sum()
        while index < count {
            let difference = a[index] - b[index]
            sum += difference * difference
            index += 1
        }
        return sum
    }

    /// 1 − cos(a, b), with a vector of norm zero at distance 1 from everything (scikit-learn's
    /// convention).
    static func cosineDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        let normA = dot(a, a, count), normB = dot(b, b, count)
        guard normA > 0, normB > 0 else { return 1 }
        let cosine = dot(a, b, count) / (normA.squareRoot() * normB.squareRoot())
        return min(2, max(0, 1 - cosine))
    }

    /// `squaredDistance` by CVectorKernels: AVX2 + FMA where the processor has them, three to
    /// four times the SIMD8 loop's speed on long vectors. Its sums are in another order, so
    /// results differ in the last bits; the approximate k-NN graph uses it (its distances are
    /// most of its time), exact searches keep the loops above.
    @inline(__always)
    static func wideSquaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        vm_squared_distance(a, b, count)
    }

    /// `dot` by CVectorKernels (see `wideSquaredDistance`).
    @inline(__always)
    static func wideDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        vm_dot(a, b, count)
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }
}
