import Foundation
import PythonSyntax

/// Evaluates expressions whose value is fixed by the source: literals, names bound to constants
/// (module or function level), arithmetic on them (`28 * 28`, `1 / 255`, `-1e3`, `2 ** -10`),
/// tuples and lists, and `float(...)`/`int(...)` of those. Anything else is `.unknown(text)`.
package struct ConstantEvaluator {
    let scopes: ScopeIndex
    /// How many names deep to follow (`A = B`, `B = C`, ...), which also stops cycles.
    let maxDepth = 16
    /// How deeply nested an expression may be (`((((1))))`, `1 + 1 + ... + 1`) before it is left
    /// unknown, so that generated code cannot exhaust the stack.
    let maxNesting = 100

    package init(scopes: ScopeIndex) {
        self.scopes = scopes
    }

    package func evaluate(_ node: Node) -> Value {
        evaluate(node, depth: 0, nesting: 0)
    }

    private func evaluate(_ node: Node, depth: Int, nesting: Int) -> Value {
        // Built only when returned: the text of a large expression is costly, and evaluation
        // visits every sub-expression.
        var unknown: Value { .unknown(node.text) }
        guard depth < maxDepth, nesting < maxNesting else { return unknown }
        let nesting = nesting + 1
        // Sub-expressions below are one level deeper; names reset nothing but count in `depth`.
        func evaluate(_ node: Node, depth: Int) -> Value { self.evaluate(node, depth: depth, nesting: nesting) }
        switch node.kind {
        case .integer:
            return Self.parseInteger(node.text).map(Value.int) ?? unknown
        case .float:
            return Self.parseFloat(node.text).map(Value.float) ?? unknown
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .none: return .none
        case .string:
            return Self.stringValue(node).map(Value.string) ?? unknown
        case .concatenatedString:
            var result = ""
            for part in node.namedChildren {
                guard let text = Self.stringValue(part) else { return unknown }
                result += text
            }
            return .string(result)
        case .parenthesizedExpression:
            guard let inner = node.namedChildren.first(where: { $0.kind != .comment }) else { return unknown }
            return evaluate(inner, depth: depth)
        case .tuple, .list, .expressionList:
            return .sequence(node.namedChildren.filter { $0.kind != .comment }.map { evaluate($0, depth: depth) })
        case .unaryOperator:
            guard let operand = node.child(field: .argument), let op = node.child(field: .operator) else {
                return unknown
            }
            let value = evaluate(operand, depth: depth)
            switch (op.text, value) {
            case ("-", .int(let v)): return .int(-v)
            case ("-", .float(let v)): return .float(-v)
            case ("+", .int), ("+", .float): return value
            default: return unknown
            }
        case .binaryOperator:
            guard let left = node.child(field: .left), let right = node.child(field: .right),
                let op = node.child(field: .operator)
            else { return unknown }
            return Self.arithmetic(op.text, evaluate(left, depth: depth), evaluate(right, depth: depth)) ?? unknown
        case .identifier:
            guard let assignment = scopes.assignment(of: node.text, at: node.startByte),
                assignment.augmentedOperator == nil,
                // A name used inside its own assignment (`x = x + 1`) refers to an earlier binding.
                !assignment.statement.byteRange.contains(node.startByte)
                    || assignment.statement.startByte == node.startByte
            else { return unknown }
            var value = evaluate(assignment.value, depth: depth + 1)
            for index in assignment.path {
                guard case .sequence(let elements) = value, index < elements.count else { return unknown }
                value = elements[index]
            }
            if case .unknown = value { return unknown }
            return value
        case .call:
            guard let function = node.child(field: .function), let arguments = node.child(field: .arguments) else {
                return unknown
            }
            let values = arguments.namedChildren.filter { $0.kind != .comment }
            guard values.count == 1, values[0].kind != .keywordArgument else { return unknown }
            let value = evaluate(values[0], depth: depth)
            switch (function.text, value) {
            case ("float", .int(let v)): return .float(Double(v))
            case ("float", .float): return value
            case ("float", .string(let text)): return Self.parseFloat(text).map(Value.float) ?? unknown
            case ("int", .int): return value
            case ("int", .float(let v)) where v.isFinite && abs(v) < 9e18: return .int(Int(v))
            default: return unknown
            }
        default:
            return unknown
        }
    }

    static func arithmetic(_ op: String, _ left: Value, _ right: Value) -> Value? {
        if case .int(let a) = left, case .int(let b) = right {
            switch op {
            case "+": return a.addingReportingOverflow(b).overflow ? nil : .int(a + b)
            case "-": return a.subtractingReportingOverflow(b).overflow ? nil : .int(a - b)
            case "*": return a.multipliedReportingOverflow(by: b).overflow ? nil : .int(a * b)
            case "/": return b == 0 ? nil : .float(Double(a) / Double(b))
            case "//": return b == 0 ? nil : .int(Int((Double(a) / Double(b)).rounded(.down)))
            case "%": return b == 0 ? nil : .int(((a % b) + b) % b)
            case "**":
                if b >= 0, b < 64 {
                    var result = 1
                    for _ in 0..<b {
                        let (product, overflow) = result.multipliedReportingOverflow(by: a)
                        if overflow { return .float(pow(Double(a), Double(b))) }
                        result = product
                    }
                    return .int(result)
                }
                return .float(pow(Double(a), Double(b)))
            default: return nil
            }
        }
        guard let a = left.number, let b = right.number else {
            if op == "+", case .string(let a) = left, case .string(let b) = right { return .string(a + b) }
            return nil
        }
        switch op {
        case "+": return .float(a + b)
        case "-": return .float(a - b)
        case "*": return .float(a * b)
        case "/": return b == 0 ? nil : .float(a / b)
        case "//": return b == 0 ? nil : .float((a / b).rounded(.down))
        case "**": return .float(pow(a, b))
        default: return nil
        }
    }

    /// Parses Python integer literals: decimal with underscores, hex, octal, binary.
    static func parseInteger(_ text: String) -> Int? {
        // Plain decimal digits (most literals): what the general path below computes, without
        // building the cleaned copies.
        if text.utf8.allSatisfy({ $0 &- 0x30 < 10 }) { return Int(text) }
        let cleaned = text.replacingAll("_", with: "").lowercased()
        if cleaned.hasPrefix("0x") { return Int(cleaned.dropFirst(2), radix: 16) }
        if cleaned.hasPrefix("0o") { return Int(cleaned.dropFirst(2), radix: 8) }
        if cleaned.hasPrefix("0b") { return Int(cleaned.dropFirst(2), radix: 2) }
        if cleaned.hasSuffix("l") { return Int(cleaned.dropLast()) }
        return Int(cleaned)
    }

    /// Parses Python float literals (`1e-3`, `1_000.5`, `.5`, `5.`); complex literals are not floats.
    static func parseFloat(_ text: String) -> Double? {
        // Digits, `.`, exponent and signs only (most literals): the general path below would
        // only lower-case the `E`, which `Double` reads either way.
        if text.utf8.allSatisfy({ $0 &- 0x30 < 10 || $0 == 0x2E || $0 | 0x20 == 0x65 || $0 == 0x2B || $0 == 0x2D }) {
            return Double(text)
        }
        let cleaned = text.replacingAll("_", with: "").lowercased().trimmingSpaces()
        if cleaned.hasSuffix("j") { return nil }
        switch cleaned {
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return Double(cleaned)
        }
    }

    /// The value of a plain string literal (no f-string interpolation), with simple escapes.
    static func stringValue(_ node: Node) -> String? {
        guard node.type == "string" else { return nil }
        var content = ""
        var isFormatted = false
        for child in node.children {
            switch child.type {
            case "string_start":
                // Byte checks: `String.contains` of a string goes through Foundation's search,
                // a measurable share of the analysis (every string argument comes here).
                if child.text.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "f") }) { isFormatted = true }
            case "string_content":
                content += child.text
            case "escape_sequence":
                content += unescape(child.text)
            case "interpolation":
                return nil
            default:
                break
            }
        }
        if isFormatted && content.utf8.contains(UInt8(ascii: "{")) { return nil }
        return content
    }

    private static func unescape(_ text: String) -> String {
        switch text {
        case "\\n": "\n"
        case "\\t": "\t"
        case "\\\\": "\\"
        case "\\'": "'"
        case "\\\"": "\""
        default: text
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }

    func trimmingSpaces() -> String {
        // Nothing to trim unless a space byte is at either end (a character that is a space
        // starts and ends with one): the common case, without a walk over the characters.
        if utf8.first != 0x20 && utf8.last != 0x20 { return self }
        return String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
