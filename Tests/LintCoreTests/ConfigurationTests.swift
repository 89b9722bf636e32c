import LintCore
import Testing

@Suite struct ConfigurationTests {
    let known: [RuleCode] = ["UM101", "UM102", "UM201", "UM301", "UM302"]

    func parse(_ toml: String, topLevel: Bool = false) throws -> (Configuration?, [String]) {
        var warnings: [ConfigurationWarning] = []
        let configuration = try Configuration.parse(
            toml: toml, file: "/p/pyproject.toml", root: "/p", knownCodes: known, warnings: &warnings,
            topLevel: topLevel)
        return (configuration, warnings.map(\.message))
    }

    @Test func readsEveryKey() throws {
        let (configuration, warnings) = try parse(
            """
            [project]
            name = "x"

            [tool.umlaut]
            select = ["UM1", "um302"]
            ignore = ["UM102"]
            exclude = ["generated/", "*_pb2.py"]
            per-file-ignores = { "experiments/*" = ["UM302"], "tests/**/*.py" = ["UM1"] }

            [tool.umlaut.thresholds]
            max-dropout-rate = 0.6
            min-learning-rate = 1e-8
            overfitting-patience = 4

            [tool.umlaut.severity]
            UM302 = "error"
            um101 = "hint"
            """)
        let found = try #require(configuration)
        #expect(warnings.isEmpty)
        #expect(found.settings.select == ["UM1", "UM302"])
        #expect(found.settings.ignore == ["UM102"])
        #expect(found.exclude == ["generated/", "*_pb2.py"])
        #expect(found.settings.perFileIgnores.map(\.pattern) == ["experiments/*", "tests/**/*.py"])
        #expect(found.settings.perFileIgnores.map(\.codes) == [["UM302"], ["UM1"]])
        #expect(found.settings.thresholds.maxDropoutRate == 0.6)
        #expect(found.settings.thresholds.minLearningRate == 1e-8)
        #expect(found.settings.thresholds.overfittingPatience == 4)
        #expect(found.settings.severities == ["UM302": .error, "UM101": .hint])
        #expect(found.root == "/p" && found.file == "/p/pyproject.toml")
    }

    @Test func aFileWithoutTheTableConfiguresNothing() throws {
        let (configuration, warnings) = try parse("[tool.ruff]\nline-length = 100\n")
        #expect(configuration == nil)
        #expect(warnings.isEmpty)
    }

    @Test func topLevelKeysForAnUmlautToml() throws {
        let (configuration, _) = try parse(
            "ignore = [\"UM302\"]\n[thresholds]\nmax-dropout-rate = 0.7\n", topLevel: true)
        #expect(configuration?.settings.ignore == ["UM302"])
        #expect(configuration?.settings.thresholds.maxDropoutRate == 0.7)
    }

    @Test func unknownKeysAndWrongTypesWarnAndAreIgnored() throws {
        let (configuration, warnings) = try parse(
            """
            [tool.umlaut]
            selct = ["UM1"]
            per_file_ignores = {}
            ignore = "UM302"
            select = ["UM9", 3, "E501"]
            exclude = 5

            [tool.umlaut.thresholds]
            max-dropout = 0.6
            max_dropout_rate = 0.6
            max-learning-rate = "high"

            [tool.umlaut.severity]
            UM302 = "fatal"
            UM999 = "error"
            """)
        let found = try #require(configuration)
        // A single string is taken as a one-element list.
        #expect(found.settings.ignore == ["UM302"])
        #expect(found.settings.select.isEmpty)
        #expect(found.settings.thresholds == Thresholds())
        #expect(found.settings.severities.isEmpty)
        let expected = [
            "`tool.umlaut.exclude` must be an array of strings, not the integer 5",
            "unknown key `tool.umlaut.per_file_ignores`; did you mean `per-file-ignores`?",
            "`tool.umlaut.select` must be an array of strings; ignored the integer 3",
            "`tool.umlaut.select`: no rule matches 'UM9'; `umlaut rules` lists them",
            "`tool.umlaut.select`: 'E501' is not a rule code or prefix (such as UM302, UM3 or ALL)",
            "unknown key `tool.umlaut.selct`; known keys: select, ignore, exclude, per-file-ignores, test-files, test-file-ignores, thresholds, severity, compare",
            "unknown threshold `tool.umlaut.thresholds.max-dropout`; `umlaut rule CODE` lists each rule's thresholds",
            "`tool.umlaut.thresholds.max-learning-rate` must be a number, not the string \"high\"",
            "unknown threshold `tool.umlaut.thresholds.max_dropout_rate`; did you mean `max-dropout-rate`?",
            "`tool.umlaut.severity.UM302` must be one of \"error\", \"warning\", \"info\", \"hint\", not the string \"fatal\"",
            "`tool.umlaut.severity`: unknown rule code `UM999`",
        ]
        for message in expected {
            #expect(warnings.contains(message), "missing warning: \(message)\nall: \(warnings)")
        }
        #expect(warnings.count == expected.count, "\(warnings)")
    }

    @Test func invalidTOMLThrowsWithTheLine() throws {
        #expect {
            _ = try parse("[tool.umlaut]\nselect = [\"UM1\"\nignore = []\n")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.file == "/p/pyproject.toml" && error.line == 3 && error.message.hasPrefix("invalid TOML")
                && error.description.hasPrefix("/p/pyproject.toml:3:")
        }
    }

    @Test func selectIgnoreAndPerFileIgnoresPrecedence() {
        var settings = Settings()
        settings.select = ["UM3"]
        settings.ignore = ["UM302"]
        #expect(settings.isEnabled("UM301"))
        #expect(!settings.isEnabled("UM302"))
        #expect(!settings.isEnabled("UM101"))
        // A more specific select beats a less specific ignore, and ties go to ignore.
        settings.select = ["UM302"]
        settings.ignore = ["UM3"]
        #expect(settings.isEnabled("UM302"))
        settings.ignore = ["UM302"]
        #expect(!settings.isEnabled("UM302"))
        settings = Settings()
        settings.ignore = ["ALL"]
        settings.select = ["UM1"]
        #expect(settings.isEnabled("UM101"))
        #expect(!settings.isEnabled("UM302"))
        settings = Settings()
        settings.testFileIgnores = []  // only the per-file ignores below (test files: see testFilesSkip...)
        settings.perFileIgnores = [("experiments/*", ["UM302"]), ("**/test_*.py", ["UM1"])]
        #expect(!settings.isEnabled("UM302", path: "experiments/run.py"))
        #expect(settings.isEnabled("UM302", path: "experiments/deep/run.py"))
        #expect(settings.isEnabled("UM302", path: "train.py"))
        #expect(!settings.isEnabled("UM101", path: "tests/unit/test_model.py"))
        #expect(!settings.isEnabled("UM101", path: "test_model.py"))
        #expect(settings.isEnabled("UM302", path: "tests/unit/test_model.py"))
    }

    @Test func selectorsAreValidatedAgainstKnownRules() {
        #expect(RuleSelector.problem(with: "ALL", known: known) == nil)
        #expect(RuleSelector.problem(with: "um3", known: known) == nil)
        #expect(RuleSelector.problem(with: "UM", known: known) == nil)
        #expect(RuleSelector.problem(with: "UM302", known: known) == nil)
        #expect(RuleSelector.problem(with: "UM4", known: known) != nil)
        #expect(RuleSelector.problem(with: "UM3021", known: known) != nil)
        #expect(RuleSelector.problem(with: "F401", known: known) != nil)
        #expect(RuleSelector.split(" UM1, UM302 ,,UM2 ") == ["UM1", "UM302", "UM2"])
    }

    @Test func excludeMatchesRelativeToTheRoot() {
        let configuration = Configuration(exclude: ["generated/", "*_pb2.py", "data/raw/**"], root: "/p")
        #expect(configuration.isExcluded("/p/generated"))
        #expect(configuration.isExcluded("/p/model_pb2.py"))
        #expect(configuration.isExcluded("/p/src/deep/model_pb2.py"))
        #expect(configuration.isExcluded("/p/data/raw/x/y.py"))
        #expect(!configuration.isExcluded("/p/train.py"))
        #expect(!configuration.isExcluded("/elsewhere/model_pb2.py"))
        #expect(configuration.relativePath("/p/a/b.py") == "a/b.py")
        #expect(configuration.relativePath("/q/a.py") == nil)
    }

    @Test func negativeThresholdsAndInvalidGlobsAreRejectedNamingTheKey() throws {
        let (configuration, warnings) = try parse(
            """
            [tool.umlaut]
            exclude = ["gen/[ab]", "ok/"]
            per-file-ignores = { "src/**.py" = ["UM302"], "experiments/*" = ["UM302"] }
            test-files = ["/abs/tests/**"]

            [tool.umlaut.thresholds]
            max-dropout-rate = -0.5
            min-learning-rate = -1
            dead-unit-fraction = 1.5
            input-min = -5
            input-max = 5
            """)
        let found = try #require(configuration)
        #expect(found.exclude == ["ok/"])
        #expect(found.settings.perFileIgnores.map(\.pattern) == ["experiments/*"])
        #expect(found.settings.testFiles.isEmpty)
        #expect(found.settings.thresholds.maxDropoutRate == 0.5)
        #expect(found.settings.thresholds.minLearningRate == 1e-7)
        #expect(found.settings.thresholds.deadUnitFraction == Thresholds().deadUnitFraction)
        #expect(found.settings.thresholds.inputMin == -5 && found.settings.thresholds.inputMax == 5)
        for key in [
            "tool.umlaut.exclude", "tool.umlaut.per-file-ignores", "tool.umlaut.test-files",
            "tool.umlaut.thresholds.max-dropout-rate", "tool.umlaut.thresholds.min-learning-rate",
            "tool.umlaut.thresholds.dead-unit-fraction",
        ] {
            #expect(warnings.contains { $0.contains("`\(key)") }, "no warning names \(key): \(warnings)")
        }
        #expect(warnings.count == 6, "\(warnings)")
    }

    @Test func anInputRangeThatIsEmptyIsRejected() throws {
        let (configuration, warnings) = try parse("[tool.umlaut.thresholds]\ninput-min = 2\ninput-max = 1\n")
        #expect(configuration?.settings.thresholds.inputMin == -1 && configuration?.settings.thresholds.inputMax == 1)
        #expect(warnings.count == 1 && warnings[0].contains("input-min"), "\(warnings)")
    }

    @Test func testFilesSkipMissingActivationsDataAndHyperparameterRulesByDefault() throws {
        let defaults = Settings()
        for path in [
            "test_train.py", "src/pkg/test_model.py", "model_test.py", "conftest.py", "tests/helpers.py",
            "pkg/tests/unit/models.py", "test/run.py",
        ] {
            #expect(defaults.isTestFile(path), "\(path)")
            #expect(!defaults.isEnabled("UM302", path: path) && !defaults.isEnabled("UM201", path: path), "\(path)")
            #expect(!defaults.isEnabled("UM101", path: path), "\(path)")
            #expect(defaults.isEnabled("UM102", path: path) && defaults.isEnabled("UM105", path: path), "\(path)")
        }
        for path in ["train.py", "testing.py", "attest_model.py", "contest/train.py", "src/latest/train.py"] {
            #expect(!defaults.isTestFile(path), "\(path)")
            #expect(defaults.isEnabled("UM302", path: path), "\(path)")
            #expect(defaults.isEnabled("UM101", path: path), "\(path)")
        }
        let (checked, warnings) = try parse("[tool.umlaut]\ntest-file-ignores = []\n")
        #expect(warnings.isEmpty)
        #expect(checked?.settings.isEnabled("UM302", path: "tests/test_a.py") == true)
        let (custom, _) = try parse("[tool.umlaut]\ntest-files = [\"checks/*.py\"]\ntest-file-ignores = [\"UM1\"]\n")
        #expect(custom?.settings.isEnabled("UM101", path: "checks/a.py") == false)
        #expect(custom?.settings.isEnabled("UM302", path: "checks/a.py") == true)
        #expect(custom?.settings.isEnabled("UM302", path: "tests/test_a.py") == true)
    }
}
