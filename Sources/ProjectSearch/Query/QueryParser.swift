import Store

/// Why a `--where` expression could not be read, with the column (1-based) it points at.
package struct QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String
    package var column: Int

    package var description: String { "column \(column): \(message)" }

    /// The expression with a caret under the column: for the terminal.
    package func pointing(into expression: String) -> String {
        "\(expression)\n\(String(repeating: " ", count: max(0, column - 1)))^ \(message)"
    }
}

/// The filter language of `umlaut search --where`:
///
///     expression := or
///     or         := and ("or" and)*
///     and        := unary ("and" unary)*
///     unary      := "not" unary | "(" or ")" | condition
///     condition  := FIELD OPERATOR value
///     OPERATOR   := "=" | "!=" | "~" | "<" | "<=" | ">" | ">="
///     value      := WORD | NUMBER | "quoted text" | 'quoted text'
///
/// Fields are `SearchField`'s (`licence` also spelled `license`). `~` means contains; `<`,
/// `<=`, `>`, `>=` only compare numbers (`lr`); `lr` takes numbers only. Keywords and field
/// names are read without case.
package struct QueryParser {
    enum Token: Equatable {
        case word(String)
        case number(Double, String)
        case quoted(String)
        case op(SearchOperator)
        case open, close
        case end
    }

    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0

    /// Parses an expression into the filter the index runs.
    package static func parse(_ text: String) throws(QueryError) -> SearchExpression {
        var parser = QueryParser()
        parser.tokens = try tokenize(text)
        let expression = try parser.parseOr()
        if case let (token, column) = parser.tokens[parser.position], token != .end {
            throw QueryError(message: "expected `and`, `or` or the end, found \(describe(token))", column: column)
        }
        return expression
    }

    static func tokenize(_ text: String) throws(QueryError) -> [(token: Token, column: Int)] {
        var tokens: [(Token, Int)] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
                continue
            }
            switch character {
            case "(":
                tokens.append((.open, column))
                index += 1
            case ")":
                tokens.append((.close, column))
                index += 1
            case "=":
                tokens.append((.op(.equal), column))
                index += 1
            case "~":
                tokens.append((.op(.contains), column))
                index += 1
            case "!":
                guard index + 1 < characters.count, characters[index + 1] == "=" else {
                    throw QueryError(message: "`!` must be followed by `=` (use `not` to negate)", column: column)
                }
                tokens.append((.op(.notEqual), column))
                index += 2
            case "<", ">":
                let orEqual = index + 1 < characters.count && characters[index + 1] == "="
                let op: SearchOperator =
                    character == "<" ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
                tokens.append((.op(op), column))
                index += orEqual ? 2 : 1
            case "\"", "'":
                var end = index + 1
                var value = ""
                while end < characters.count, characters[end] != character {
                    value.append(characters[end])
                    end += 1
                }
                guard end < characters.count else {
                    throw QueryError(message: "this quote is never closed", column: column)
                }
                tokens.append((.quoted(value), column))
                index = end + 1
            default:
                var end = index
                while end < characters.count,
                    !characters[end].isWhitespace && !"()=~!<>\"'".contains(characters[end])
                {
                    end += 1
                }
                let word = String(characters[index..<end])
                if let number = Double(word),
                    word.first.map({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) == true
                {
                    tokens.append((.number(number, word), column))
                } else if word.allSatisfy({ $0.isLetter || $0.isNumber || "_-./:+*@#".contains($0) }) {
                    tokens.append((.word(word), column))
                } else {
                    throw QueryError(message: "unexpected character in \"\(word)\"", column: column)
                }
                index = end
            }
        }
        tokens.append((.end, characters.count + 1))
        return tokens
    }

    private var current: (token: Token, column: Int) { tokens[position] }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = current.token { return word.lowercased() == keyword }
        return false
    }

    private mutating func parseOr() throws(QueryError) -> SearchExpression {
        var left = try parseAnd()
        while isKeyword("or") {
            position += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(QueryError) -> SearchExpression {
        var left = try parseUnary()
        while isKeyword("and") {
            position += 1
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(QueryError) -> SearchExpression {
        if isKeyword("not") {
            position += 1
            return .not(try parseUnary())
        }
        if current.token == .open {
            let column = current.column
            position += 1
            let inner = try parseOr()
            guard current.token == .close else {
                throw QueryError(
                    message: "expected `)` to close the `(` at column \(column), found \(Self.describe(current.token))",
                    column: current.column)
            }
            position += 1
            return inner
        }
        return try parseCondition()
    }

    private mutating func parseCondition() throws(QueryError) -> SearchExpression {
        let (fieldToken, fieldColumn) = current
        guard case .word(let word) = fieldToken else {
            throw QueryError(
                message: "expected a field (\(Self.fieldList)), found \(Self.describe(fieldToken))", column: fieldColumn
            )
        }
        let name = word.lowercased() == "license" ? "licence" : word.lowercased()
        guard let field = SearchField(rawValue: name) else {
            throw QueryError(
                message: "unknown field \"\(word)\"; the fields are \(Self.fieldList)", column: fieldColumn)
        }
        position += 1
        let (opToken, opColumn) = current
        guard case .op(let op) = opToken else {
            throw QueryError(
                message:
                    "expected an operator (=, !=, ~, <, <=, >, >=) after \(field.rawValue), found \(Self.describe(opToken))",
                column: opColumn)
        }
        position += 1
        let (valueToken, valueColumn) = current
        let value: SearchValue
        switch valueToken {
        case .number(let number, let written): value = field.isNumeric ? .number(number) : .text(written)
        case .word(let text), .quoted(let text):
            guard !field.isNumeric else {
                throw QueryError(
                    message: "\(field.rawValue) takes a number, found \(Self.describe(valueToken))", column: valueColumn
                )
            }
            value = .text(text)
        default:
            throw QueryError(
                message: "expected a value after \(op.rawValue), found \(Self.describe(valueToken))",
                column: valueColumn)
        }
        position += 1
        if field.isNumeric && op == .contains {
            throw QueryError(message: "`~` (contains) compares names; \(field.rawValue) is a number", column: opColumn)
        }
        if !field.isNumeric && [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) {
            throw QueryError(
                message: "`\(op.rawValue)` compares numbers; \(field.rawValue) is a name (use =, != or ~)",
                column: opColumn)
        }
        return .condition(SearchCondition(field, op, value))
    }

    static var fieldList: String { SearchField.allCases.map(\.rawValue).joined(separator: ", ") }

    static func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): "\"\(word)\""
        case .number(_, let written): written
        case .quoted(let text): "\"\(text)\""
        case .op(let op): "`\(op.rawValue)`"
        case .open: "`(`"
        case .close: "`)`"
        case .end: "the end"
        }
    }
}

/// The full-text part of a search: the user's words, each quoted for FTS5 (so no character of
/// theirs is read as FTS5 syntax), all required; a word ending in `*` matches as a prefix.
package enum TextQuery {
    package static func fts(_ text: String) -> String? {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "*") })
            .map { word -> String in
                let prefix = word.hasSuffix("*")
                let core = word.filter { $0 != "*" }
                return core.isEmpty ? "" : "\"\(core)\"" + (prefix ? "*" : "")
            }
            .filter { !$0.isEmpty }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
