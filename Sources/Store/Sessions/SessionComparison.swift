import Foundation

/// What changed between two sessions: the findings that went away, appeared or stayed, and the
/// final metrics of each. What `umlaut diff` prints and the dashboard's compare page draws.
package struct SessionComparison: Sendable {
    /// Findings of the earlier session that the later one no longer has.
    package var gone: [FindingRecord]
    /// Findings of the later session that the earlier one did not have.
    package var new: [FindingRecord]
    /// Findings of the later session that the earlier one had too.
    package var remaining: [FindingRecord]
    /// The last epoch's metrics of each session's first model.
    package var finalBefore: [String: Double]
    package var finalAfter: [String: Double]
    /// The metrics of both sessions in display order.
    package var metricNames: [String]

    package init(
        findingsBefore: [FindingRecord], findingsAfter: [FindingRecord], epochsBefore: [EpochRecord],
        epochsAfter: [EpochRecord]
    ) {
        let keysBefore = Set(findingsBefore.map(Self.identity)), keysAfter = Set(findingsAfter.map(Self.identity))
        gone = findingsBefore.filter { !keysAfter.contains(Self.identity($0)) }
        new = findingsAfter.filter { !keysBefore.contains(Self.identity($0)) }
        remaining = findingsAfter.filter { keysBefore.contains(Self.identity($0)) }
        finalBefore = Self.finalMetrics(epochsBefore)
        finalAfter = Self.finalMetrics(epochsAfter)
        metricNames = EpochRecord.metricNames(epochsBefore + epochsAfter)
    }

    /// Reads both sessions' findings and epochs from the store.
    package init(before: SessionRecord, after: SessionRecord, in store: SessionDatabase) throws {
        self.init(
            findingsBefore: try store.findings(sessionId: before.id ?? 0),
            findingsAfter: try store.findings(sessionId: after.id ?? 0),
            epochsBefore: try store.epochs(sessionId: before.id ?? 0),
            epochsAfter: try store.epochs(sessionId: after.id ?? 0))
    }

    /// What makes two findings "the same" across sessions: the rule and its subject for runtime
    /// findings (`UM509:m1:dense_1`), the rule and the message without positions for static ones
    /// (a fix elsewhere in the file moves lines).
    package static func identity(_ finding: FindingRecord) -> String {
        switch finding.stage {
        case .runtime:
            return finding.key
        case .static:
            let message = finding.message.replacingOccurrences(of: #"\d+"#, with: "#", options: .regularExpression)
            return "\(finding.code)|\(message)"
        }
    }

    /// The last epoch's metrics of the first model (by epoch order).
    package static func finalMetrics(_ epochs: [EpochRecord]) -> [String: Double] {
        guard let model = epochs.first?.model else { return [:] }
        return epochs.filter { $0.model == model }.max { $0.epoch < $1.epoch }?.metrics ?? [:]
    }
}

extension EpochRecord {
    /// Metrics shown first, in this order, when a session logged them.
    package static let preferredMetrics = ["loss", "accuracy", "val_loss", "val_accuracy"]

    /// The metric names of some epochs in display order: loss and accuracy first, validation
    /// next, the others after in alphabetical order.
    package static func metricNames(_ epochs: [EpochRecord]) -> [String] {
        let all = Set(epochs.flatMap { $0.metrics.keys })
        return preferredMetrics.filter(all.contains) + all.subtracting(preferredMetrics).sorted()
    }
}
