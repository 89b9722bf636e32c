import ProjectSearch
import Store
import Testing

@Suite struct QueryParserTests {
    @Test func parsesPrecedenceNotAndParentheses() throws {
        let parsed = try QueryParser.parse("framework = pytorch and loss ~ dice and lr < 1e-3")
        #expect(
            parsed
                == .and(
                    .and(
                        .condition(SearchCondition(.framework, .equal, .text("pytorch"))),
                        .condition(SearchCondition(.loss, .contains, .text("dice")))),
                    .condition(SearchCondition(.lr, .less, .number(0.001)))))
        let grouped = try QueryParser.parse("NOT (task = segmentation OR model != 'U-Net') and license = MIT")
        #expect(
            grouped
                == .and(
                    .not(
                        .or(
                            .condition(SearchCondition(.task, .equal, .text("segmentation"))),
                            .condition(SearchCondition(.model, .notEqual, .text("U-Net"))))),
                    .condition(SearchCondition(.licence, .equal, .text("MIT")))))
        #expect(
            try QueryParser.parse("dataset = \"CIFAR 10\"")
                == .condition(SearchCondition(.dataset, .equal, .text("CIFAR 10"))))
        #expect(try QueryParser.parse("lr >= 1") == .condition(SearchCondition(.lr, .greaterOrEqual, .number(1))))
    }

    @Test(arguments: [
        ("framework =", 12, "expected a value after =, found the end"),
        ("colour = red", 1, "unknown field \"colour\""),
        ("lr ~ 3", 4, "`~` (contains) compares names; lr is a number"),
        ("loss < 3", 6, "`<` compares numbers; loss is a name"),
        ("lr < small", 6, "lr takes a number, found \"small\""),
        ("(framework = keras", 19, "expected `)` to close the `(` at column 1"),
        ("framework = keras and", 22, "expected a field"),
        ("framework = keras loss = x", 19, "expected `and`, `or` or the end, found \"loss\""),
        ("framework ! keras", 11, "`!` must be followed by `=`"),
        ("path = 'unclosed", 8, "this quote is never closed"),
        ("framework keras", 11, "expected an operator"),
    ])
    func reportsTheColumn(_ input: String, _ column: Int, _ message: String) {
        #expect {
            try QueryParser.parse(input)
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.column == column && error.message.hasPrefix(message)
        }
    }

    @Test func pointsUnderTheColumn() throws {
        let input = "lr < 1 or colour = red"
        #expect {
            try QueryParser.parse(input)
        } throws: { error in
            guard let error = error as? QueryError else { return false }
            return error.pointing(into: input).hasPrefix("lr < 1 or colour = red\n          ^ unknown field \"colour\"")
        }
    }

    @Test func quotesTheUsersWordsForFullText() {
        #expect(TextQuery.fts("dice loss") == "\"dice\" \"loss\"")
        #expect(TextQuery.fts("unet* OR \"x\" NEAR(") == "\"unet\"* \"OR\" \"x\" \"NEAR\"")
        #expect(TextQuery.fts("()*") == nil)
    }
}
