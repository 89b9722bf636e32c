import ArgumentParser
import Foundation
import Store

/// `umlaut diff A B`: what changed between two sessions: findings gone, new and remaining, and
/// how the final metrics moved. The check after a fix.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Compare two sessions: findings and metrics.")

    @Argument(help: "The earlier session (a name, or `last`).")
    var before: String

    @Argument(help: "The later session (default: last).")
    var after: String = "last"

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: "Output format: text or json.")
    var format: SessionFormat = .text

    func run() throws {
        try reportingFailures {
            let store = try database.open()
            let a = try store.session(named: before), b = try store.session(named: after)
            let findingsA = try store.findings(sessionId: a.id ?? 0),
                findingsB = try store.findings(sessionId: b.id ?? 0)
            let epochsA = try store.epochs(sessionId: a.id ?? 0), epochsB = try store.epochs(sessionId: b.id ?? 0)
            let keysA = Set(findingsA.map(Self.identity)), keysB = Set(findingsB.map(Self.identity))
            let gone = findingsA.filter { !keysB.contains(Self.identity($0)) }
            let new = findingsB.filter { !keysA.contains(Self.identity($0)) }
            let remaining = findingsB.filter { keysA.contains(Self.identity($0)) }
            let finalA = Self.finalMetrics(epochsA), finalB = Self.finalMetrics(epochsB)
            let names = EpochTable(epochsA + epochsB).columns
            switch format {
            case .json:
                let metrics = names.map { name -> JSONValue in
                    .object([
                        ("metric", .string(name)), ("before", finalA[name].map(JSONValue.double) ?? .null),
                        ("after", finalB[name].map(JSONValue.double) ?? .null),
                    ])
                }
                print(
                    JSONValue.object([
                        ("before", .string(a.name)), ("after", .string(b.name)),
                        ("epochs", .object([("before", .int(epochsA.count)), ("after", .int(epochsB.count))])),
                        ("gone", .array(gone.map(SessionJSON.finding))),
                        ("new", .array(new.map(SessionJSON.finding))),
                        ("remaining", .array(remaining.map(SessionJSON.finding))),
                        ("metrics", .array(metrics)),
                    ]).rendered())
            case .text:
                print("\(a.name) → \(b.name)")
                print("  epochs: \(epochsA.count) → \(epochsB.count)")
                for (title, list) in [("gone", gone), ("new", new), ("remaining", remaining)] {
                    print("\n\(title.capitalized) (\(list.count)):")
                    for finding in list {
                        let when = finding.stage == .static ? "before training" : EpochWording.epochs(finding.epochs)
                        print("  \(finding.code) \(finding.name) (\(when)): \(finding.message)")
                    }
                }
                print("\nFinal metrics:")
                for name in names {
                    let old = finalA[name], new = finalB[name]
                    var change = ""
                    if let old, let new, old.isFinite, new.isFinite {
                        change = String(format: "  (%@%@)", new - old >= 0 ? "+" : "", MetricFormat.number(new - old))
                    }
                    print(
                        "  \(name.padded(14)) \((old.map(MetricFormat.number) ?? "-").padded(10)) → \(new.map(MetricFormat.number) ?? "-")\(change)"
                    )
                }
            }
        }
    }

    /// What makes two findings "the same" across sessions: the rule and its subject for runtime
    /// findings (`UM509:m1:dense_1`), the rule and the message without positions for static ones
    /// (a fix elsewhere in the file moves lines).
    static func identity(_ finding: FindingRecord) -> String {
        switch finding.stage {
        case .runtime:
            return finding.key
        case .static:
            let message = finding.message.replacingOccurrences(of: #"\d+"#, with: "#", options: .regularExpression)
            return "\(finding.code)|\(message)"
        }
    }

    /// The last epoch's metrics of the first model (by epoch order).
    static func finalMetrics(_ epochs: [EpochRecord]) -> [String: Double] {
        guard let model = epochs.first?.model else { return [:] }
        return epochs.filter { $0.model == model }.max { $0.epoch < $1.epoch }?.metrics ?? [:]
    }
}
