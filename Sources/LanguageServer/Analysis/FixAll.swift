import LSPTypes
import LintCore
import PythonSyntax

/// The edits of `source.fixAll.umlaut`: every safe fix, repeated to a fixed point as
/// `umlaut check --fix` does (one fix can make room for another).
enum FixAll {
    /// The edits for a snapshot, nil when there is nothing to fix.
    static func edits(
        for snapshot: AnalysisSnapshot, rules: [any Rule], encoding: PositionEncodingKind
    ) -> [DocumentTextEdit]? {
        switch snapshot.map {
        case .document(let uri, _):
            let linter = Linter(rules: rules, settings: snapshot.settings)
            let fixed = FixApplier.fixToFixedPoint(
                snapshot.source, linter: linter, path: snapshot.relativePath, including: [.safe])
            guard fixed.appliedCount > 0, fixed.source.bytes != snapshot.source.bytes else { return nil }
            let (old, new) = changedRanges(snapshot.source.bytes, fixed.source.bytes)
            let range = PositionConverter(snapshot.source, encoding: encoding).range(ofBytes: old)
            return [
                DocumentTextEdit(
                    uri: uri, range: range, newText: String(decoding: fixed.source.bytes[new], as: UTF8.self))
            ]
        case .notebook:
            // One pass over the joined cells: each applied fix maps back to its cell.
            let safe = snapshot.result.diagnostics.compactMap(\.fix).filter { $0.applicability == .safe }
            let outcome = FixApplier.apply(safe, to: snapshot.source)
            var edits: [DocumentTextEdit] = []
            for edit in outcome.applied.flatMap(\.edits) {
                guard
                    let (uri, range) = snapshot.map.location(
                        ofBytes: edit.range, in: snapshot.source, encoding: encoding)
                else { continue }
                edits.append(DocumentTextEdit(uri: uri, range: range, newText: edit.replacement))
            }
            return edits.isEmpty ? nil : edits
        case .notebookFile:
            // A notebook on disk, reported by workspace diagnostics: no text edits into its JSON.
            return nil
        }
    }

    /// The smallest ranges that differ between two texts (common prefix and suffix removed),
    /// kept on UTF-8 character boundaries.
    static func changedRanges(_ old: [UInt8], _ new: [UInt8]) -> (old: Range<Int>, new: Range<Int>) {
        var prefix = 0
        let limit = min(old.count, new.count)
        while prefix < limit, old[prefix] == new[prefix] { prefix += 1 }
        while prefix > 0, prefix < old.count, old[prefix] & 0xC0 == 0x80 { prefix -= 1 }
        var suffix = 0
        while suffix < limit - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        while suffix > 0, old.count - suffix < old.count, old[old.count - suffix] & 0xC0 == 0x80 { suffix -= 1 }
        return (prefix..<(old.count - suffix), prefix..<(new.count - suffix))
    }
}
