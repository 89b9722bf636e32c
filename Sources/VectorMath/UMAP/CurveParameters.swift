import Foundation

/// UMAP's low-dimensional similarity 1 / (1 + a·d^(2b)), fitted as umap-learn's
/// `find_ab_params` fits it: least squares against 1 below `minimumDistance` and
/// exp(−(d − minimumDistance) / spread) above it, at 300 points evenly spaced over [0, 3·spread],
/// starting from a = b = 1 (SciPy's `curve_fit`, Levenberg–Marquardt). Solved here by
/// Levenberg–Marquardt in `Double` to convergence, so the result agrees with SciPy's to about
/// 1e-6 (tested).
package enum CurveParameters {
    package static func fit(spread: Double, minimumDistance: Double) -> (a: Double, b: Double) {
        let xs = (0..<300).map { Double($0) * (spread * 3) / 299 }
        let ys = xs.map { $0 < minimumDistance ? 1 : exp(-($0 - minimumDistance) / spread) }
        func residuals(_ a: Double, _ b: Double) -> Double {
            zip(xs, ys).reduce(0) { sum, point in
                let r = 1 / (1 + a * pow(point.0, 2 * b)) - point.1
                return sum + r * r
            }
        }
        var a = 1.0, b = 1.0, lambda = 1e-3
        var cost = residuals(a, b)
        for _ in 0..<1000 {
            // Jᵀ J and Jᵀ r of f(x) = 1 / (1 + a x^(2b)).
            var jaa = 0.0, jab = 0.0, jbb = 0.0, ga = 0.0, gb = 0.0
            for (x, y) in zip(xs, ys) {
                let power = x > 0 ? pow(x, 2 * b) : 0
                let denominator = 1 + a * power
                let f = 1 / denominator
                let r = f - y
                let da = -power / (denominator * denominator)
                let db = x > 0 ? -a * power * 2 * log(x) / (denominator * denominator) : 0
                jaa += da * da
                jab += da * db
                jbb += db * db
                ga += da * r
                gb += db * r
            }
            var improved = false
            for _ in 0..<50 {
                let m11 = jaa * (1 + lambda), m22 = jbb * (1 + lambda), m12 = jab
                let determinant = m11 * m22 - m12 * m12
                guard determinant != 0, determinant.isFinite else { break }
                let stepA = -(m22 * ga - m12 * gb) / determinant
                let stepB = -(m11 * gb - m12 * ga) / determinant
                let newCost = residuals(a + stepA, b + stepB)
                if newCost.isFinite, newCost < cost {
                    let relative = (cost - newCost) / max(cost, 1e-300)
                    a += stepA
                    b += stepB
                    cost = newCost
                    lambda = max(lambda / 10, 1e-12)
                    improved = relative > 1e-15 || abs(stepA) + abs(stepB) > 1e-14
                    break
                }
                lambda *= 10
            }
            if !improved { break }
        }
        return (a, b)
    }
}
