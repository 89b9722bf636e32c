import Foundation
import Testing

@testable import PythonSyntax

/// The node table must answer exactly as tree-sitter's node API does.
@Suite struct NodeTableTests {
    static let snippets = [
        "",
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(10, activation='relu')])  # c\n",
        "def f(a, b=1, *args, c: int = 2, **kw):\n    return a if b else (c, [x for x in kw])\n",
        "class A(B, metaclass=M):\n    @property\n    def x(self): ...\n",
        "x = (1 +\n# comment\n 2)\nprint(x[1:2, ::3], y.z)\nwith open(p) as f, g: pass\n",
        "try:\n    pass\nexcept (A, B) as e:\n    raise\nelse:\n    x += 1\nfinally:\n    del x\n",
        "match p:\n    case [1, *rest] if rest:\n        pass\n    case {'k': v}:\n        pass\n",
        "lambda: (yield)\nasync def f():\n    await g()\n    async for x in y: pass\n",
        // Syntax errors and missing tokens.
        "def broken(:\n    pass\nx = = 1\nif x\n    y = [1, 2\n",
        "model = Sequential([Dense(10) Dense(2)])\nprint(f'{x!r:>{w}}')\n",
    ]

    @Test(arguments: snippets)
    func snippetsAgree(code: String) {
        let tree = Parser().parse(SourceText(code))
        #expect(tree.nodeTableDiscrepancies() == [])
    }

    @Test func exampleScriptsAgree() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let examples = root.appendingPathComponent("Examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".py") }
        #expect(!files.isEmpty)
        let parser = Parser()
        for file in files {
            let data = try Data(contentsOf: examples.appendingPathComponent(file))
            let tree = parser.parse(SourceText(Array(data)))
            #expect(tree.nodeTableDiscrepancies() == [], "\(file)")
        }
    }

    /// Every `.py` file under `UMLAUT_NODE_TABLE_CORPUS` (a manual check over real code, such as
    /// the installed frameworks; skipped when the variable is unset).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["UMLAUT_NODE_TABLE_CORPUS"] != nil))
    func corpusAgrees() throws {
        let root = ProcessInfo.processInfo.environment["UMLAUT_NODE_TABLE_CORPUS"]!
        let parser = Parser()
        var checked = 0
        for case let path as String in FileManager.default.enumerator(atPath: root)! where path.hasSuffix(".py") {
            guard let data = FileManager.default.contents(atPath: root + "/" + path), data.count < 2_000_000 else {
                continue
            }
            let problems = parser.parse(SourceText(Array(data))).nodeTableDiscrepancies(limit: 3)
            #expect(problems == [], "\(path)")
            checked += 1
        }
        print("node table: \(checked) files agree")
    }

    @Test func descendantSpanningMapsBackToTheTable() {
        let tree = Parser().parse(SourceText("x = foo(bar, 1)\n"))
        let node = tree.root.descendant(spanning: 8..<11)
        #expect(node?.type == "identifier")
        #expect(node?.text == "bar")
        #expect(node?.parent?.type == "argument_list")
    }
}
