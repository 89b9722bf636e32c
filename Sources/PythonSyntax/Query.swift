import CTreeSitter

/// A compiled tree-sitter query over the Python grammar, with its predicates evaluated in Swift.
///
/// Supported predicates: `#eq?` / `#not-eq?` (capture against a string or another capture),
/// `#match?` / `#not-match?` (capture against a regular expression), and `#any-of?` /
/// `#not-any-of?`. Any other predicate is rejected when the query is compiled, rather than being
/// silently ignored as tree-sitter's own runtime would do.
///
/// A query is immutable once built and may be shared; each `matches(in:)` call uses its own cursor.
package final class Query {
    let raw: OpaquePointer
    /// Capture names by capture index, without the leading `@`.
    package let captureNames: [String]
    private let predicates: [[Predicate]]

    package init(_ source: String) throws(QueryError) {
        var errorOffset: UInt32 = 0
        var errorType = TSQueryErrorNone
        let compiled = source.withCString { chars in
            ts_query_new(PythonGrammar.language, chars, UInt32(source.utf8.count), &errorOffset, &errorType)
        }
        guard let compiled else {
            throw QueryError(kind: QueryError.Kind(errorType), offset: Int(errorOffset), source: source)
        }
        raw = compiled
        captureNames = (0..<ts_query_capture_count(compiled)).map { id in
            var length: UInt32 = 0
            let name = ts_query_capture_name_for_id(compiled, id, &length)!
            return Self.string(name, length)
        }
        do {
            predicates = try (0..<ts_query_pattern_count(compiled)).map { pattern in
                try Self.predicates(of: compiled, pattern: pattern, source: source)
            }
        } catch let error as QueryError {
            ts_query_delete(compiled)
            throw error
        } catch {
            ts_query_delete(compiled)
            throw QueryError(kind: .predicate, offset: 0, source: source, detail: "\(error)")
        }
    }

    deinit {
        ts_query_delete(raw)
    }

    package var patternCount: Int { Int(ts_query_pattern_count(raw)) }

    /// Every match of the query under `node` (optionally restricted to a byte range), in order,
    /// after predicates are applied.
    package func matches(in node: Node, byteRange: Range<Int>? = nil) -> [QueryMatch] {
        let cursor = ts_query_cursor_new()!
        defer { ts_query_cursor_delete(cursor) }
        if let byteRange {
            ts_query_cursor_set_byte_range(
                cursor, UInt32(max(byteRange.lowerBound, 0)), UInt32(max(byteRange.upperBound, 0)))
        }
        ts_query_cursor_exec(cursor, raw, node.raw)
        var results: [QueryMatch] = []
        var match = TSQueryMatch()
        while ts_query_cursor_next_match(cursor, &match) {
            var captures: [QueryCapture] = []
            captures.reserveCapacity(Int(match.capture_count))
            for index in 0..<Int(match.capture_count) {
                let capture = match.captures[index]
                guard let captured = Node(raw: capture.node, tree: node.tree) else { continue }
                captures.append(
                    QueryCapture(index: Int(capture.index), name: captureNames[Int(capture.index)], node: captured))
            }
            let candidate = QueryMatch(patternIndex: Int(match.pattern_index), captures: captures)
            if predicates[candidate.patternIndex].allSatisfy({ $0.holds(for: candidate) }) {
                results.append(candidate)
            }
        }
        return results
    }

    private static func string(_ chars: UnsafePointer<CChar>, _ length: UInt32) -> String {
        chars.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
        }
    }

    private static func predicates(of query: OpaquePointer, pattern: UInt32, source: String) throws -> [Predicate] {
        var stepCount: UInt32 = 0
        guard let steps = ts_query_predicates_for_pattern(query, pattern, &stepCount) else { return [] }
        let patternOffset = Int(ts_query_start_byte_for_pattern(query, pattern))
        var result: [Predicate] = []
        var current: [Predicate.Argument] = []
        for index in 0..<Int(stepCount) {
            let step = steps[index]
            switch step.type {
            case TSQueryPredicateStepTypeCapture:
                current.append(.capture(Int(step.value_id)))
            case TSQueryPredicateStepTypeString:
                var length: UInt32 = 0
                let value = ts_query_string_value_for_id(query, step.value_id, &length)!
                current.append(.string(string(value, length)))
            default:
                guard case .string(let name)? = current.first else {
                    throw QueryError(
                        kind: .predicate, offset: patternOffset, source: source,
                        detail: "a predicate must start with its name")
                }
                result.append(
                    try Predicate(
                        name: name, arguments: Array(current.dropFirst()), offset: patternOffset, source: source))
                current = []
            }
        }
        return result
    }
}

/// One match of a `Query`.
package struct QueryMatch {
    /// Which pattern of the query matched, in source order of the query.
    package let patternIndex: Int
    /// The captured nodes, in the order tree-sitter reports them.
    package let captures: [QueryCapture]

    /// The first node captured under `name`.
    package subscript(name: String) -> Node? {
        captures.first { $0.name == name }?.node
    }

    /// Every node captured under `name` (quantified captures may capture several).
    package func nodes(named name: String) -> [Node] {
        captures.filter { $0.name == name }.map(\.node)
    }

    func nodes(index: Int) -> [Node] {
        captures.filter { $0.index == index }.map(\.node)
    }
}

/// A node captured by a query under a name.
package struct QueryCapture {
    package let index: Int
    package let name: String
    package let node: Node
}

/// Why a query could not be compiled, with the byte offset into the query text.
package struct QueryError: Error, CustomStringConvertible, Equatable {
    package enum Kind: String, Sendable {
        case syntax, nodeType, field, capture, structure, language, predicate

        init(_ raw: TSQueryError) {
            switch raw {
            case TSQueryErrorSyntax: self = .syntax
            case TSQueryErrorNodeType: self = .nodeType
            case TSQueryErrorField: self = .field
            case TSQueryErrorCapture: self = .capture
            case TSQueryErrorStructure: self = .structure
            case TSQueryErrorLanguage: self = .language
            default: self = .syntax
            }
        }
    }

    package let kind: Kind
    package let offset: Int
    package let detail: String

    init(kind: Kind, offset: Int, source: String, detail: String? = nil) {
        self.kind = kind
        self.offset = offset
        if let detail {
            self.detail = detail
        } else {
            let bytes = Array(source.utf8)
            let lower = min(offset, bytes.count)
            let snippet = String(decoding: bytes[lower..<min(lower + 24, bytes.count)], as: UTF8.self)
            self.detail = "near \"\(snippet)\""
        }
    }

    package var description: String { "query \(kind.rawValue) error at byte \(offset): \(detail)" }
}

/// A query predicate such as `(#eq? @name "Dense")`.
struct Predicate {
    enum Argument {
        case capture(Int)
        case string(String)
    }

    enum Operation {
        case equal(capture: Int, Argument, negated: Bool)
        case match(capture: Int, Regex<AnyRegexOutput>, negated: Bool)
        case anyOf(capture: Int, Set<String>, negated: Bool)
    }

    let operation: Operation

    init(name: String, arguments: [Argument], offset: Int, source: String) throws {
        func fail(_ detail: String) -> QueryError {
            QueryError(kind: .predicate, offset: offset, source: source, detail: "#\(name) \(detail)")
        }
        guard case .capture(let capture)? = arguments.first else { throw fail("needs a capture first") }
        let rest = Array(arguments.dropFirst())
        switch name {
        case "eq?", "not-eq?":
            guard rest.count == 1 else { throw fail("takes a capture and one value") }
            operation = .equal(capture: capture, rest[0], negated: name == "not-eq?")
        case "match?", "not-match?":
            guard rest.count == 1, case .string(let pattern) = rest[0] else {
                throw fail("takes a capture and a pattern")
            }
            do {
                operation = .match(capture: capture, try Regex(pattern), negated: name == "not-match?")
            } catch {
                throw fail("has an invalid pattern: \(error)")
            }
        case "any-of?", "not-any-of?":
            var values: Set<String> = []
            for argument in rest {
                guard case .string(let value) = argument else { throw fail("takes strings after the capture") }
                values.insert(value)
            }
            operation = .anyOf(capture: capture, values, negated: name == "not-any-of?")
        default:
            throw fail("is not a supported predicate")
        }
    }

    func holds(for match: QueryMatch) -> Bool {
        switch operation {
        case .equal(let capture, let argument, let negated):
            let nodes = match.nodes(index: capture)
            return nodes.allSatisfy { node in
                let equal: Bool
                switch argument {
                case .string(let value): equal = node.text == value
                case .capture(let other): equal = match.nodes(index: other).first.map { $0.text == node.text } ?? false
                }
                return equal != negated
            }
        case .match(let capture, let regex, let negated):
            return match.nodes(index: capture).allSatisfy { node in
                (node.text.firstMatch(of: regex) != nil) != negated
            }
        case .anyOf(let capture, let values, let negated):
            return match.nodes(index: capture).allSatisfy { values.contains($0.text) != negated }
        }
    }
}
