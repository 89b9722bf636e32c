import PythonSyntax
import Testing

@Suite struct QueryTests {
    let tree = Parser().parse(
        SourceText(
            """
            from keras.layers import Dense
            a = Dense(10)
            b = Conv2D(3)
            c = Dense(5)
            d = f(x)
            """))

    @Test func capturesAndEqPredicate() throws {
        let query = try Query(
            """
            (call function: (identifier) @callee (#eq? @callee "Dense") arguments: (argument_list (integer) @units))
            """)
        let units = query.matches(in: tree.root).compactMap { $0["units"]?.text }
        #expect(units == ["10", "5"])
        #expect(query.captureNames == ["callee", "units"])
    }

    @Test func matchAndAnyOfPredicates() throws {
        let matching = try Query(#"((identifier) @name (#match? @name "^(Dense|Conv[0-9]D)$"))"#)
        #expect(matching.matches(in: tree.root).map { $0["name"]!.text } == ["Dense", "Dense", "Conv2D", "Dense"])
        let negated = try Query(#"((call function: (identifier) @f) (#not-any-of? @f "Dense" "Conv2D"))"#)
        #expect(negated.matches(in: tree.root).map { $0["f"]!.text } == ["f"])
    }

    @Test func captureToCaptureEquality() throws {
        let tree = Parser().parse(SourceText("x = x\ny = z\n"))
        let query = try Query("((assignment left: (identifier) @l right: (identifier) @r) (#eq? @l @r))")
        #expect(query.matches(in: tree.root).map { $0["l"]!.text } == ["x"])
    }

    @Test func byteRangeRestrictsMatches() throws {
        let query = try Query("(call) @call")
        let secondLine = tree.source.lineIndex.lineStarts[2]..<tree.source.lineIndex.lineStarts[3]
        #expect(query.matches(in: tree.root, byteRange: secondLine).map { $0["call"]!.text } == ["Conv2D(3)"])
    }

    @Test func compileErrorsCarryKindAndOffset() {
        #expect(throws: QueryError.self) { try Query("(call") }
        do {
            _ = try Query("(call) (no_such_node)")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .nodeType)
            #expect(error.offset == 8)
        }
    }

    @Test func unsupportedPredicatesAreRejected() {
        do {
            _ = try Query(#"((identifier) @x (#set-to-fire? @x "1"))"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .predicate)
            #expect(error.description.contains("set-to-fire?"))
        }
    }
}
