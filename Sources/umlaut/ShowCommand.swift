import ArgumentParser
import Dashboard
import Foundation
import Store

/// `umlaut show [SESSION|last]`: a session's metrics per epoch and its findings.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a session's metrics per epoch and its findings.")

    @Argument(help: "The session's name, or `last` (default).")
    var session: String = "last"

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: "Output format: text, json, or html (the dashboard's page as one self-contained file).")
    var format: SessionFormat = .text

    func run() throws {
        try reportingFailures {
            let store = try database.open()
            let record = try store.session(named: session)
            let id = record.id ?? 0
            let epochs = try store.epochs(sessionId: id)
            let findings = try store.findings(sessionId: id)
            let crash = try store.crash(sessionId: id)
            switch format {
            case .html:
                try exportingHTML { try StaticExport.html(sessionId: id, in: store) }
            case .json:
                print(
                    JSONValue.object([
                        ("session", SessionJSON.session(record, epochs: epochs.count, findings: findings.count)),
                        ("epochs", .array(epochs.map(SessionJSON.epoch))),
                        ("findings", .array(findings.map(SessionJSON.finding))),
                        ("crash", crash.map(SessionJSON.crash) ?? .null),
                    ]).rendered())
            case .text:
                printText(record, epochs: epochs, findings: findings)
                if let crash { printCrash(crash) }
            }
        }
    }

    /// The exception the script died of, like a finding, with its likely cause.
    private func printCrash(_ crash: CrashRecord) {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        func shown(_ path: String) -> String { path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path }
        print()
        print("Crash:")
        print("  \(crash.exceptionType): \(crash.headline)")
        if let path = crash.path, let line = crash.line {
            print("    --> \(shown(path)):\(line):\(crash.column ?? 1)")
        }
        if let cause = crash.cause {
            print("    \(cause.message)")
            print("    --> \(shown(cause.path)):\(cause.line):\(cause.column)")
        }
    }

    private func printText(_ record: SessionRecord, epochs: [EpochRecord], findings: [FindingRecord]) {
        let exit = record.exitCode.map { ", exit status \($0)" } ?? ""
        print(
            "Session \(record.name): \(record.script) \(record.arguments.joined(separator: " "))".trimmingCharacters(
                in: .whitespaces))
        print(
            "  \(record.displayStatus)\(exit), started \(SessionJSON.timestamp(record.startedAt).prefix(19).replacingOccurrences(of: "T", with: " ")), python \(record.python)"
        )
        if let note = record.note { print("  note: \(note)") }
        print()
        if epochs.isEmpty {
            print("No epochs recorded.")
        } else {
            print(EpochTable(epochs).render())
        }
        print()
        if findings.isEmpty {
            print("No findings.")
            return
        }
        print("Findings:")
        let cwd = FileManager.default.currentDirectoryPath + "/"
        for finding in findings {
            let when = finding.stage == .static ? "before training" : EpochWording.epochs(finding.epochs)
            print("  \(finding.code) \(finding.name) [\(finding.severity.rawValue)] (\(when))")
            print("    \(finding.message.prefix(1).uppercased() + finding.message.dropFirst())")
            if let path = finding.path, let line = finding.line {
                let shown = path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
                print("    --> \(shown):\(line):\(finding.column ?? 1)")
            }
            for related in finding.related where related.role == .symptom {
                print("    note: \(related.labelledMessage) (line \(related.line))")
            }
            if let help = finding.help { print("    help: \(help)") }
        }
    }
}

/// Metrics per epoch as a table: loss and accuracy first, validation next, others after.
struct EpochTable {
    let epochs: [EpochRecord]

    init(_ epochs: [EpochRecord]) { self.epochs = epochs }

    var columns: [String] { EpochRecord.metricNames(epochs) }

    func render() -> String {
        let models = Set(epochs.map(\.model)).count > 1
        let headers = (models ? ["model"] : []) + ["epoch"] + columns + ["lr", "seconds"]
        let columns = self.columns
        let rows = epochs.map { epoch -> [String] in
            var cells: [String] = models ? [epoch.model] : []
            cells.append(String(epoch.epoch + 1))
            for column in columns { cells.append(epoch.metrics[column].map(MetricFormat.number) ?? "-") }
            cells.append(epoch.learningRate.map(MetricFormat.number) ?? "-")
            cells.append(epoch.duration.map { String(format: "%.2f", $0) } ?? "-")
            return cells
        }
        var widths: [Int] = []
        for index in headers.indices {
            widths.append(max(headers[index].count, rows.map { $0[index].count }.max() ?? 0))
        }
        func line(_ cells: [String]) -> String {
            let padded: [String] = cells.indices.map { cells[$0].padded(widths[$0]) }
            return padded.joined(separator: "  ").trimmingCharacters(in: CharacterSet.whitespaces)
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

/// Numbers in tables: four significant digits, NaN and inf spelled out.
enum MetricFormat {
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}
