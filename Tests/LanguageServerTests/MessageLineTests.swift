import LintCore
import Testing

@testable import LanguageServer

/// `MessageLine.clamped`: one line of at most `summaryLimit` characters, whichever way there.
@Suite struct MessageLineTests {
    let limit = LintCore.Diagnostic.summaryLimit

    @Test func shortLinesAreKept() {
        #expect(MessageLine.clamped("`Dropout` drops 80% of its inputs") == "`Dropout` drops 80% of its inputs")
        #expect(MessageLine.clamped("rate ≥ 0.5 in `Dropout`") == "rate ≥ 0.5 in `Dropout`")
        let full = String(repeating: "a", count: limit)
        #expect(MessageLine.clamped(full) == full)
    }

    @Test func lineBreaksOfEveryKindBecomeSpaces() {
        for separator in ["\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}"] {
            #expect(MessageLine.clamped("first\(separator)second") == "first second", "\(separator.unicodeScalars)")
        }
        #expect(MessageLine.clamped("first\n\nsecond") == "first second")
    }

    @Test func longTextsAreCutToTheLimitInCharacters() {
        let ascii = MessageLine.clamped(String(repeating: "a", count: limit + 1))
        #expect(ascii.count == limit && ascii.hasSuffix("…"))
        // Characters, not bytes: 120 two-byte characters fit a limit of 120.
        let accented = String(repeating: "é", count: limit)
        #expect(MessageLine.clamped(accented) == accented)
        #expect(MessageLine.clamped(accented + "é").count == limit)
    }
}
