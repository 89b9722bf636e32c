import PythonSyntax
import TrainingModel

/// Helpers for the data-extraction tests (named apart from other suites' helpers: one test
/// module holds them all).
enum DataTesting {
    /// The model of a piece of code.
    static func model(_ code: String) -> ScriptModel {
        ScriptAnalyzer.analyze(Parser().parse(SourceText(code)))
    }

    /// The text a span covers in `code`.
    static func text(_ span: SourceSpan?, in code: String) -> String? {
        guard let span else { return nil }
        return SourceText(code).text(in: span.byteRange)
    }
}

extension ScriptModel {
    /// The only dataset, or the one loaded by a call whose text starts with `prefix`.
    func dataset(loadedBy prefix: String, in code: String) -> Dataset? {
        datasets.first { DataTesting.text($0.span, in: code)?.hasPrefix(prefix) == true }
    }
}
