import LintCore
import Testing

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.py", "train.py", true),
        ("*.py", "src/deep/train.py", true),
        ("train?.py", "train1.py", true),
        ("train?.py", "train10.py", false),
        ("experiments/*", "experiments/a.py", true),
        ("experiments/*", "experiments/sub/a.py", false),
        ("experiments/**", "experiments/sub/a.py", true),
        ("**/test_*.py", "test_a.py", true),
        ("**/test_*.py", "a/b/test_a.py", true),
        ("src/**/gen/*.py", "src/gen/x.py", true),
        ("src/**/gen/*.py", "src/a/b/gen/x.py", true),
        ("src/*.py", "./src/x.py", true),
        ("./src/*.py", "src/x.py", true),
        ("a?b", "a/b", false),
        ("notebooks/*.ipynb", "notebooks/eda.ipynb", true),
        ("*_pb2.py", "model_pb2.pyi", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(Glob.matches(pattern, path) == expected)
    }

    /// Patterns that could never match as meant are rejected when the configuration is read.
    @Test(arguments: [
        ("", true), ("/abs/*.py", true), ("gen/[ab].py", true), ("{a,b}/*.py", true), ("src/**.py", true),
        ("a**/x", true), ("*.py", false), ("**/tests/**", false), ("experiments/*", false), ("generated/", false),
        ("src/**/gen/*.py", false), ("train?.py", false),
    ])
    func invalidPatternsAreNamed(pattern: String, invalid: Bool) {
        #expect((Glob.problem(with: pattern) != nil) == invalid, "\(pattern): \(Glob.problem(with: pattern) ?? "fine")")
    }
}
