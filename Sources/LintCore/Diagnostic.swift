import TrainingModel

/// A rule's public code, such as `UM101`: a prefix and three digits. Codes never change meaning.
package struct RuleCode: RawRepresentable, Hashable, Sendable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    package let rawValue: String

    package init?(rawValue: String) {
        let upper = rawValue.uppercased()
        guard upper.count == 5, upper.hasPrefix("UM"), upper.dropFirst(2).allSatisfy(\.isASCIIDigit) else { return nil }
        self.rawValue = upper
    }

    package init(stringLiteral value: String) {
        guard let code = RuleCode(rawValue: value) else { preconditionFailure("invalid rule code \(value)") }
        self = code
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = RuleCode(rawValue: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid rule code \(text)"))
        }
        self = code
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package static func < (lhs: RuleCode, rhs: RuleCode) -> Bool { lhs.rawValue < rhs.rawValue }
    package var description: String { rawValue }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

package enum Severity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case error, warning, info, hint

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        case .hint: 3
        }
    }

    package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Whether a fix may be applied without the user looking at it (ruff's terms).
package enum Applicability: String, Hashable, Sendable, Codable, Comparable {
    /// Keeps the script's meaning except for the bug: `--fix` and fix-all apply it.
    case safe
    /// Probably right but may change behaviour the user wanted: applied only with
    /// `--unsafe-fixes`, offered as a quick fix in the editor.
    case unsafe
    /// Shown as a suggestion only, never applied automatically.
    case displayOnly = "display-only"

    private var rank: Int {
        switch self {
        case .safe: 0
        case .unsafe: 1
        case .displayOnly: 2
        }
    }

    package static func < (lhs: Applicability, rhs: Applicability) -> Bool { lhs.rank < rhs.rank }
}

/// Replace a byte range of the source with new text.
package struct Edit: Hashable, Sendable, Codable {
    package var startByte: Int
    package var endByte: Int
    package var replacement: String

    package init(range: Range<Int>, replacement: String) {
        startByte = range.lowerBound
        endByte = range.upperBound
        self.replacement = replacement
    }

    package static func insert(_ text: String, at offset: Int) -> Edit {
        Edit(range: offset..<offset, replacement: text)
    }
    package static func delete(_ range: Range<Int>) -> Edit { Edit(range: range, replacement: "") }

    package var range: Range<Int> { startByte..<endByte }
}

/// A set of edits that together fix one diagnostic.
package struct Fix: Hashable, Sendable, Codable {
    /// What the fix does, imperative: "Add `activation=\"relu\"`".
    package var title: String
    package var applicability: Applicability
    package var edits: [Edit]

    package init(title: String, applicability: Applicability, edits: [Edit]) {
        self.title = title
        self.applicability = applicability
        self.edits = edits.sorted { ($0.startByte, $0.endByte) < ($1.startByte, $1.endByte) }
    }
}

/// Another place involved in a diagnostic: the loss for a missing softmax, the second layer of a
/// pair, the epoch where a runtime symptom showed.
package struct RelatedLocation: Hashable, Sendable, Codable {
    package var span: SourceSpan
    package var message: String

    package init(span: SourceSpan, message: String) {
        self.span = span
        self.message = message
    }
}

/// One finding of a rule in one file.
package struct Diagnostic: Hashable, Sendable, Codable {
    package var code: RuleCode
    /// The rule's kebab-case name, such as `missing-activation`.
    package var name: String
    package var severity: Severity
    /// One short line naming the user's own objects, such as "`self.fc1` feeds `self.fc2` with
    /// no activation between them": what editors show inline (the LSP `message`) and
    /// `--format concise` prints. At most `Diagnostic.summaryLimit` characters, never a line
    /// break; shorten long names with `ShortName`.
    package var summary: String
    /// One or two sentences with the full program context: the layers by name and line, the
    /// value found, the loss involved, and why it matters. Shown on hover and by `umlaut check`.
    package var message: String
    /// Where the problem is.
    package var span: SourceSpan
    package var related: [RelatedLocation]
    /// The suggested solution in a sentence, shown as `help:` even when no automatic fix exists.
    package var help: String?
    package var fix: Fix?

    /// The longest `summary` a rule may write; tests hold every rule's examples to it.
    package static let summaryLimit = 100

    package init(
        code: RuleCode, name: String, severity: Severity, summary: String, message: String, span: SourceSpan,
        related: [RelatedLocation] = [], help: String? = nil, fix: Fix? = nil
    ) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.message = message
        self.span = span
        self.related = related
        self.help = help
        self.fix = fix
    }
}
