import CTreeSitter

/// Parses Python source into syntax trees, from scratch or incrementally.
///
/// A parser holds mutable C state: use one from a single thread or actor at a time. Creating one
/// is cheap; the CLI makes one per worker thread, the language server one per document manager.
package final class Parser {
    private let raw: OpaquePointer

    package init() {
        raw = ts_parser_new()
        let loaded = ts_parser_set_language(raw, PythonGrammar.language)
        precondition(
            loaded,
            "the Python grammar's ABI \(PythonGrammar.abiVersion) is outside \(PythonGrammar.supportedABIVersions)")
    }

    deinit {
        ts_parser_delete(raw)
    }

    /// Parses a whole text.
    package func parse(_ source: SourceText) -> SyntaxTree {
        parse(source, reusing: nil)
    }

    /// Parses `source` reusing the unchanged parts of `oldTree`, which must already have been
    /// told about every edit between its text and `source` (see `SyntaxTree.edited(by:)`).
    package func parse(_ source: SourceText, reusing oldTree: SyntaxTree?) -> SyntaxTree {
        let tree = source.bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            guard let base = buffer.baseAddress else {
                return ts_parser_parse_string(raw, oldTree?.raw, "", 0)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                ts_parser_parse_string(raw, oldTree?.raw, chars, UInt32(buffer.count))
            }
        }
        // ts_parser_parse_string returns NULL only on timeout or cancellation, neither of which
        // this parser ever sets. An empty text still yields a `module` node.
        guard let tree else { fatalError("tree-sitter returned no tree without a timeout or cancellation") }
        return SyntaxTree(raw: tree, source: source)
    }

    /// Applies an edit to `tree`'s text and re-parses incrementally: the old tree is copied and
    /// edited, so `tree` itself stays valid for whoever still holds it.
    /// One edit is said to reach from the token before it to the next line
    /// (`InputEdit.widened(in:)`), which spares tree-sitter a full re-parse after an edit at or
    /// after the end of a block.
    package func reparse(_ tree: SyntaxTree, applying edits: [InputEdit], newSource: SourceText) -> SyntaxTree {
        let edited = tree.edited(by: edits.count == 1 ? [edits[0].widened(in: newSource)] : edits)
        return parse(newSource, reusing: edited)
    }
}
