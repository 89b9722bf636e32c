import Foundation
import LintCore
import LintRules
import PythonSyntax
import TestSupport
import Testing

/// The model and learning-rate rules (UM101–UM105, UM301) on the bundled `Examples/`: each must
/// report exactly what the example documents, and the rendered diagnostics (message, related
/// locations, help, fix, and the one-line summary editors show) are compared with `Fixtures/ModelRules/<example>.txt`.
///
/// Only these rules run here, so that other rules' findings do not change these goldens.
@Suite struct ModelRulesOnExamplesTests {
    static let codes: Set<RuleCode> = ["UM101", "UM102", "UM103", "UM104", "UM105", "UM301"]
    static let examples = goldenPath("../../Examples")

    /// What each example documents for these rules, as (code, one-based line).
    static let expected: [String: [String]] = [
        "cifar_program_a.py": ["UM102@24"],
        "cifar_program_b.py": ["UM101@15", "UM101@17", "UM101@19", "UM301@23"],
        "mnist_pytorch.py": ["UM101@23", "UM104@25", "UM301@33"],
        "fashion_mnist_clean.py": [],
        "imdb_functional.ipynb": ["UM105@", "UM103@"],
    ]

    @Test(arguments: expected.keys.sorted())
    func example(_ name: String) throws {
        let source = try Self.source(of: name)
        let linter = Linter(rules: BuiltInRules.all.filter { Self.codes.contains(type(of: $0).description.code) })
        let result = linter.lint(SourceText(source))
        let found = result.diagnostics.map { "\($0.code)@\($0.span.line)" }
        let expected = try #require(Self.expected[name])
        if name.hasSuffix(".ipynb") {
            // Line numbers refer to the joined cells; the codes and their count are what the notebook documents.
            #expect(
                found.map { String($0.prefix(5)) }.sorted() == expected.map { String($0.prefix(5)) }.sorted(),
                "\(found)")
        } else {
            #expect(found.sorted() == expected.sorted())
        }
        assertGolden(
            Self.render(result.diagnostics, source: source, file: name),
            path: goldenPath("Fixtures/ModelRules/\(name).txt"))
    }

    /// A script's text, or a notebook's code cells joined (line magics left out).
    static func source(of name: String) throws -> String {
        let path = "\(examples)/\(name)"
        guard name.hasSuffix(".ipynb") else { return try String(contentsOfFile: path, encoding: .utf8) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let notebook = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let cells = notebook?["cells"] as? [[String: Any]] ?? []
        return cells.filter { $0["cell_type"] as? String == "code" }.map { cell in
            let lines = cell["source"] as? [String] ?? [(cell["source"] as? String) ?? ""]
            return lines.filter { !$0.hasPrefix("%") }.joined()
        }.joined(separator: "\n\n") + "\n"
    }

    /// Diagnostics as a reviewer reads them.
    static func render(_ diagnostics: [Diagnostic], source: String, file: String) -> String {
        let index = LineIndex(Array(source.utf8))
        func position(_ byte: Int) -> String {
            let point = index.position(ofByte: byte, unit: .scalar)
            return "\(point.line + 1):\(point.column + 1)"
        }
        var lines: [String] = []
        for diagnostic in diagnostics {
            lines.append(
                "\(file):\(position(diagnostic.span.startByte)): \(diagnostic.code) [\(diagnostic.name)] \(diagnostic.message)"
            )
            lines.append("  summary: \(diagnostic.summary)")
            for related in diagnostic.related {
                lines.append("  related \(position(related.span.startByte)): \(related.message)")
            }
            if let help = diagnostic.help { lines.append("  help: \(help)") }
            if let fix = diagnostic.fix {
                lines.append("  fix (\(fix.applicability.rawValue)): \(fix.title)")
                for edit in fix.edits {
                    let old = String(decoding: Array(source.utf8)[edit.startByte..<edit.endByte], as: UTF8.self)
                    lines.append(
                        "    \(position(edit.startByte)) \(old.debugDescription) -> \(edit.replacement.debugDescription)"
                    )
                }
            }
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}
