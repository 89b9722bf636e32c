import LSPTypes
import PythonSyntax

/// Applies `didChange` content changes to a text: the one place edits from the client become
/// new text and tree-sitter `InputEdit`s.
enum TextChanges {
    /// Applies the changes in order (each range is relative to the text the previous change
    /// left) and returns the new text and the edits a syntax tree must be told about.
    ///
    /// A change without a range replaces the whole text. Ranges out of the text clamp (see
    /// `PositionConverter`), so any change the client sends gives a defined result: the same
    /// text the client computes under the protocol's clamping rules.
    static func apply(
        _ changes: [TextDocumentContentChangeEvent], to text: SourceText, encoding: PositionEncodingKind
    ) -> (text: SourceText, edits: [InputEdit]) {
        var text = text
        var edits: [InputEdit] = []
        edits.reserveCapacity(changes.count)
        for change in changes {
            let range: Range<Int>
            if let changeRange = change.range {
                range = PositionConverter(text, encoding: encoding).byteRange(of: changeRange)
            } else {
                range = 0..<text.bytes.count
            }
            let (next, edit) = text.replacing(range, with: change.text)
            text = next
            edits.append(edit)
        }
        return (text, edits)
    }
}
