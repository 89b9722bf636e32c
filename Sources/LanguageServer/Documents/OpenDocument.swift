import LSPTypes
import LintCore
import PythonSyntax
import TrainingModel

/// A Python file the client has open: its text at the client's latest version and the syntax
/// tree of that text, kept up to date by editing the tree and re-parsing incrementally.
///
/// Owned by the server actor; the tree never leaves it (tree-sitter trees are not thread-safe:
/// analyses get a copy). A text over `parsedOnActorLimit` has no tree here: parsing it would
/// hold up the message loop for seconds, so each analysis parses it afresh off the actor (and a
/// text over `Linter.maximumSourceSize` is not analysed at all).
final class OpenDocument: AnalysisUnit {
    let uri: DocumentURI
    let languageId: String
    private(set) var version: Int
    private(set) var source: SourceText
    private(set) var tree: SyntaxTree?
    var analysis: AnalysisSnapshot?
    /// The lint results of the last few texts analysed, newest last, for `RecentResults`.
    var recentResults = RecentResults()
    /// The analysis of the document's groups of statements, kept across versions so that an
    /// edit re-analyses only the groups it touched (Docs/IncrementalAnalysis.md), and prepared
    /// in the background after the first diagnostics.
    let groups = DocumentGroups()
    /// The largest text parsed (and re-parsed incrementally) on the actor.
    let parsedOnActorLimit: Int
    /// The trees of the last few texts before the current one, newest last: a text equal to
    /// one of them (a character typed and deleted again, an undo) takes that tree back instead
    /// of a re-parse. After error recovery the re-parse can cost a full parse: a character
    /// typed after a `def` line re-parses in 0.3 ms, deleting it again in 15-17 ms on a
    /// 2,000-line script. Trees are immutable and share their unchanged subtrees.
    private var recentTrees: [SyntaxTree] = []

    init(_ item: TextDocumentItem, parser: Parser, parsedOnActorLimit: Int) {
        self.parsedOnActorLimit = parsedOnActorLimit
        uri = item.uri
        languageId = item.languageId
        version = item.version
        source = SourceText(item.text)
        tree = source.bytes.count > parsedOnActorLimit ? nil : parser.parse(source)
    }

    /// Applies a `didChange`: the text edits, then one incremental re-parse (or a parse from
    /// scratch when the text just came under the limit).
    func apply(
        _ changes: [TextDocumentContentChangeEvent], version: Int, encoding: PositionEncodingKind, parser: Parser
    ) {
        let (text, edits) = TextChanges.apply(changes, to: source, encoding: encoding)
        self.version = version
        source = text
        if let tree, text.bytes.count <= parsedOnActorLimit {
            recentTrees.removeAll { $0 === tree }
            recentTrees.append(tree)
            if recentTrees.count > RecentResults.capacity { recentTrees.removeFirst() }
            if let known = recentTrees.last(where: {
                $0.source.bytes.count == text.bytes.count && $0.source.bytes == text.bytes
            }) {
                self.tree = known
            } else {
                self.tree = parser.reparse(tree, applying: edits, newSource: text)
            }
        } else {
            recentTrees = []
            tree = text.bytes.count > parsedOnActorLimit ? nil : parser.parse(text)
        }
        analysis = nil
    }

    var sourceMap: SourceMap { .document(uri: uri, version: version) }
    var lineLabels: LineLabels { .plain }
    var fileURI: DocumentURI { uri }
}
