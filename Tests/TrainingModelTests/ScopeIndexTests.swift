import PythonSyntax
import Testing

@testable import TrainingModel

/// `ScopeIndex.reachingAssignment`, which the data-flow tracer relies on.
@Suite struct ScopeIndexTests {
    private func index(_ code: String) -> (ScopeIndex, SyntaxTree) {
        let tree = Parser().parse(SourceText(code))
        return (ScopeIndex(root: tree.root), tree)
    }

    private func offset(of needle: String, in code: String, occurrence: Int = 1) -> Int {
        var searchStart = code.startIndex
        var found = code.startIndex
        for _ in 0..<occurrence {
            let range = code.range(of: needle, range: searchStart..<code.endIndex)!
            found = range.lowerBound
            searchStart = range.upperBound
        }
        return code.utf8.distance(from: code.utf8.startIndex, to: found.samePosition(in: code.utf8)!)
    }

    @Test func straightLineUsesTheLastAssignmentBefore() {
        let code = "x = a(x)\nx = b(x)\ny = x\nx = c(x)\n"
        let (scopes, _) = index(code)
        let use = offset(of: "x\nx = c", in: code)
        #expect(scopes.reachingAssignment(of: "x", before: use)?.value.text == "b(x)")
    }

    @Test func aUseInsideItsOwnAssignmentSeesThePreviousOne() {
        let code = "x = a(x)\nx = b(x)\n"
        let (scopes, _) = index(code)
        #expect(
            scopes.reachingAssignment(of: "x", before: offset(of: "x)", in: code, occurrence: 2))?.value.text == "a(x)")
        #expect(scopes.reachingAssignment(of: "x", before: offset(of: "x)", in: code, occurrence: 1)) == nil)
    }

    @Test func neverAnAssignmentAfterTheUse() {
        let code = "y = x\nx = 1\n"
        let (scopes, _) = index(code)
        #expect(scopes.reachingAssignment(of: "x", before: offset(of: "x", in: code)) == nil)
        // The older lookup does fall forward (a function may read a constant defined below it).
        #expect(scopes.assignment(of: "x", at: offset(of: "x", in: code))?.value.text == "1")
    }

    @Test func anotherBranchOfTheSameIfIsSkipped() {
        let code = """
            x = start(x)
            if flag:
                x = a(x)
            elif other:
                x = b(x)
            else:
                x = c(x)
            y = x
            """
        let (scopes, _) = index(code)
        // Inside the else branch, `x` comes from before the if statement, not from the other branches.
        #expect(
            scopes.reachingAssignment(of: "x", before: offset(of: "x)", in: code, occurrence: 4))?.value.text
                == "start(x)")
        // After the whole statement, the last assignment in source order wins.
        #expect(
            scopes.reachingAssignment(of: "x", before: offset(of: "x", in: code, occurrence: 9))?.value.text == "c(x)")
    }

    @Test func onlyTheInnermostScopeCounts() {
        let code = """
            x = outer()
            def f(x):
                return g(x)
            """
        let (scopes, _) = index(code)
        #expect(scopes.reachingAssignment(of: "x", before: offset(of: "x)", in: code, occurrence: 2)) == nil)
        #expect(scopes.localAssignments(of: "x", at: offset(of: "return", in: code)).isEmpty)
        #expect(scopes.localAssignments(of: "x", at: 0).count == 1)
    }
}
