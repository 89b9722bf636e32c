import PythonSyntax

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `# umlaut: ignore[UM302, UM101]` and bare `# umlaut: ignore` comments of a file.
///
/// Found through the syntax tree's comment nodes, so the same text inside a string does not
/// count. A comment suppresses the diagnostics that start on its line.
package struct Suppressions: Sendable {
    package struct Directive: Hashable, Sendable {
        /// Zero-based line of the comment.
        package var line: Int
        /// The codes listed, or nil for a bare `ignore` (every rule).
        package var codes: Set<RuleCode>?
        /// The comment's byte range.
        package var range: Range<Int>
    }

    package private(set) var directives: [Int: Directive] = [:]

    /// No directives.
    init() {}

    package init(tree: SyntaxTree) {
        let source = tree.source
        // Comments cannot hold the directive unless the text does: skip the walk otherwise.
        guard Self.containsMarker(source.bytes) else { return }
        tree.root.walk { node in
            if node.kind == .comment {
                if let directive = Self.parse(node.text, range: node.byteRange, line: node.startPoint.line) {
                    directives[directive.line] = directive
                }
                return false
            }
            return node.childCount > 0
        }
    }

    private static let marker = Array("umlaut:".utf8)

    /// Whether the text holds `umlaut:` anywhere: libc's vectorised `memchr` finds each `u`,
    /// then a compare. (A byte loop here was 1.4% of an edit's analysis on a 2,000-line script,
    /// and a generic `firstRange(of:)` an eighth of all linting time.)
    package static func containsMarker(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            let count = buffer.count, length = marker.count
            var index = 0
            while index <= count - length {
                guard let found = memchr(base + index, 0x75, count - length + 1 - index) else { return false }
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + index, marker, length) == 0 { return true }
                index += 1
            }
            return false
        }
    }

    /// Parses one comment; nil if it is not a suppression.
    static func parse(_ comment: String, range: Range<Int>, line: Int) -> Directive? {
        // The directive may follow other comment text: `# noqa: E501  # umlaut: ignore[UM101]`.
        guard let start = comment.range(of: "umlaut:") else { return nil }
        var rest = comment[start.upperBound...].drop { $0 == " " }
        guard rest.hasPrefix("ignore") else { return nil }
        rest = rest.dropFirst("ignore".count)
        guard rest.first == "[" else {
            // Bare `ignore`, possibly followed by more comment text.
            if let next = rest.first, next.isLetter || next.isNumber || next == "-" { return nil }
            return Directive(line: line, codes: nil, range: range)
        }
        guard let close = rest.firstIndex(of: "]") else { return nil }
        let codes = rest[rest.index(after: rest.startIndex)..<close]
            .split(whereSeparator: { $0 == "," || $0 == " " })
            .compactMap { RuleCode(rawValue: String($0)) }
        return Directive(line: line, codes: Set(codes), range: range)
    }

    /// Whether a diagnostic starting on `line` with `code` is suppressed.
    package func suppresses(_ code: RuleCode, onLine line: Int) -> Bool {
        guard let directive = directives[line] else { return false }
        return directive.codes?.contains(code) ?? true
    }
}

extension String {
    func range(of needle: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
