import Store

/// The editor's short form of a search (`workspace/symbol`): words, and `field:value` terms for
/// attributes (`loss:dice framework:pytorch unet`). A name field's value is matched as "contains,
/// without case" (`loss:dice` is `loss ~ dice`); `lr` takes a comparison (`lr:<1e-3`, `lr:0.01`);
/// a leading `-` excludes (`-framework:keras`). Terms are joined by `and`; a `field:` that is not
/// a field, or a value that does not read, stays a word; every word matches as a prefix.
package struct SymbolQuery: Equatable, Sendable {
    /// FTS5 text (quoted by `TextQuery`), nil without words.
    package var text: String?
    package var filter: SearchExpression?

    package var isEmpty: Bool { text == nil && filter == nil }

    package static func parse(_ query: String) -> SymbolQuery {
        var words: [String] = []
        var conditions: [SearchExpression] = []
        for token in query.split(whereSeparator: \.isWhitespace).map(String.init) {
            if let condition = condition(token) { conditions.append(condition) } else { words.append(token) }
        }
        let filter = conditions.dropFirst().reduce(conditions.first) { combined, next in
            combined.map { .and($0, next) }
        }
        // Every word matches as a prefix: the editor asks as the user types.
        let prefixes = words.map { $0.last.map { $0.isLetter || $0.isNumber || $0 == "_" } == true ? $0 + "*" : $0 }
        return SymbolQuery(text: TextQuery.fts(prefixes.joined(separator: " ")), filter: filter)
    }

    static func condition(_ token: String) -> SearchExpression? {
        var token = Substring(token)
        let excluded = token.hasPrefix("-")
        if excluded { token = token.dropFirst() }
        guard let colon = token.firstIndex(of: ":"),
            let field = SearchField(rawValue: token[..<colon].lowercased())
        else { return nil }
        var value = token[token.index(after: colon)...]
        guard !value.isEmpty else { return nil }
        let condition: SearchCondition
        if field.isNumeric {
            var op = SearchOperator.equal
            for candidate in [SearchOperator.lessOrEqual, .greaterOrEqual, .notEqual, .less, .greater, .equal]
            where value.hasPrefix(candidate.rawValue) {
                op = candidate
                value = value.dropFirst(candidate.rawValue.count)
                break
            }
            guard let number = Double(value) else { return nil }
            condition = SearchCondition(field, op, .number(number))
        } else {
            condition = SearchCondition(field, .contains, .text(String(value)))
        }
        return excluded ? .not(.condition(condition)) : .condition(condition)
    }
}
