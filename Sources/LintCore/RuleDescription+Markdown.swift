/// A rule's documentation as Markdown: what `umlaut rule CODE` prints, what `Docs/rules/` holds
/// and what an editor can show on hover. Generated from the `RuleDescription` alone.
extension RuleDescription {
    /// The full page: title, summary, the ruff-style sections, and the thresholds the rule reads.
    public var markdown: String {
        var page = """
            # \(name) (\(code))

            \(summary).

            | | |
            | --- | --- |
            | code | `\(code)` |
            | checked | \(kind == .static ? "statically, on the source (`umlaut check`, the language server)" : "at run time (`umlaut run`)") |
            | default severity | \(defaultSeverity.rawValue) |
            | automatic fix | \(fixAvailability) |

            ## What it does

            \(whatItDoes)

            ## Why is this bad?

            \(whyIsThisBad)

            ## Example

            ```python
            \(example)
            ```

            ## Use instead

            ```python
            \(useInstead)
            ```

            ## Fix safety

            \(fixSafety)

            """
        let thresholds = Thresholds.keys(usedBy: code)
        if !thresholds.isEmpty {
            let defaults = Thresholds()
            page += "\n## Configuration\n\nThresholds, under `[tool.umlaut.thresholds]` in `pyproject.toml`:\n\n"
            page += "| key | default | meaning |\n| --- | --- | --- |\n"
            for entry in thresholds {
                page += "| `\(entry.key)` | `\(Self.format(defaults[keyPath: entry.path]))` | \(entry.meaning) |\n"
            }
        }
        page += "\nSilence one line with `# umlaut: ignore[\(code)]`; turn the rule off with `ignore = [\"\(code)\"]` under `[tool.umlaut]`.\n"
        if !references.isEmpty {
            page += "\n## References\n\n"
            for reference in references { page += "- [\(reference.title)](\(reference.url))\n" }
        }
        return page
    }

    /// Whether the rule's fixes are safe or unsafe, from its corrections and fix-safety text.
    public var fixAvailability: String {
        if corrections.isEmpty { return "none" }
        let text = fixSafety.lowercased()
        if text.contains("unsafe") { return "unsafe (`--unsafe-fixes`)" }
        return "safe (`--fix`)"
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

extension Thresholds {
    /// The thresholds a rule reads, found by the rule codes that begin each key's `help`
    /// (`"UM301/UM506: ..."`), with the help text after the codes as `meaning`.
    public static func keys(usedBy code: RuleCode) -> [(key: String, path: WritableKeyPath<Thresholds, Double>, meaning: String)] {
        keys.compactMap { entry in
            guard let colon = entry.help.firstIndex(of: ":") else { return nil }
            let codes = entry.help[..<colon].split(separator: "/").map { $0.trimmingASCIISpaces() }
            guard codes.contains(code.rawValue) else { return nil }
            let meaning = entry.help[entry.help.index(after: colon)...].trimmingASCIISpaces()
            return (entry.key, entry.path, meaning)
        }
    }
}
