/// The identifiers a rule needs in a file's text before it can report anything there: the
/// linter's pre-filter skips parsing and analysing a file in which no enabled rule's tokens occur.
///
/// A contract, not a heuristic: if a rule could report on a text, its tokens occur in that text.
/// `verifyRule` checks it on every triggering example and correction of the rule, so a rule
/// that forgets a token fails its own tests. The tokens come from `TriggerWords` in
/// TrainingModel, which derives them from the catalogues the passes match against.
///
/// A term is a set of words that must all occur in the text as whole words (maximal runs of ASCII
/// letters, digits and `_`; a word may also start after leading digits, as `2Model` lexes as a
/// number and a name); a clause holds when one of its terms does. Tokens are alternatives, each a
/// list of clauses that must all hold: `TriggerTokens(anyOf:)` makes one clause, `or` adds
/// alternatives and `and` joins clauses (a network *and* a dropout layer), which keeps "any of
/// twenty network words and any of two hundred layer words" two clauses instead of four thousand
/// terms. Words occur anywhere: in code, strings and comments alike, so the test is cheap and
/// only errs towards analysing. `ignoringCase` words match in any letter case.
package struct TriggerTokens: Sendable, Hashable {
    /// One word to look for.
    package struct Word: Sendable, Hashable {
        package var text: String
        package var ignoringCase: Bool

        package init(_ text: String, ignoringCase: Bool = false) {
            self.text = ignoringCase ? text.lowercased() : text
            self.ignoringCase = ignoringCase
        }
    }

    /// A clause: alternative terms, each a set of words that must all occur.
    package typealias Clause = [[Word]]

    /// Alternatives, each a list of clauses that must all hold; nil means any text may trigger
    /// the rule (no pre-filtering).
    package private(set) var alternatives: [[Clause]]?

    /// No pre-filtering: the rule may report on any text. The default for a rule that declares
    /// nothing, so that a rule written without tokens is never wrongly skipped.
    package static let anyText = TriggerTokens(alternatives: nil)

    private init(alternatives: [[Clause]]?) {
        self.alternatives = alternatives
    }

    /// One clause of terms given as lists of words that must all occur
    /// (`[["torch", "Adam"], ["SGD"]]`).
    package init(anyOf terms: [[String]]) {
        alternatives = [[terms.map { $0.map { Word($0) } }]]
    }

    /// One clause of single words, any one of which is enough, that match in any letter case.
    package init(anyOfIgnoringCase words: [String]) {
        alternatives = [[words.map { [Word($0, ignoringCase: true)] }]]
    }

    /// Either set of tokens: the rule may report where either may.
    package func or(_ other: TriggerTokens) -> TriggerTokens {
        guard let alternatives, let others = other.alternatives else { return .anyText }
        return TriggerTokens(alternatives: alternatives + others)
    }

    /// Both sets of tokens: the rule may report only where both may.
    package func and(_ other: TriggerTokens) -> TriggerTokens {
        guard let alternatives else { return other }
        guard let others = other.alternatives else { return self }
        return TriggerTokens(alternatives: alternatives.flatMap { mine in others.map { mine + $0 } })
    }
}
