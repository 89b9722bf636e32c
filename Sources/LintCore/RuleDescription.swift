/// Everything about a rule that is not its logic: identity, documentation, and the examples that
/// are its tests. `umlaut rule CODE`, the rule pages in Docs/rules/ and the editor's hover text
/// are all generated from it.
package struct RuleDescription: Sendable {
    package enum Kind: String, Sendable, Codable {
        /// Checked on the source by `umlaut check` and the language server.
        case `static`
        /// Checked on a training run by `umlaut run`.
        case runtime
    }

    package var code: RuleCode
    /// kebab-case, naming the problem (`missing-activation`), never the remedy.
    package var name: String
    /// One line for listings: what is wrong.
    package var summary: String
    package var kind: Kind
    package var defaultSeverity: Severity
    /// *What it does*: what the rule looks for, precisely.
    package var whatItDoes: String
    /// *Why is this bad?*: the theory, in terms a non-expert can follow.
    package var whyIsThisBad: String
    /// *Example*: code with the problem.
    package var example: String
    /// *Use instead*: the corrected code.
    package var useInstead: String
    /// *Fix safety*: what the automatic fix does and when it is unsafe; or why there is none.
    package var fixSafety: String
    /// *References*: documentation and papers.
    package var references: [Reference]
    /// Code that must trigger the rule exactly at its `↓` markers (static rules).
    package var triggeringExamples: [Example]
    /// Code that must not trigger the rule: above all the correct idioms people write.
    package var nonTriggeringExamples: [Example]
    /// Code before and after applying every fix of the rule (unsafe fixes included).
    package var corrections: [Correction]

    package init(
        code: RuleCode, name: String, summary: String, kind: Kind = .static, defaultSeverity: Severity,
        whatItDoes: String, whyIsThisBad: String, example: String, useInstead: String, fixSafety: String,
        references: [Reference], triggeringExamples: [Example] = [], nonTriggeringExamples: [Example] = [],
        corrections: [Correction] = []
    ) {
        self.code = code
        self.name = name
        self.summary = summary
        self.kind = kind
        self.defaultSeverity = defaultSeverity
        self.whatItDoes = whatItDoes
        self.whyIsThisBad = whyIsThisBad
        self.example = example
        self.useInstead = useInstead
        self.fixSafety = fixSafety
        self.references = references
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
        self.corrections = corrections
    }
}

package struct Reference: Hashable, Sendable {
    package var title: String
    package var url: String

    package init(_ title: String, _ url: String) {
        self.title = title
        self.url = url
    }
}

/// A code example of a rule. In triggering examples, `↓` marks where each diagnostic starts
/// (the markers are removed before the code is checked).
package struct Example: Sendable, CustomStringConvertible {
    package var code: String
    /// Threshold overrides for this example, as `[tool.umlaut.thresholds]` keys.
    package var thresholds: [String: Double]
    /// Which automatic variants of the example `verifyRule` also checks.
    package var variants: Variants
    /// Where the example is written, so a failing example points at its line.
    package var file: StaticString
    package var line: UInt

    package struct Variants: OptionSet, Sendable {
        package let rawValue: Int
        package init(rawValue: Int) { self.rawValue = rawValue }
        /// Wrapped in a string: must not trigger.
        package static let inString = Variants(rawValue: 1 << 0)
        /// Commented out: must not trigger.
        package static let inComment = Variants(rawValue: 1 << 1)
        /// After a line of emoji: must trigger at the same (shifted) places.
        package static let afterEmoji = Variants(rawValue: 1 << 2)
        /// With `# umlaut: ignore[CODE]` on each marked line: must not trigger.
        package static let suppressed = Variants(rawValue: 1 << 3)
        package static let all: Variants = [.inString, .inComment, .afterEmoji, .suppressed]
    }

    package init(
        _ code: String, thresholds: [String: Double] = [:], variants: Variants = .all,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        self.code = code
        self.thresholds = thresholds
        self.variants = variants
        self.file = file
        self.line = line
    }

    package var description: String { code }
}

/// Code before and after the rule's fixes.
package struct Correction: Sendable {
    package var before: Example
    package var after: String

    package init(
        _ before: String, _ after: String, thresholds: [String: Double] = [:], file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.before = Example(before, thresholds: thresholds, file: file, line: line)
        self.after = after
    }
}
