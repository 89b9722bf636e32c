import LintCore
import Testing

/// `Settings.enabled(_:path:)`, which `Linter` asks once per file, answers exactly what
/// `isEnabled(_:path:)` answers rule by rule.
@Suite struct EnabledRulesTests {
    let codes: [RuleCode] = ["UM101", "UM102", "UM201", "UM301", "UM302", "UM501"]
    let paths: [String?] = [
        nil, "train.py", "experiments/run.py", "experiments/deep/run.py", "tests/unit/test_model.py",
        "test_model.py", "pkg/conftest.py", "pkg/model_test.py", "./tests/helpers.py",
    ]

    func variants() -> [Settings] {
        var plain = Settings()
        plain.perFileIgnores = []
        var perFile = Settings()
        perFile.perFileIgnores = [("experiments/*", ["UM302"]), ("**/test_*.py", ["UM1"]), ("*.py", ["UM501"])]
        var noTestPolicy = perFile
        noTestPolicy.testFileIgnores = []
        var selected = perFile
        selected.select = ["UM1", "UM3"]
        selected.ignore = ["UM102"]
        var everything = Settings()
        everything.ignore = ["ALL"]
        everything.select = ["UM2"]
        everything.testFiles = ["experiments/**"]
        return [plain, perFile, noTestPolicy, selected, everything]
    }

    @Test func answersAsIsEnabledForEveryCodeAndPath() {
        for settings in variants() {
            for path in paths {
                #expect(
                    settings.enabled(codes, path: path) == codes.map { settings.isEnabled($0, path: path) },
                    "path \(path ?? "nil")")
            }
        }
    }

    @Test func testFilesAndPerFileIgnoresStillApply() {
        let settings = variants()[1]
        // Default test-file policy: UM2 and UM3 off in test files; per-file: UM1 off in test_*.py.
        #expect(
            settings.enabled(codes, path: "tests/unit/test_model.py") == [false, false, false, false, false, false])
        #expect(settings.enabled(codes, path: "train.py") == [true, true, true, true, true, false])
        #expect(settings.enabled(codes, path: "experiments/run.py") == [true, true, true, true, false, false])
        #expect(settings.enabled(codes, path: nil) == [true, true, true, true, true, true])
    }
}
