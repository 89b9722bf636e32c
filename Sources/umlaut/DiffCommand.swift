import ArgumentParser
import Dashboard
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

    @Option(name: .long, help: "Output format: text, json, or html (the dashboard's comparison as one file).")
    var format: SessionFormat = .text

    func run() throws {
        try reportingFailures {
            let store = try database.open()
            let a = try store.session(named: before), b = try store.session(named: after)
            let comparison = try SessionComparison(before: a, after: b, in: store)
            let epochsA = try store.epochs(sessionId: a.id ?? 0), epochsB = try store.epochs(sessionId: b.id ?? 0)
            let gone = comparison.gone, new = comparison.new, remaining = comparison.remaining
            let finalA = comparison.finalBefore, finalB = comparison.finalAfter
            let names = comparison.metricNames
            switch format {
            case .html:
                try exportingHTML { try StaticExport.comparisonHTML(before: a.id ?? 0, after: b.id ?? 0, in: store) }
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
}
