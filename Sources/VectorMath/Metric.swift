/// How far apart two vectors are.
package enum Metric: Sendable, Hashable, CaseIterable {
    /// ‖a − b‖².
    case squaredEuclidean
    /// ‖a − b‖ (ranks as `squaredEuclidean` does).
    case euclidean
    /// 1 − a·b / (‖a‖‖b‖), in [0, 2]; a zero vector is at distance 1 from everything, as in
    /// scikit-learn.
    case cosine

    /// The distance between `a` and `b`, which must have the same length.
    package func distance(_ a: some Collection<Float>, _ b: some Collection<Float>) -> Float {
        precondition(a.count == b.count, "Metric: vectors of length \(a.count) and \(b.count)")
        let a = ContiguousArray(a), b = ContiguousArray(b)
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                distance(a.baseAddress, b.baseAddress, a.count)
            }
        }
    }

    func distance(_ a: UnsafePointer<Float>?, _ b: UnsafePointer<Float>?, _ count: Int) -> Float {
        guard let a, let b, count > 0 else { return self == .cosine ? 1 : 0 }
        switch self {
        case .squaredEuclidean: return Kernels.squaredDistance(a, b, count)
        case .euclidean: return Kernels.squaredDistance(a, b, count).squareRoot()
        case .cosine: return Kernels.cosineDistance(a, b, count)
        }
    }
}
