import LintCore
import LSPTypes

/// Settings from the editor (`initializationOptions`, `workspace/didChangeConfiguration`,
/// `workspace/configuration`), layered over each workspace folder's `pyproject.toml`.
///
/// The keys are those of `[tool.umlaut]` (`select`, `ignore`, `per-file-ignores`, `thresholds`,
/// `severity`), plus the server's own `debounce` (milliseconds), `logLevel`, and `python` (the
/// interpreter `umlaut.run` runs scripts with). A key the editor
/// sets replaces the project's value; keys it leaves out keep it. Bad values are reported in
/// `warnings` and skipped, never fatal.
struct EditorSettings: Equatable {
    var select: [String]?
    var ignore: [String]?
    var perFileIgnores: [(pattern: String, codes: [String])]?
    var thresholds: [String: Double] = [:]
    var severities: [RuleCode: Severity] = [:]
    var debounceMilliseconds: Int?
    var logLevel: MessageKind?
    /// The interpreter for runs started from the editor (`umlaut run --python`).
    var python: String?
    var warnings: [String] = []

    init() {}

    /// Reads settings from a JSON value: the `umlaut` section itself, or an object holding it
    /// under `umlaut` (what `didChangeConfiguration` sends).
    init(_ value: LSPAny?) {
        guard var object = value?.objectValue else {
            if let value, value != .null { warnings.append("editor settings must be an object") }
            return
        }
        if let section = object["umlaut"] {
            guard let inner = section.objectValue else {
                warnings.append("the `umlaut` settings must be an object")
                return
            }
            object = inner
        }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "select": select = strings(value, key)
            case "ignore": ignore = strings(value, key)
            case "per-file-ignores", "perFileIgnores":
                guard let table = value.objectValue else { warnings.append("`\(key)` must be an object of glob → codes"); continue }
                perFileIgnores = table.sorted { $0.key < $1.key }.compactMap { pattern, codes in
                    if let problem = Glob.problem(with: pattern) { warnings.append("`\(key)`: \(problem)"); return nil }
                    return strings(codes, "\(key).\(pattern)").map { (pattern, $0) }
                }
            case "thresholds":
                guard let table = value.objectValue else { warnings.append("`thresholds` must be an object"); continue }
                let known = Set(Thresholds.keys.map(\.key))
                for (name, number) in table {
                    guard known.contains(name) else { warnings.append("unknown threshold `\(name)`"); continue }
                    guard let number = number.doubleValue else { warnings.append("threshold `\(name)` must be a number"); continue }
                    if let problem = Thresholds.problem(key: name, value: number) { warnings.append("threshold `\(name)` \(problem)"); continue }
                    thresholds[name] = number
                }
            case "severity", "severities":
                guard let table = value.objectValue else { warnings.append("`\(key)` must be an object of code → severity"); continue }
                for (name, level) in table {
                    guard let code = RuleCode(rawValue: name) else { warnings.append("`\(name)` is not a rule code"); continue }
                    guard let severity = level.stringValue.flatMap(Severity.init(rawValue:)) else {
                        warnings.append("the severity of \(name) must be error, warning, info or hint"); continue
                    }
                    severities[code] = severity
                }
            case "debounce":
                if let number = value.doubleValue, number >= 0, number <= 10_000 {
                    debounceMilliseconds = Int(number)
                } else {
                    warnings.append("`debounce` must be a number of milliseconds between 0 and 10000")
                }
            case "logLevel", "log-level":
                if let level = value.stringValue.flatMap(MessageKind.init(name:)) {
                    logLevel = level
                } else {
                    warnings.append("`\(key)` must be error, warning, info or debug")
                }
            case "path":
                break  // the `umlaut` executable: the client's setting, not the server's
            case "python":
                if let path = value.stringValue, !path.isEmpty {
                    python = path
                } else if value != .null {
                    warnings.append("`python` must be the path of a Python interpreter")
                }
            default:
                warnings.append("unknown setting `\(key)`")
            }
        }
    }

    private mutating func strings(_ value: LSPAny, _ key: String) -> [String]? {
        guard let array = value.arrayValue else {
            warnings.append("`\(key)` must be a list of strings")
            return nil
        }
        let strings = array.compactMap(\.stringValue)
        if strings.count != array.count { warnings.append("`\(key)` must hold strings only") }
        return strings
    }

    /// The project's settings with the editor's keys laid over them.
    func applied(to project: Settings) -> Settings {
        var settings = project
        if let select { settings.select = select }
        if let ignore { settings.ignore = ignore }
        if let perFileIgnores { settings.perFileIgnores = perFileIgnores }
        for (name, value) in thresholds {
            if let entry = Thresholds.keys.first(where: { $0.key == name }) {
                settings.thresholds[keyPath: entry.path] = value
            }
        }
        settings.severities.merge(severities) { _, editor in editor }
        return settings
    }

    static func == (lhs: EditorSettings, rhs: EditorSettings) -> Bool {
        lhs.select == rhs.select && lhs.ignore == rhs.ignore && lhs.thresholds == rhs.thresholds
            && lhs.severities == rhs.severities && lhs.debounceMilliseconds == rhs.debounceMilliseconds
            && lhs.logLevel == rhs.logLevel && lhs.python == rhs.python
            && lhs.perFileIgnores?.map(\.pattern) == rhs.perFileIgnores?.map(\.pattern)
            && lhs.perFileIgnores?.map(\.codes) == rhs.perFileIgnores?.map(\.codes)
    }
}

extension MessageKind {
    /// Reads `error`, `warning`, `info`, `log` or `debug`.
    init?(name: String) {
        switch name.lowercased() {
        case "error": self = .error
        case "warning", "warn": self = .warning
        case "info": self = .info
        case "log": self = .log
        case "debug", "trace": self = .debug
        default: return nil
        }
    }
}
