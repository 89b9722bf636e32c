import PythonSyntax

/// A rule's documentation as Markdown: what `umlaut rule CODE` prints, what `Docs/rules/` holds
/// and what an editor can show on hover. Generated from the `RuleDescription` alone.
extension RuleDescription {
    /// The full page: title, summary, the ruff-style sections, and the thresholds the rule reads.
    /// `fixes` says which fixes the rule offers (see `Rule.fixAvailability`).
    package func markdown(fixes: FixAvailability) -> String {
        var page = """
            # \(name) (\(code))

            \(summary).

            | | |
            | --- | --- |
            | code | `\(code)` |
            | checked | \(kind == .static ? "statically, on the source (`umlaut check`, the language server)" : "at run time (`umlaut run`)") |
            | default severity | \(defaultSeverity.rawValue) |
            | automatic fix | \(fixes.documentation) |

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
        page +=
            "\nSilence one line with `# umlaut: ignore[\(code)]`; turn the rule off with `ignore = [\"\(code)\"]` under `[tool.umlaut]`.\n"
        if !references.isEmpty {
            page += "\n## References\n\n"
            for reference in references { page += "- [\(reference.title)](\(reference.url))\n" }
        }
        return page
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

/// Which kinds of automatic fix a rule offers, as listed by `umlaut rules` and the rule pages.
package struct FixAvailability: OptionSet, Sendable, Hashable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    package static let safe = FixAvailability(rawValue: 1 << 0)
    package static let unsafe = FixAvailability(rawValue: 1 << 1)
    package static let displayOnly = FixAvailability(rawValue: 1 << 2)

    init(_ applicability: Applicability) {
        switch applicability {
        case .safe: self = .safe
        case .unsafe: self = .unsafe
        case .displayOnly: self = .displayOnly
        }
    }

    /// `safe`, `unsafe`, `safe, unsafe`, `display-only` or `-`: for tables.
    package var label: String {
        var parts: [String] = []
        if contains(.safe) { parts.append("safe") }
        if contains(.unsafe) { parts.append("unsafe") }
        if contains(.displayOnly) { parts.append("display-only") }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    /// A sentence part for the rule page.
    package var documentation: String {
        var parts: [String] = []
        if contains(.safe) { parts.append("safe (`--fix`)") }
        if contains(.unsafe) { parts.append("unsafe (`--fix --unsafe-fixes`)") }
        if contains(.displayOnly) { parts.append("a suggestion only") }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }
}

extension Rule {
    /// The fixes the rule actually makes on its own examples (corrections and triggering
    /// examples), found by running it: the description cannot drift from the code.
    package static var fixAvailability: FixAvailability {
        var found: FixAvailability = []
        let examples = description.corrections.map(\.before) + description.triggeringExamples
        for example in examples {
            var settings = Settings()
            // A key or value that cannot be set is `verifyRule`'s to report; here it is left out.
            for (key, value) in example.thresholds { settings.thresholds.set(key: key, value: value) }
            let code = String(example.code.unicodeScalars.filter { $0 != "\u{2193}" }.map(Character.init))
            for diagnostic in Linter(rules: [Self()], settings: settings).lint(SourceText(code)).diagnostics {
                if let fix = diagnostic.fix { found.insert(FixAvailability(fix.applicability)) }
            }
        }
        return found
    }
}
