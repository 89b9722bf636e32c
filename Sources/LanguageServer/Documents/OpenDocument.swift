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
    /// typed after a `def` line re-parses in 0.3 ms, deleting it again in 9-17 ms on a
    /// 2,000-line script, as the nodes built for the rest of the file with it cannot be reused.
    /// An edit that takes the text nearer to a recent one than the current text is (the stray
    /// character deleted after an edit elsewhere) re-parses from that recent tree instead, told
    /// the lines that differ between their texts (`nearerBase(for:than:)`). Trees are immutable
    /// and share their unchanged subtrees.
    private var recentTrees: [SyntaxTree] = []
    /// The most bytes (both texts' lines counted) a re-parse from a recent tree may be told
    /// changed; beyond, the current tree and the edits themselves are used.
    static let nearerBaseLimit = 4096

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
            } else if let (base, edit) = nearerBase(for: text, than: tree) {
                self.tree = parser.reparse(base, applying: [edit], newSource: text)
            } else {
                self.tree = parser.reparse(tree, applying: edits, newSource: text)
            }
        } else {
            recentTrees = []
            tree = text.bytes.count > parsedOnActorLimit ? nil : parser.parse(text)
        }
        analysis = nil
    }

    /// The newest recent tree (not `current`) whose text differs from `text` in fewer bytes than
    /// it differs from `current`'s, and in at most `nearerBaseLimit`, with the edit between them:
    /// `text` undoes part of what came after that tree.
    func nearerBase(for text: SourceText, than current: SyntaxTree) -> (SyntaxTree, InputEdit)? {
        for candidate in recentTrees.reversed() where candidate !== current {
            guard abs(candidate.source.bytes.count - text.bytes.count) <= Self.nearerBaseLimit,
                let edit = candidate.source.difference(to: text), edit.changedBytes <= Self.nearerBaseLimit
            else { continue }
            let fromCurrent = candidate.source.difference(to: current.source)?.changedBytes ?? 0
            if edit.changedBytes < fromCurrent { return (candidate, edit) }
        }
        return nil
    }

    var sourceMap: SourceMap { .document(uri: uri, version: version) }
    var lineLabels: LineLabels { .plain }
    var fileURI: DocumentURI { uri }
}
