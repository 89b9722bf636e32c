import PythonSyntax

/// Applies fixes to a source text, as `--fix` and the editor's fix-all do.
package enum FixApplier {
    package struct Outcome: Sendable {
        package var source: SourceText
        /// The fixes applied, in source order.
        package var applied: [Fix]
        /// Fixes left out because they overlapped one applied earlier.
        package var skipped: [Fix]
    }

    /// Applies every fix whose edits do not overlap an earlier one's, in source order. Fixes
    /// whose edits fall outside the text are skipped. Callers re-lint and re-apply to reach a
    /// fixed point (see `fixToFixedPoint`).
    package static func apply(_ fixes: [Fix], to source: SourceText) -> Outcome {
        let ordered = fixes.sorted { ($0.edits.first?.startByte ?? 0) < ($1.edits.first?.startByte ?? 0) }
        var accepted: [Fix] = []
        var skipped: [Fix] = []
        var claimed: [Range<Int>] = []
        for fix in ordered {
            let ranges = fix.edits.map(\.range)
            let inside = ranges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= source.bytes.count }
            let overlaps = ranges.contains { range in claimed.contains { Self.conflict(range, $0) } }
            if fix.edits.isEmpty || !inside || overlaps {
                skipped.append(fix)
            } else {
                accepted.append(fix)
                claimed += ranges
            }
        }
        let edits = accepted.flatMap(\.edits).sorted { ($0.startByte, $0.endByte) < ($1.startByte, $1.endByte) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.bytes.count)
        var cursor = 0
        for edit in edits {
            bytes.append(contentsOf: source.bytes[cursor..<edit.startByte])
            bytes.append(contentsOf: edit.replacement.utf8)
            cursor = edit.endByte
        }
        bytes.append(contentsOf: source.bytes[cursor...])
        return Outcome(source: SourceText(bytes), applied: accepted, skipped: skipped)
    }

    /// Two edits conflict when they overlap, or when both insert at the same point.
    static func conflict(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        if a.isEmpty && b.isEmpty { return a.lowerBound == b.lowerBound }
        if a.isEmpty { return b.lowerBound < a.lowerBound && a.lowerBound < b.upperBound }
        if b.isEmpty { return a.lowerBound < b.lowerBound && b.lowerBound < a.upperBound }
        return a.overlaps(b)
    }

    /// Lints and fixes repeatedly until no applicable fix is left (at most `maxPasses` rounds),
    /// as ruff does, since one fix can make room for another.
    package static func fixToFixedPoint(
        _ source: SourceText, linter: Linter, path: String?, including: Set<Applicability> = [.safe],
        maxPasses: Int = 10
    ) -> (source: SourceText, appliedCount: Int, remaining: LintResult) {
        var current = source
        var count = 0
        let parser = Parser()
        for _ in 0..<maxPasses {
            let result = linter.lint(parser.parse(current), path: path)
            let fixes = result.diagnostics.compactMap(\.fix).filter { including.contains($0.applicability) }
            if fixes.isEmpty { return (current, count, result) }
            let outcome = apply(fixes, to: current)
            if outcome.applied.isEmpty { return (current, count, result) }
            count += outcome.applied.count
            current = outcome.source
        }
        return (current, count, linter.lint(parser.parse(current), path: path))
    }
}
