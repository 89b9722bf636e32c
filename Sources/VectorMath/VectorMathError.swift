/// What VectorMath refuses, for inputs that come from data (sizes a caller cannot always know in
/// advance). Index and shape mistakes in a caller's own code are preconditions instead.
package enum VectorMathError: Error, Equatable, Sendable {
    /// Two matrices that must have vectors of one dimension do not.
    case dimensionMismatch(Int, Int)
    /// More neighbours or clusters were asked for than there are points to give them.
    case notEnoughPoints(needed: Int, available: Int)
    /// A parameter outside its range (a count below 1, a negative tolerance), named.
    case invalidParameter(String)
    /// Self-matches can only be excluded when the queries are the reference rows themselves.
    case selfExclusionNeedsSameRows(queries: Int, reference: Int)
}

extension VectorMathError: CustomStringConvertible {
    package var description: String {
        switch self {
        case let .dimensionMismatch(a, b): "vectors of dimension \(a) and \(b) cannot be compared"
        case let .notEnoughPoints(needed, available): "\(needed) needed but only \(available) points"
        case let .invalidParameter(message): message
        case let .selfExclusionNeedsSameRows(queries, reference):
            "excluding self-matches needs the queries to be the reference rows (\(queries) queries, \(reference) reference rows)"
        }
    }
}
