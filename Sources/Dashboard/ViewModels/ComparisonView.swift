import Foundation
import Store

/// Two sessions side by side (`GET /api/compare?a=&b=`): both sessions' curves, and the findings
/// that went away, appeared or stayed, as `umlaut diff` computes them (`SessionComparison`).
package struct ComparisonView: Codable, Hashable, Sendable {
    package struct FinalMetric: Codable, Hashable, Sendable {
        package var metric: String
        package var before: Double?
        package var after: Double?
    }

    package var view = "compare"
    package var before: SessionView
    package var after: SessionView
    package var gone: [FindingView]
    package var new: [FindingView]
    package var remaining: [FindingView]
    package var finalMetrics: [FinalMetric]

    /// Reads two sessions; nil when either does not exist.
    package init?(before a: Int64, after b: Int64, in store: SessionDatabase) throws {
        guard let recordA = try store.session(id: a), let recordB = try store.session(id: b),
            let before = try SessionView(id: a, in: store), let after = try SessionView(id: b, in: store)
        else { return nil }
        let comparison = try SessionComparison(before: recordA, after: recordB, in: store)
        self.before = before
        self.after = after
        gone = comparison.gone.map(FindingView.init)
        new = comparison.new.map(FindingView.init)
        remaining = comparison.remaining.map(FindingView.init)
        finalMetrics = comparison.metricNames.map {
            FinalMetric(metric: $0, before: comparison.finalBefore[$0], after: comparison.finalAfter[$0])
        }
    }
}
