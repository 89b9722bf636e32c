import LSPTypes
import LintCore
import PythonSyntax

/// What is analysed as one Python source: an open `.py` document, or an open notebook's code
/// cells joined. Owned by the server actor, like the syntax tree it holds.
protocol AnalysisUnit: AnyObject {
    /// The document or notebook URI.
    var uri: DocumentURI { get }
    var version: Int { get }
    var source: SourceText { get }
    /// The syntax tree of `source`; nil when the text is too large to be parsed on the actor
    /// (the analysis parses it).
    var tree: SyntaxTree? { get }
    var sourceMap: SourceMap { get }
    /// How rule messages name lines (a notebook's name its cells).
    var lineLabels: LineLabels { get }
    /// The latest analysis, dropped on every edit.
    var analysis: AnalysisSnapshot? { get set }
}
