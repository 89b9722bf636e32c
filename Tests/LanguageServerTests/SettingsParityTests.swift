import LSPTypes
import LanguageServer
import LintCore
import Testing

/// `pyproject.toml`'s `[tool.umlaut]` and the editor's `umlaut` settings are one schema: the same
/// settings, written once as TOML and once as the editor's JSON, give the same settings and the
/// same problems (named `tool.umlaut.KEY` in the file and `umlaut.KEY` in the editor).
@Suite struct SettingsParityTests {
    static let known: [RuleCode] = ["UM101", "UM102", "UM201", "UM301", "UM302", "UM501", "UM509"]

    /// Reads `settings` both ways: `[tool.umlaut]` of a `pyproject.toml` with the same content,
    /// and `EditorSettings` laid over the defaults.
    static func both(
        _ settings: [String: LSPAny]
    ) throws
        -> (toml: Configuration, tomlProblems: [String], editor: Configuration, editorProblems: [String])
    {
        let text =
            "[tool.umlaut]\n"
            + settings.sorted { $0.key < $1.key }.map { "\(toml(key: $0.key)) = \(toml($0.value))\n" }.joined()
        var warnings: [ConfigurationWarning] = []
        let fromFile = try #require(
            try Configuration.parse(
                toml: text, file: "/p/pyproject.toml", root: "/p", knownCodes: known, warnings: &warnings))
        let editor = EditorSettings(.object(["umlaut": .object(settings)]), knownCodes: known)
        let fromEditor = editor.schema.applied(to: Configuration(root: "/p", file: "/p/pyproject.toml"))
        let fileProblems = warnings.map { $0.message.replacingOccurrences(of: "`tool.umlaut.", with: "`umlaut.") }
        return (fromFile, fileProblems, fromEditor, editor.warnings)
    }

    /// A JSON value as TOML: inline tables and arrays, every key quoted.
    static func toml(_ value: LSPAny) -> String {
        switch value {
        case .null: preconditionFailure("TOML has no null")
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(toml).joined(separator: ", ") + "]"
        case .object(let members):
            "{ "
                + members.sorted { $0.key < $1.key }.map { "\(toml(key: $0.key)) = \(toml($0.value))" }.joined(
                    separator: ", ") + " }"
        }
    }

    static func toml(key: String) -> String { "\"\(key)\"" }

    @Test func everyKeyReadsTheSameBothWays() throws {
        let read = try Self.both([
            "select": .array([.string("UM1"), .string("um302")]),
            "ignore": .string("UM102"),
            "exclude": .array([.string("generated/"), .string("*_pb2.py")]),
            "per-file-ignores": .object([
                "experiments/*": .array([.string("UM302")]), "tests/**/*.py": .array([.string("UM1")]),
            ]),
            "test-files": .array([.string("checks/*.py")]),
            "test-file-ignores": .array([.string("UM2")]),
            "thresholds": .object([
                "max-dropout-rate": .double(0.6), "min-learning-rate": .double(1e-8), "overfitting-patience": .int(4),
            ]),
            "severity": .object(["UM302": .string("error"), "um101": .string("HINT")]),
        ])
        #expect(read.tomlProblems.isEmpty && read.editorProblems.isEmpty, "\(read.tomlProblems) \(read.editorProblems)")
        #expect(read.editor == read.toml)
        // And they are the values written, not two identical defaults.
        #expect(read.toml.settings.select == ["UM1", "UM302"] && read.toml.settings.ignore == ["UM102"])
        #expect(read.toml.exclude == ["generated/", "*_pb2.py"])
        #expect(read.toml.settings.perFileIgnores.map(\.pattern) == ["experiments/*", "tests/**/*.py"])
        #expect(read.toml.settings.testFiles == ["checks/*.py"] && read.toml.settings.testFileIgnores == ["UM2"])
        #expect(
            read.toml.settings.thresholds.maxDropoutRate == 0.6
                && read.toml.settings.thresholds.overfittingPatience == 4)
        #expect(read.toml.settings.severities == ["UM302": .error, "UM101": .hint])
    }

    /// Every kind of problem: unknown keys with and without a hint, wrong types, unknown and
    /// malformed codes, bad globs, thresholds unknown, out of range or not numbers, an empty
    /// input range, bad severities.
    @Test func badSettingsAreRejectedWithTheSameProblemsBothWays() throws {
        let read = try Self.both([
            "selct": .array([.string("UM1")]),
            "per_file_ignores": .object([:]),
            "select": .array([.string("UM9"), .int(3), .string("E501"), .string("UM3")]),
            "exclude": .int(5),
            "test-files": .array([.string("/abs/tests/**"), .string("src/**.py")]),
            "per-file-ignores": .object(["gen/[ab]": .array([.string("UM1")]), "ok/*": .array([.string("UM7")])]),
            "thresholds": .object([
                "max-dropout": .double(0.6), "max_dropout_rate": .double(0.6), "max-learning-rate": .string("high"),
                "dead-unit-fraction": .double(1.5), "max-adaptive-learning-rate": .int(0), "input-min": .int(2),
                "input-max": .int(1),
            ]),
            "severity": .object(["UM302": .string("fatal"), "UM999": .string("error"), "UM101": .int(1)]),
        ])
        #expect(read.editorProblems == read.tomlProblems)
        #expect(read.editor == read.toml)
        // What is valid stays: `UM3` and the `ok/*` pattern (with no valid code left).
        #expect(
            read.toml.settings.select == ["UM3"] && read.toml.exclude.isEmpty && read.toml.settings.testFiles.isEmpty)
        #expect(
            read.toml.settings.perFileIgnores.map(\.pattern) == ["ok/*"]
                && read.toml.settings.perFileIgnores[0].codes.isEmpty)
        #expect(read.toml.settings.thresholds == Thresholds() && read.toml.settings.severities.isEmpty)
        let expected = [
            "`umlaut.exclude` must be an array of strings, not the integer 5",
            "`umlaut.per-file-ignores`: `gen/[ab]` uses `[...]` or `{...}`, which are not supported; use `*`, `**` and `?`; ignored",
            "`umlaut.per-file-ignores.\"ok/*\"`: no rule matches 'UM7'; `umlaut rules` lists them",
            "unknown key `umlaut.per_file_ignores`; did you mean `per-file-ignores`?",
            "`umlaut.select`: no rule matches 'UM9'; `umlaut rules` lists them",
            "`umlaut.select` must be an array of strings; ignored the integer 3",
            "`umlaut.select`: 'E501' is not a rule code or prefix (such as UM302, UM3 or ALL)",
            "unknown key `umlaut.selct`; known keys: select, ignore, exclude, per-file-ignores, test-files, test-file-ignores, thresholds, severity, compare",
            "`umlaut.severity.UM101` must be one of \"error\", \"warning\", \"info\", \"hint\", not the integer 1",
            "`umlaut.severity.UM302` must be one of \"error\", \"warning\", \"info\", \"hint\", not the string \"fatal\"",
            "`umlaut.severity`: unknown rule code `UM999`",
            "`umlaut.test-files`: `/abs/tests/**` is absolute; patterns are relative to the directory of pyproject.toml; ignored",
            "`umlaut.test-files`: `src/**.py`: `**` must be a whole path segment (`**/name`, `dir/**`), not part of `**.py`; ignored",
            "`umlaut.thresholds.dead-unit-fraction` must be between 0 and 1, not 1.5; ignored",
            "`umlaut.thresholds.max-adaptive-learning-rate` must be greater than 0, not 0.0; ignored",
            "unknown threshold `umlaut.thresholds.max-dropout`; `umlaut rule CODE` lists each rule's thresholds",
            "`umlaut.thresholds.max-learning-rate` must be a number, not the string \"high\"",
            "unknown threshold `umlaut.thresholds.max_dropout_rate`; did you mean `max-dropout-rate`?",
            "`umlaut.thresholds.input-min` (2.0) must be below `umlaut.thresholds.input-max` (1.0); both are ignored",
        ]
        #expect(Set(read.tomlProblems) == Set(expected), "\(read.tomlProblems)")
        #expect(read.tomlProblems.count == expected.count)
    }

    /// One spelling per key, the file's kebab-case, in both: camelCase and snake_case are not
    /// aliases but get a hint at the key meant.
    @Test func camelCaseIsNotAnAliasInEitherButIsHinted() throws {
        let read = try Self.both([
            "perFileIgnores": .object(["experiments/*": .array([.string("UM302")])]),
            "testFileIgnores": .array([]),
            "Severity": .object(["UM302": .string("error")]),
            "thresholds": .object(["maxDropoutRate": .double(0.9)]),
        ])
        #expect(read.editorProblems == read.tomlProblems)
        #expect(read.toml.settings == Settings() && read.editor.settings == Settings())
        #expect(
            Set(read.tomlProblems) == [
                "unknown key `umlaut.perFileIgnores`; did you mean `per-file-ignores`?",
                "unknown key `umlaut.testFileIgnores`; did you mean `test-file-ignores`?",
                "unknown key `umlaut.Severity`; did you mean `severity`?",
                "unknown threshold `umlaut.thresholds.maxDropoutRate`; did you mean `max-dropout-rate`?",
            ])
    }

    /// The server's own keys sit beside the schema's in the editor only, with one spelling each.
    @Test func theServersOwnKeys() {
        let good = EditorSettings(
            .object([
                "debounce": .int(120), "logLevel": .string("DEBUG"), "python": .string("/usr/bin/python3"),
                "path": .string("umlaut"), "ignore": .array([.string("UM302")]),
            ]), knownCodes: Self.known)
        #expect(good.warnings.isEmpty, "\(good.warnings)")
        #expect(good.debounceMilliseconds == 120 && good.logLevel == .debug && good.python == "/usr/bin/python3")
        #expect(good.applied(to: Settings()).ignore == ["UM302"])
        let bad = EditorSettings(
            .object([
                "debounce": .int(-1), "logLevel": .string("trace"), "python": .string(""), "log-level": .string("info"),
                "python-path": .string("x"),
            ]), knownCodes: Self.known)
        #expect(bad.debounceMilliseconds == nil && bad.logLevel == nil && bad.python == nil)
        #expect(
            Set(bad.warnings) == [
                "`umlaut.debounce` must be a number of milliseconds between 0 and 10000",
                "`umlaut.logLevel` must be error, warning, info or debug",
                "`umlaut.python` must be the path of a Python interpreter",
                "unknown key `umlaut.log-level`; did you mean `logLevel`?",
                "unknown key `umlaut.python-path`; known keys: select, ignore, exclude, per-file-ignores, test-files, test-file-ignores, thresholds, severity, compare",
            ], "\(bad.warnings)")
        // JSON's null says nothing; a section that is no object is one problem.
        #expect(
            EditorSettings(.object(["select": .null, "python": .null]), knownCodes: Self.known) == EditorSettings())
        #expect(
            EditorSettings(.object(["umlaut": .string("x")]), knownCodes: Self.known).warnings == [
                "`umlaut` must be a table, not the string \"x\""
            ])
    }

    /// The editor's layer replaces the project's keys it sets and keeps the others.
    @Test func theEditorLaysItsKeysOverTheProject() throws {
        var project = Settings()
        project.ignore = ["UM302"]
        project.select = ["UM1", "UM3"]
        project.thresholds.maxDropoutRate = 0.7
        project.thresholds.deadUnitFraction = 0.2
        project.severities = ["UM101": .hint]
        let editor = EditorSettings(
            .object([
                "ignore": .array([]), "thresholds": .object(["max-dropout-rate": .double(0.8)]),
                "severity": .object(["UM302": .string("error")]),
            ]), knownCodes: Self.known)
        let applied = editor.applied(to: project)
        #expect(applied.ignore.isEmpty && applied.select == ["UM1", "UM3"])
        #expect(applied.thresholds.maxDropoutRate == 0.8 && applied.thresholds.deadUnitFraction == 0.2)
        #expect(applied.severities == ["UM101": .hint, "UM302": .error])
    }
}
