import TOMLKit

extension Configuration {
    /// Reads the `[tool.umlaut]` table of a `pyproject.toml` text.
    ///
    /// Returns nil when the file has no `[tool.umlaut]` table (such a file does not configure
    /// Umlaut, and discovery goes on upwards, as ruff does). Unknown keys, values of the wrong type
    /// and unknown rule codes are reported in `warnings` and otherwise ignored; a text that is not
    /// valid TOML throws, with the line of the error.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: its path, for messages.
    ///   - root: the directory relative to which its globs are read.
    ///   - knownCodes: every rule code, to warn about selectors that match none.
    ///   - topLevel: read the keys at the top of the file (an `umlaut.toml` given to `--config`).
    public static func parse(
        toml text: String, file: String, root: String, knownCodes: some Collection<RuleCode>,
        warnings: inout [ConfigurationWarning], topLevel: Bool = false
    ) throws(ConfigurationError) -> Configuration? {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(file: file, message: "invalid TOML: \(error.description)",
                                     line: error.source.begin.line, column: error.source.begin.column)
        } catch {
            throw ConfigurationError(file: file, message: "invalid TOML: \(error)")
        }
        var reader = TableReader(file: file, knownCodes: Set(knownCodes))
        if topLevel {
            let configuration = reader.read(table, root: root, prefix: "")
            warnings += reader.warnings
            return configuration
        }
        guard let tool = table["tool"]?.table, let umlaut = tool["umlaut"] else { return nil }
        guard let umlautTable = umlaut.table else {
            reader.warn("`tool.umlaut` must be a table, not \(TableReader.describe(umlaut))")
            warnings += reader.warnings
            return Configuration(root: root, file: file)
        }
        let configuration = reader.read(umlautTable, root: root, prefix: "tool.umlaut.")
        warnings += reader.warnings
        return configuration
    }
}

/// Reads `[tool.umlaut]` key by key, collecting warnings instead of failing.
private struct TableReader {
    let file: String
    let knownCodes: Set<RuleCode>
    var warnings: [ConfigurationWarning] = []

    init(file: String, knownCodes: Set<RuleCode>) {
        self.file = file
        self.knownCodes = knownCodes
    }

    mutating func warn(_ message: String) {
        warnings.append(ConfigurationWarning(file: file, message: message))
    }

    mutating func read(_ table: TOMLTable, root: String, prefix: String) -> Configuration {
        var configuration = Configuration(root: root, file: file)
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            let name = prefix + key
            switch key {
            case "select":
                configuration.settings.select = selectors(value, name: name)
            case "ignore":
                configuration.settings.ignore = selectors(value, name: name)
            case "exclude":
                configuration.exclude = globs(value, name: name)
            case "per-file-ignores":
                configuration.settings.perFileIgnores = perFileIgnores(value, name: name)
            case "test-files":
                configuration.settings.testFiles = globs(value, name: name)
            case "test-file-ignores":
                configuration.settings.testFileIgnores = selectors(value, name: name)
            case "thresholds":
                thresholds(value, name: name, into: &configuration.settings.thresholds)
            case "severity":
                configuration.settings.severities = severities(value, name: name)
            default:
                let known = ["select", "ignore", "exclude", "per-file-ignores", "test-files", "test-file-ignores", "thresholds", "severity"]
                let hint = known.first { $0.replacingUnderscores() == key.replacingUnderscores() }
                    .map { "; did you mean `\($0)`?" } ?? "; known keys: \(known.joined(separator: ", "))"
                warn("unknown key `\(name)`\(hint)")
            }
        }
        return configuration
    }

    mutating func strings(_ value: any TOMLValueConvertible, name: String) -> [String]? {
        if let single = value.string { return [single] }
        guard let array = value.array else {
            warn("`\(name)` must be an array of strings, not \(Self.describe(value))")
            return nil
        }
        var result: [String] = []
        for element in array {
            if let string = element.string {
                result.append(string)
            } else {
                warn("`\(name)` must be an array of strings; ignored \(Self.describe(element))")
            }
        }
        return result
    }

    /// Glob patterns; an invalid one is left out with a warning naming the key.
    mutating func globs(_ value: any TOMLValueConvertible, name: String) -> [String] {
        (strings(value, name: name) ?? []).filter { pattern in
            guard let problem = Glob.problem(with: pattern) else { return true }
            warn("`\(name)`: \(problem); ignored")
            return false
        }
    }

    mutating func selectors(_ value: any TOMLValueConvertible, name: String) -> [String] {
        var kept: [String] = []
        for selector in strings(value, name: name) ?? [] {
            if let problem = RuleSelector.problem(with: selector, known: knownCodes) {
                warn("`\(name)`: \(problem)")
            } else {
                kept.append(selector.uppercased())
            }
        }
        return kept
    }

    mutating func perFileIgnores(_ value: any TOMLValueConvertible, name: String) -> [(pattern: String, codes: [String])] {
        guard let table = value.table else {
            warn("`\(name)` must be a table of glob = [codes], not \(Self.describe(value))")
            return []
        }
        return table.keys.sorted().compactMap { pattern in
            if let problem = Glob.problem(with: pattern) {
                warn("`\(name)`: \(problem); ignored")
                return nil
            }
            return (pattern, selectors(table[pattern]!, name: "\(name).\"\(pattern)\""))
        }
    }

    mutating func thresholds(_ value: any TOMLValueConvertible, name: String, into thresholds: inout Thresholds) {
        guard let table = value.table else {
            warn("`\(name)` must be a table, not \(Self.describe(value))")
            return
        }
        let keys = Thresholds.keys
        for key in table.keys.sorted() {
            guard let entry = keys.first(where: { $0.key == key }) else {
                let hint = keys.first { $0.key.replacingUnderscores() == key.replacingUnderscores() }
                    .map { "; did you mean `\($0.key)`?" } ?? "; `umlaut rule CODE` lists each rule's thresholds"
                warn("unknown threshold `\(name).\(key)`\(hint)")
                continue
            }
            let element = table[key]!
            if let number = element.double ?? element.int.map(Double.init), number.isFinite {
                if let problem = Thresholds.problem(key: key, value: number) {
                    warn("`\(name).\(key)` \(problem); the default \(thresholds[keyPath: entry.path]) is used")
                } else {
                    thresholds[keyPath: entry.path] = number
                }
            } else {
                warn("`\(name).\(key)` must be a number, not \(Self.describe(element))")
            }
        }
        if thresholds.inputMin >= thresholds.inputMax {
            warn("`\(name).input-min` (\(thresholds.inputMin)) must be below `\(name).input-max` (\(thresholds.inputMax)); the defaults are used")
            thresholds.inputMin = Thresholds().inputMin
            thresholds.inputMax = Thresholds().inputMax
        }
    }

    mutating func severities(_ value: any TOMLValueConvertible, name: String) -> [RuleCode: Severity] {
        guard let table = value.table else {
            warn("`\(name)` must be a table of code = \"error\" | \"warning\" | \"info\" | \"hint\"")
            return [:]
        }
        var result: [RuleCode: Severity] = [:]
        for key in table.keys.sorted() {
            guard let code = RuleCode(rawValue: key), knownCodes.contains(code) else {
                warn("`\(name)`: unknown rule code `\(key)`")
                continue
            }
            let element = table[key]!
            guard let text = element.string, let severity = Severity(rawValue: text.lowercased()) else {
                warn("`\(name).\(key)` must be one of \"error\", \"warning\", \"info\", \"hint\", not \(Self.describe(element))")
                continue
            }
            result[code] = severity
        }
        return result
    }

    /// A short description of a TOML value for messages: `the string "x"`, `a table`, `the integer 3`.
    static func describe(_ value: any TOMLValueConvertible) -> String {
        if let string = value.string { return "the string \"\(string)\"" }
        if let bool = value.bool { return "the boolean \(bool)" }
        if let int = value.int { return "the integer \(int)" }
        if let double = value.double { return "the number \(double)" }
        if value.table != nil { return "a table" }
        if value.array != nil { return "an array" }
        return "a date or time"
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 }).lowercased()
    }
}
