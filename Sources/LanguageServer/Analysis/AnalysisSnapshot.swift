import LSPTypes
import LintCore
import PythonSyntax

/// The analysis of one version of an `AnalysisUnit`, with its diagnostics already in LSP form.
///
/// Immutable and `Sendable`: request handlers read it instead of the live document, so that
/// what they answer is consistent with one version even while edits arrive.
struct AnalysisSnapshot: Sendable {
    /// The document or notebook.
    let uri: DocumentURI
    let version: Int
    let source: SourceText
    let map: SourceMap
    let result: LintResult
    /// The settings the linter ran with, and the configuration generation they came from.
    let settings: Settings
    let settingsGeneration: Int
    /// The file's path relative to its workspace folder, for per-file ignores.
    let relativePath: String?
    /// The LSP diagnostics of every client document behind the source (empty lists included,
    /// so that publishing them clears what went away).
    let diagnostics: [DocumentURI: [LSPTypes.Diagnostic]]
    /// Where `diagnostics[uri][i]` came from in `result.diagnostics`.
    let origins: [DocumentURI: [Int]]

    /// Identifies the result for pulled diagnostics: a new version or new settings give a new id.
    var resultID: String { "\(version).\(settingsGeneration)" }
}
