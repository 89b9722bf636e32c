import Foundation
import LintCore
import LintRules
import PythonSyntax
import Testing

/// After any edit, linting the incrementally re-parsed tree (as the language server does) must
/// give exactly what a fresh parse of the same text gives: same diagnostics, fixes, syntax
/// errors and model.
@Suite struct IncrementalLintTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")

    /// A small deterministic generator (SplitMix64), so that a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
        }
    }

    /// Typing-like edits: insert or delete a few characters, replace a number, break and
    /// restore brackets, add and remove lines.
    static func edit(_ text: SourceText, random: inout Random) -> (SourceText, InputEdit) {
        let bytes = text.bytes
        let position = random.next(bytes.count + 1)
        let snippets = [
            "x", " ", "\n", "(", ")", "0.9", "#", "'", "model", "Dense(3)", ", activation='softmax'", "\n    ", ":",
        ]
        switch random.next(4) {
        case 0:
            // Replace a run of digits with another number, as changing a rate or a size does.
            if let start = bytes[position...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                var end = start
                while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x2E { end += 1 }
                return text.replacing(start..<end, with: ["0.7", "1", "256", "0"][random.next(4)])
            }
            return text.replacing(position..<position, with: "1")
        case 1:
            let end = min(bytes.count, position + 1 + random.next(4))
            return text.replacing(position..<end, with: "")
        default:
            return text.replacing(position..<position, with: snippets[random.next(snippets.count)])
        }
    }

    @Test(arguments: ["cifar_program_a.py", "mnist_pytorch.py", "channels_first_images.py"])
    func incrementalEqualsFresh(example: String) throws {
        let linter = Linter(rules: BuiltInRules.all)
        let parser = Parser()
        let fresh = Parser()
        var random = Random(state: UInt64(example.utf8.count))
        var text = SourceText(Array(try Data(contentsOf: Self.examples.appendingPathComponent(example))))
        var tree = parser.parse(text)
        let original = text
        for step in 0..<150 {
            // Now and then go back to the original, as undo does.
            let (edited, edit) =
                step % 25 == 24
                ? text.replacing(0..<text.bytes.count, with: original.bytes)
                : Self.edit(text, random: &random)
            tree = parser.reparse(tree, applying: [edit], newSource: edited)
            text = edited
            let incremental = linter.lint(tree)
            let expected = linter.lint(fresh.parse(text))
            #expect(incremental.diagnostics == expected.diagnostics, "\(example), edit \(step)")
            #expect(incremental.syntaxErrors == expected.syntaxErrors, "\(example), edit \(step)")
            #expect(incremental.model == expected.model, "\(example), edit \(step)")
            if incremental.diagnostics != expected.diagnostics { break }
        }
    }
}
