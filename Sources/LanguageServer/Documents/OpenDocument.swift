import LintCore
import LSPTypes
import PythonSyntax

/// A Python file the client has open: its text at the client's latest version and the syntax
/// tree of that text, kept up to date by editing the tree and re-parsing incrementally.
///
/// Owned by the server actor; the tree never leaves it (tree-sitter trees are not thread-safe:
/// analyses get a copy). A text over `Linter.maximumSourceSize` is not parsed (its tree is that
/// of an empty text) since it is not analysed either: parsing it would cost memory many times
/// its size.
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
        tree = Self.parse(source, parser: parser)
    }

    /// Whether the text is too large to be parsed and analysed.
    var isTooLarge: Bool { source.bytes.count > Linter.maximumSourceSize }

    private static func parse(_ source: SourceText, parser: Parser) -> SyntaxTree {
        source.bytes.count > Linter.maximumSourceSize ? parser.parse(SourceText("")) : parser.parse(source)
    }

    /// Applies a `didChange`: the text edits, then one incremental re-parse.
    func apply(_ changes: [TextDocumentContentChangeEvent], version: Int, encoding: PositionEncodingKind, parser: Parser) {
        let wasParsed = !isTooLarge
        let (text, edits) = TextChanges.apply(changes, to: source, encoding: encoding)
        self.version = version
        source = text
        if wasParsed, !isTooLarge {
            tree = parser.reparse(tree, applying: edits, newSource: text)
        } else if wasParsed || !isTooLarge {
            tree = Self.parse(text, parser: parser)
        }
        analysis = nil
    }

    var sourceMap: SourceMap { .document(uri: uri, version: version) }
    var lineLabels: LineLabels { .plain }
    var fileURI: DocumentURI { uri }
}
