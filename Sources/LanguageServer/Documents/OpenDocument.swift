import LintCore
import LSPTypes
import PythonSyntax

/// A Python file the client has open: its text at the client's latest version and the syntax
/// tree of that text, kept up to date by editing the tree and re-parsing incrementally.
///
/// Owned by the server actor; the tree never leaves it (tree-sitter trees are not thread-safe).
final class OpenDocument: AnalysisUnit {
    let uri: DocumentURI
    let languageId: String
    private(set) var version: Int
    private(set) var source: SourceText
    private(set) var tree: SyntaxTree
    var analysis: AnalysisSnapshot?

    init(_ item: TextDocumentItem, parser: Parser) {
        uri = item.uri
        languageId = item.languageId
        version = item.version
        source = SourceText(item.text)
        tree = parser.parse(source)
    }

    /// Applies a `didChange`: the text edits, then one incremental re-parse.
    func apply(_ changes: [TextDocumentContentChangeEvent], version: Int, encoding: PositionEncodingKind, parser: Parser) {
        let (text, edits) = TextChanges.apply(changes, to: source, encoding: encoding)
        self.version = version
        source = text
        tree = parser.reparse(tree, applying: edits, newSource: text)
        analysis = nil
    }

    var sourceMap: SourceMap { .document(uri: uri, version: version) }
    var lineLabels: LineLabels { .plain }
    var fileURI: DocumentURI { uri }
}
