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
        StandardOutput.write(Self.render(RuleCatalogue.umlautEntries, format: format))
    }

    static func render(_ entries: [RuleCatalogue.Entry], format: Format) -> String {
        switch format {
        case .json:
            return JSONValue.array(
                entries.map { entry in
                    let rule = entry.description
                    return .object([
                        ("code", .string(rule.code.rawValue)),
                        ("name", .string(rule.name)),
                        ("kind", .string(rule.kind.rawValue)),
                        ("severity", .string(rule.defaultSeverity.rawValue)),
                        ("fix", .string(entry.fixes.label)),
                        ("summary", .string(rule.summary)),
                    ])
                }
            ).rendered() + "\n"
        case .text:
            let header = ["code", "name", "severity", "fix", "summary"]
            let rows = entries.map { entry in
                let rule = entry.description
                return [rule.code.rawValue, rule.name, rule.defaultSeverity.rawValue, entry.fixes.label, rule.summary]
            }
            let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                (0..<4).map { cells[$0].padding(widths[$0]) }.joined(separator: "  ") + "  " + cells[4] + "\n"
            }
            return line(header) + rows.map(line).joined()
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
