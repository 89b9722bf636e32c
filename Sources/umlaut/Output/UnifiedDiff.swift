/// A unified diff of two texts by lines, for `--diff` (what `--fix` would change).
///
/// Fixes are local, so the common prefix and suffix are stripped first and the rest is aligned
/// by a longest-common-subsequence table (or replaced whole when it is very large).
enum UnifiedDiff {
    static func render(
        old: String, new: String, oldName: String, newName: String, style: Style, context: Int = 3
    ) -> String {
        let a = lines(old)
        let b = lines(new)
        guard a != b else { return "" }
        let operations = align(a, b)
        var out = style.removed("--- " + oldName) + "\n" + style.added("+++ " + newName) + "\n"
        // Group operations into hunks with `context` unchanged lines around changes.
        var index = 0
        while index < operations.count {
            guard let change = operations[index...].firstIndex(where: { $0.kind != .same }) else { break }
            let start = max(change - context, index)
            var end = change
            var lastChange = change
            while end < operations.count {
                if operations[end].kind != .same { lastChange = end }
                if end - lastChange > context * 2 { break }
                end += 1
            }
            end = min(lastChange + context + 1, operations.count)
            let hunk = operations[start..<end]
            let oldStart = hunk.first!.oldLine
            let newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != .added }.count
            let newCount = hunk.filter { $0.kind != .removed }.count
            out +=
                "@@ -\(oldStart + (oldCount > 0 ? 1 : 0)),\(oldCount) +\(newStart + (newCount > 0 ? 1 : 0)),\(newCount) @@\n"
            for operation in hunk {
                // A last line without a line break carries `noNewline` (so it differs from the
                // same text with one); patch wants the marker line after it.
                let isLast =
                    (operation.kind != .added && operation.oldLine == a.count - 1)
                    || (operation.kind != .removed && operation.newLine == b.count - 1)
                let text =
                    isLast && operation.text.hasSuffix(Self.noNewline)
                    ? String(operation.text.dropLast()) : operation.text
                let marker = text.utf8.count != operation.text.utf8.count ? "\\ No newline at end of file\n" : ""
                switch operation.kind {
                case .same: out += " " + text + "\n" + marker
                case .removed: out += style.removed("-" + text) + "\n" + marker
                case .added: out += style.added("+" + text) + "\n" + marker
                }
            }
            index = end
        }
        return out
    }

    struct Operation {
        enum Kind { case same, removed, added }
        var kind: Kind
        var text: String
        /// Zero-based line in the old and new text where this operation stands.
        var oldLine: Int
        var newLine: Int
    }

    /// Lines split at LF bytes. A CRLF line keeps its `\r` (as `diff -u` prints it, so the
    /// patch applies); splitting the `String` by `Character` would not split at all, since
    /// `"\r\n"` is one grapheme.
    static func lines(_ text: String) -> [String] {
        var result = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if result.last == "" {
            result.removeLast()
        } else if !result.isEmpty {
            result[result.count - 1] += noNewline
        }
        return result
    }

    /// Appended to a last line that has no line break (never part of a Python text).
    static let noNewline = "\u{FFFF}"

    static func align(_ a: [String], _ b: [String]) -> [Operation] {
        var prefix = 0
        while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        var operations: [Operation] = (0..<prefix).map { Operation(kind: .same, text: a[$0], oldLine: $0, newLine: $0) }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var oldLine = prefix
        var newLine = prefix
        if middleA.count * middleB.count > 4_000_000 {
            for line in middleA {
                operations.append(Operation(kind: .removed, text: line, oldLine: oldLine, newLine: newLine));
                oldLine += 1
            }
            for line in middleB {
                operations.append(Operation(kind: .added, text: line, oldLine: oldLine, newLine: newLine)); newLine += 1
            }
        } else {
            // lcs[i][j]: length of the LCS of middleA[i...] and middleB[j...].
            let n = middleA.count, m = middleB.count
            var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = middleA[i] == middleB[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < n || j < m {
                if i < n, j < m, middleA[i] == middleB[j] {
                    operations.append(Operation(kind: .same, text: middleA[i], oldLine: oldLine, newLine: newLine))
                    i += 1; j += 1; oldLine += 1; newLine += 1
                } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                    operations.append(Operation(kind: .removed, text: middleA[i], oldLine: oldLine, newLine: newLine))
                    i += 1; oldLine += 1
                } else {
                    operations.append(Operation(kind: .added, text: middleB[j], oldLine: oldLine, newLine: newLine))
                    j += 1; newLine += 1
                }
            }
        }
        for offset in 0..<suffix {
            operations.append(
                Operation(
                    kind: .same, text: a[a.count - suffix + offset], oldLine: oldLine + offset,
                    newLine: newLine + offset))
        }
        return operations
    }
}
