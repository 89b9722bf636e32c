import Foundation
import Testing

@testable import PythonSyntax

@Suite struct ParserTests {
    @Test func grammarABIIsLoadable() {
        #expect(PythonGrammar.supportedABIVersions.contains(PythonGrammar.abiVersion))
    }

    @Test func parsesAModule() {
        let tree = Parser().parse(SourceText("model.add(Dense(64))\n"))
        #expect(tree.root.type == "module")
        #expect(!tree.hasErrors)
        #expect(
            tree.root.sExpression.contains("(call function: (attribute object: (identifier) attribute: (identifier))"))
    }

    @Test func emptyAndWhitespaceSources() {
        for text in ["", "\n\n", "   "] {
            let tree = Parser().parse(SourceText(text))
            #expect(tree.root.type == "module")
            #expect(tree.root.namedChildCount == 0)
        }
    }

    @Test func fieldsAndText() throws {
        let tree = Parser().parse(SourceText("x = keras.layers.Dense(10, activation='relu')"))
        var call: Node?
        tree.root.walk { node in
            if node.type == "call", call == nil { call = node }
            return true
        }
        let found = try #require(call)
        #expect(found.child(field: "function")?.text == "keras.layers.Dense")
        let arguments = try #require(found.child(field: "arguments"))
        #expect(arguments.namedChildren.map(\.type) == ["integer", "keyword_argument"])
        #expect(arguments.namedChildren[1].child(field: "name")?.text == "activation")
        #expect(found.child(field: "nonexistent") == nil)
    }

    @Test func repeatedFields() throws {
        let tree = Parser().parse(SourceText("from keras.layers import Dense, Conv2D as C"))
        let statement = try #require(tree.root.namedChild(at: 0))
        #expect(statement.type == "import_from_statement")
        #expect(statement.children(field: "name").map(\.text) == ["Dense", "Conv2D as C"])
    }

    @Test func walkVisitsInSourceOrderAndStaysInsideTheSubtree() throws {
        let tree = Parser().parse(SourceText("a = 1\nb = f(2)\nc = 3\n"))
        let second = try #require(tree.root.namedChild(at: 1))
        var seen: [String] = []
        second.walk { node in
            if node.isNamed { seen.append(node.type) }
            return true
        }
        #expect(
            seen == [
                "expression_statement", "assignment", "identifier", "call", "identifier", "argument_list", "integer",
            ])
    }

    @Test func walkCanSkipSubtrees() {
        let tree = Parser().parse(SourceText("f(g(h(1)))"))
        var calls = 0
        tree.root.walk { node in
            if node.type == "call" { calls += 1; return false }
            return true
        }
        #expect(calls == 1)
    }

    @Test func syntaxErrorsAreReportedWithRanges() {
        let tree = Parser().parse(SourceText("def f(:\n    return 1\nx = (1,\n"))
        #expect(tree.hasErrors)
        let errors = tree.syntaxErrors()
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.range.upperBound <= tree.source.bytes.count })
    }

    @Test func errorNodesHaveTheirType() {
        let tree = Parser().parse(SourceText("x = = 2\n"))
        var types: [String] = []
        tree.root.walk { node in
            if node.isError { types.append(node.type) }
            return true
        }
        #expect(types.contains("ERROR"))
    }

    @Test func invalidUTF8StillParses() {
        let bytes: [UInt8] = Array("x = '".utf8) + [0xFF, 0xFE] + Array("'\ny = 2\n".utf8)
        let tree = Parser().parse(SourceText(bytes))
        #expect(tree.root.type == "module")
        #expect(tree.root.namedChildCount == 2)
    }

    /// `stringContinues(after:)` reads tree-sitter's tree; the node table must agree with it at
    /// every line end (the language server puts `# umlaut: ignore` there unless a string goes on).
    @Test func stringContinuesAfterALineEndAgreesWithTheNodeTable() {
        let text = """
            doc = \"\"\"first line
            second line\"\"\"
            x = f"{a}
            y = 'one' + \\
                'two'
            z = call(\"\"\"
            \"\"\", b)  # comment
            w = "unterminated

            """
        let (actual, expected) = Self.stringContinuesAtEveryLineEnd(of: text)
        #expect(actual == expected)
        #expect(actual.first == true && actual.contains(false))
        let tree = Parser().parse(SourceText(text))
        #expect(!tree.stringContinues(after: 0) && !tree.stringContinues(after: text.utf8.count + 5))
    }

    /// The same over every Python file of the repository's examples and test fixtures.
    @Test func stringContinuesAgreesWithTheNodeTableOnTheRepositorysPythonFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var files = 0
        var inStrings = 0
        for folder in ["Examples", "Tests"] {
            let base = root.appendingPathComponent(folder).path
            let enumerator = FileManager.default.enumerator(atPath: base)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".py"), let text = try? String(contentsOfFile: base + "/" + path, encoding: .utf8)
                else { continue }
                let (actual, expected) = Self.stringContinuesAtEveryLineEnd(of: text)
                #expect(actual == expected, "\(path)")
                files += 1
                inStrings += actual.filter { $0 }.count
            }
        }
        #expect(files > 50 && inStrings > 100, "\(files) files, \(inStrings) line ends inside strings")
    }

    /// At every non-empty line end of `text`: `stringContinues(after:)`, and the same question
    /// answered by walking up the node table from the innermost named node.
    static func stringContinuesAtEveryLineEnd(of text: String) -> (actual: [Bool], expected: [Bool]) {
        let tree = Parser().parse(SourceText(text))
        var expected: [Bool] = []
        var actual: [Bool] = []
        var offset = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let end = offset + line.count
            offset = end + 1
            guard end > 0, !line.isEmpty else { continue }
            var inString = false
            var current = tree.root.descendant(spanning: (end - 1)..<end, named: true)
            while let node = current {
                if node.type == "string", node.endByte > end { inString = true }
                current = node.parent
            }
            expected.append(inString)
            actual.append(tree.stringContinues(after: end))
        }
        return (actual, expected)
    }
}
