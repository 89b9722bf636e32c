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
}
