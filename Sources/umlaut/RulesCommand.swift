import ArgumentParser
import LintCore

/// `umlaut rules`: every rule, one line each (or JSON).
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule: code, name, severity, fix, summary.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() {
        StandardOutput.write(Self.render(RuleCatalogue.descriptions, format: format))
    }

    static func render(_ rules: [RuleDescription], format: Format) -> String {
        switch format {
        case .json:
            return JSONValue.array(rules.map { rule in
                .object([
                    ("code", .string(rule.code.rawValue)),
                    ("name", .string(rule.name)),
                    ("kind", .string(rule.kind.rawValue)),
                    ("severity", .string(rule.defaultSeverity.rawValue)),
                    ("fix", .string(fixColumn(rule))),
                    ("summary", .string(rule.summary)),
                    ("url", .string(rule.documentationURL)),
                ])
            }).rendered() + "\n"
        case .text:
            let header = ["code", "name", "severity", "fix", "summary"]
            let rows = rules.map { [$0.code.rawValue, $0.name, $0.defaultSeverity.rawValue, fixColumn($0), $0.summary] }
            let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                (0..<4).map { cells[$0].padding(widths[$0]) }.joined(separator: "  ") + "  " + cells[4] + "\n"
            }
            return line(header) + rows.map(line).joined()
        }
    }

    /// `safe`, `unsafe` or `-`.
    static func fixColumn(_ rule: RuleDescription) -> String {
        switch rule.fixAvailability {
        case "none": "-"
        case let text where text.hasPrefix("unsafe"): "unsafe"
        default: "safe"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
