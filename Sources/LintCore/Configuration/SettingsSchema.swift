/// What one settings source says, read and validated: the `[tool.umlaut]` table of a
/// `pyproject.toml`, or the editor's `umlaut` settings laid over it. A key the source left out is
/// nil (or absent from `thresholds` and `severities`) and keeps the value below it.
package struct SettingsLayer: Sendable, Equatable {
    package var select: [String]?
    package var ignore: [String]?
    package var exclude: [String]?
    package var perFileIgnores: [(pattern: String, codes: [String])]?
    package var testFiles: [String]?
    package var testFileIgnores: [String]?
    /// Valid thresholds by key (`max-dropout-rate`).
    package var thresholds: [String: Double] = [:]
    package var severities: [RuleCode: Severity] = [:]
    /// `[tool.umlaut.compare]`: the editor's model comparison arguments (not lint settings).
    package var compare: CompareSettings?

    package init() {}

    /// `settings` with this layer's keys laid over it: lists replace, thresholds and severities
    /// replace key by key.
    package func applied(to settings: Settings) -> Settings {
        var settings = settings
        if let select { settings.select = select }
        if let ignore { settings.ignore = ignore }
        if let perFileIgnores { settings.perFileIgnores = perFileIgnores }
        if let testFiles { settings.testFiles = testFiles }
        if let testFileIgnores { settings.testFileIgnores = testFileIgnores }
        for (key, value) in thresholds { settings.thresholds.set(key: key, value: value) }
        settings.severities.merge(severities) { _, new in new }
        return settings
    }

    /// `configuration` with this layer laid over its settings and its `exclude`.
    package func applied(to configuration: Configuration) -> Configuration {
        var configuration = configuration
        configuration.settings = applied(to: configuration.settings)
        if let exclude { configuration.exclude = exclude }
        if let compare { configuration.compare = compare }
        return configuration
    }

    package static func == (lhs: SettingsLayer, rhs: SettingsLayer) -> Bool {
        lhs.select == rhs.select && lhs.ignore == rhs.ignore && lhs.exclude == rhs.exclude
            && lhs.perFileIgnores?.map(\.pattern) == rhs.perFileIgnores?.map(\.pattern)
            && lhs.perFileIgnores?.map(\.codes) == rhs.perFileIgnores?.map(\.codes)
            && lhs.testFiles == rhs.testFiles && lhs.testFileIgnores == rhs.testFileIgnores
            && lhs.thresholds == rhs.thresholds && lhs.severities == rhs.severities && lhs.compare == rhs.compare
    }
}

/// The one reader of the `[tool.umlaut]` schema, for every source: `pyproject.toml` (and an
/// `umlaut.toml` given to `--config`) and the editor's settings. Both accept the same keys with
/// the same spellings (kebab-case, as in `pyproject.toml`; no camelCase aliases), validate values
/// the same way and give the same "did you mean" hints. Problems are collected, never fatal: the
/// value is ignored and the rest applies.
package enum SettingsSchema {
    /// The keys of the schema, in documentation order.
    package static let keys = [
        "select", "ignore", "exclude", "per-file-ignores", "test-files", "test-file-ignores", "thresholds", "severity",
        "compare",
    ]

    /// Reads a table of settings.
    ///
    /// - Parameters:
    ///   - value: the table (`[tool.umlaut]`, or the editor's `umlaut` object).
    ///   - prefix: what names the table in messages, with its dot: `tool.umlaut.`, `umlaut.`, or
    ///     nothing for the top level of an `umlaut.toml`.
    ///   - knownCodes: every rule code, to reject selectors that match none.
    ///   - ownKeys: keys the caller reads itself (the server's `debounce`, `logLevel`, ...): they
    ///     come back in `own` and count for hints.
    /// - Returns: the layer, the caller's own keys with their values (sorted), and the problems.
    package static func read<Value: SettingsValue>(
        _ value: Value, prefix: String, knownCodes: some Collection<RuleCode>, ownKeys: [String] = []
    ) -> (layer: SettingsLayer, own: [(key: String, value: Value)], problems: [String]) {
        var reader = Reader<Value>(prefix: prefix, knownCodes: Set(knownCodes))
        var own: [(key: String, value: Value)] = []
        guard let table = value.table else {
            reader.warn("`\(prefix.dropLast())` must be a table, not \(value.described)")
            return (reader.layer, own, reader.problems)
        }
        for key in table.keys.sorted() {
            let value = table[key]!
            if ownKeys.contains(key) {
                own.append((key, value))
            } else if !value.isNull {
                reader.read(key, value, known: ownKeys)
            }
        }
        return (reader.layer, own, reader.problems)
    }
}

/// Matching near-miss spellings of keys.
enum SettingsKeys {
    /// The key in `known` that `key` is a misspelling of, when it differs only in case, `-` and
    /// `_` (`per_file_ignores`, `perFileIgnores`, `log-level`).
    static func suggestion(for key: String, among known: [String]) -> String? {
        known.first { normalized($0) == normalized(key) }
    }

    private static func normalized(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "-" && $0 != "_" })
    }
}

/// Reads a table key by key, collecting problems instead of failing.
private struct Reader<Value: SettingsValue> {
    let prefix: String
    let knownCodes: Set<RuleCode>
    var layer = SettingsLayer()
    var problems: [String] = []

    init(prefix: String, knownCodes: Set<RuleCode>) {
        self.prefix = prefix
        self.knownCodes = knownCodes
    }

    mutating func warn(_ message: String) {
        problems.append(message)
    }

    mutating func read(_ key: String, _ value: Value, known ownKeys: [String]) {
        let name = prefix + key
        switch key {
        case "select": layer.select = selectors(value, name: name)
        case "ignore": layer.ignore = selectors(value, name: name)
        case "exclude": layer.exclude = globs(value, name: name)
        case "per-file-ignores": layer.perFileIgnores = perFileIgnores(value, name: name)
        case "test-files": layer.testFiles = globs(value, name: name)
        case "test-file-ignores": layer.testFileIgnores = selectors(value, name: name)
        case "thresholds": thresholds(value, name: name)
        case "severity": layer.severities = severities(value, name: name)
        case "compare":
            let (compare, problems) = CompareSettings.read(value, prefix: name + ".")
            layer.compare = compare
            problems.forEach { warn($0) }
        default:
            let hint =
                SettingsKeys.suggestion(for: key, among: SettingsSchema.keys + ownKeys)
                .map { "; did you mean `\($0)`?" } ?? "; known keys: \(SettingsSchema.keys.joined(separator: ", "))"
            warn("unknown key `\(name)`\(hint)")
        }
    }

    /// A list of strings; a single string is taken as a one-element list.
    mutating func strings(_ value: Value, name: String) -> [String]? {
        if let single = value.string { return [single] }
        guard let array = value.array else {
            warn("`\(name)` must be an array of strings, not \(value.described)")
            return nil
        }
        var result: [String] = []
        for element in array {
            if let string = element.string {
                result.append(string)
            } else {
                warn("`\(name)` must be an array of strings; ignored \(element.described)")
            }
        }
        return result
    }

    /// Glob patterns; an invalid one is left out with a problem naming the key.
    mutating func globs(_ value: Value, name: String) -> [String] {
        (strings(value, name: name) ?? []).filter { pattern in
            guard let problem = Glob.problem(with: pattern) else { return true }
            warn("`\(name)`: \(problem); ignored")
            return false
        }
    }

    mutating func selectors(_ value: Value, name: String) -> [String] {
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

    mutating func perFileIgnores(_ value: Value, name: String) -> [(pattern: String, codes: [String])] {
        guard let table = value.table else {
            warn("`\(name)` must be a table of glob = [codes], not \(value.described)")
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

    mutating func thresholds(_ value: Value, name: String) {
        guard let table = value.table else {
            warn("`\(name)` must be a table, not \(value.described)")
            return
        }
        var thresholds = Thresholds()
        for key in table.keys.sorted() {
            let element = table[key]!
            guard Thresholds.key(key) != nil else {
                warn("unknown threshold `\(name).\(key)`; \(Thresholds.Problem.unknownKey(key))")
                continue
            }
            guard let number = element.number else {
                warn("`\(name).\(key)` must be a number, not \(element.described)")
                continue
            }
            if let problem = thresholds.set(key: key, value: number) {
                warn("`\(name).\(key)` \(problem); ignored")
            } else {
                layer.thresholds[key] = number
            }
        }
        if thresholds.inputMin >= thresholds.inputMax {
            warn(
                "`\(name).input-min` (\(thresholds.inputMin)) must be below `\(name).input-max` (\(thresholds.inputMax)); both are ignored"
            )
            layer.thresholds["input-min"] = nil
            layer.thresholds["input-max"] = nil
        }
    }

    mutating func severities(_ value: Value, name: String) -> [RuleCode: Severity] {
        guard let table = value.table else {
            warn(
                "`\(name)` must be a table of code = \"error\" | \"warning\" | \"info\" | \"hint\", not \(value.described)"
            )
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
                warn(
                    "`\(name).\(key)` must be one of \"error\", \"warning\", \"info\", \"hint\", not \(element.described)"
                )
                continue
            }
            result[code] = severity
        }
        return result
    }
}
