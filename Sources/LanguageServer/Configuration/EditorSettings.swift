import LSPTypes
import LintCore

/// Settings from the editor (`initializationOptions`, `workspace/didChangeConfiguration`,
/// `workspace/configuration`): the `umlaut` object itself, or an object holding it under `umlaut`.
///
/// The keys of `[tool.umlaut]`, read by `SettingsSchema` exactly as `pyproject.toml`'s are and
/// laid over each file's project settings (a key the editor leaves out keeps the project's), plus
/// the server's own `debounce` (milliseconds), `logLevel` and `python` (the interpreter of runs).
/// `path` (the executable) is the client's. Bad values are reported in `warnings` and skipped.
package struct EditorSettings: Equatable {
    package var schema = SettingsLayer()
    package var debounceMilliseconds: Int?
    package var logLevel: MessageKind?
    package var python: String?
    package var warnings: [String] = []

    package init() {}

    package init(_ value: LSPAny?, knownCodes: some Collection<RuleCode>) {
        guard let value, value != .null else { return }
        let section = value.objectValue?["umlaut"] ?? value
        let read = SettingsSchema.read(
            section, prefix: "umlaut.", knownCodes: knownCodes, ownKeys: ["debounce", "logLevel", "path", "python"])
        (schema, warnings) = (read.layer, read.problems)
        for (key, value) in read.own where value != .null {
            switch key {
            case "debounce":
                guard let number = value.doubleValue, (0...10_000).contains(number) else {
                    warnings.append("`umlaut.debounce` must be a number of milliseconds between 0 and 10000"); continue
                }
                debounceMilliseconds = Int(number)
            case "logLevel":
                logLevel = value.stringValue.flatMap(MessageKind.init(logLevel:))
                if logLevel == nil { warnings.append("`umlaut.logLevel` must be \(MessageKind.logLevelChoices)") }
            case "python":
                python = value.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                if python == nil { warnings.append("`umlaut.python` must be the path of a Python interpreter") }
            default:
                break  // `path`: the client's
            }
        }
    }

    /// The project's settings with the editor's keys laid over them.
    package func applied(to project: Settings) -> Settings { schema.applied(to: project) }
}
