/// Checks the rule selectors of `select`, `ignore` and `per-file-ignores`: a full code
/// (`UM302`), a prefix (`UM3`, `UM`) or `ALL`, matching at least one known rule.
package enum RuleSelector {
    /// Why `selector` is not usable, or nil when it is. `known` is every rule code Umlaut has.
    package static func problem(with selector: String, known: some Collection<RuleCode>) -> String? {
        let upper = selector.uppercased()
        if upper == "ALL" { return nil }
        let digits = upper.dropFirst(2)
        guard upper.hasPrefix("UM"), digits.count <= 3, digits.allSatisfy(\.isASCIIDigit) else {
            return "'\(selector)' is not a rule code or prefix (such as UM302, UM3 or ALL)"
        }
        guard known.contains(where: { $0.rawValue.hasPrefix(upper) }) else {
            return "no rule matches '\(selector)'; `umlaut rules` lists them"
        }
        return nil
    }

    /// Splits a command-line list such as `UM1,UM302 , UM2` into selectors.
    package static func split(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingASCIISpaces() }.filter { !$0.isEmpty }
    }
}

extension Substring {
    func trimmingASCIISpaces() -> String {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
