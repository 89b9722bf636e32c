import LintCore
import Testing

/// `[tool.umlaut.compare]`: read by `SettingsSchema` with the rest of `[tool.umlaut]`, its
/// problems reported like the rest's, its paths made absolute, the command's arguments laid over.
@Suite struct CompareSettingsTests {
    func parse(_ toml: String) throws -> (Configuration?, [String]) {
        var warnings: [ConfigurationWarning] = []
        let configuration = try Configuration.parse(
            toml: toml, file: "/p/pyproject.toml", root: "/p", knownCodes: ["UM101"], warnings: &warnings)
        return (configuration, warnings.map(\.message))
    }

    @Test func aCompareTableIsReadWithItsProblems() throws {
        let (configuration, problems) = try parse(
            """
            [tool.umlaut]
            ignore = ["UM101"]

            [tool.umlaut.compare]
            model-a = "models/a.keras"
            model-b = "nets:small@weights/b.pt"
            data = "data/val"
            class = "cat"
            clusters = 6
            image-size = [64, 64]
            samples = 2.5
            model_b = "x"
            order = 3
            """)
        let compare = try #require(configuration?.compare)
        #expect(configuration?.settings.ignore == ["UM101"])
        #expect(compare.modelA == "models/a.keras")
        #expect(compare.className == "cat")
        #expect(compare.clusters == 6)
        #expect(compare.imageSize == [64, 64])
        #expect(compare.samples == nil)
        #expect(compare.order == nil)
        #expect(
            problems == [
                "unknown key `tool.umlaut.compare.model_b`; did you mean `model-b`?",
                "`tool.umlaut.compare.order` must be a non-empty string, not the integer 3",
                "`tool.umlaut.compare.samples` must be an integer of at least 4, not the number 2.5",
            ])

        let resolved = compare.resolvingPaths(against: "/p")
        #expect(resolved.modelA == "/p/models/a.keras")
        #expect(resolved.modelB == "nets:small@/p/weights/b.pt")
        #expect(resolved.data == "/p/data/val")
    }

    @Test func argumentsAreLaidOverTheTable() throws {
        let (configuration, _) = try parse(
            """
            [tool.umlaut.compare]
            model-a = "/m/a.pt"
            clusters = 6
            order = "importance"
            segments = "slic"
            """)
        var given = CompareSettings()
        given.clusters = 8
        given.className = "dog"
        let merged = try #require(configuration?.compare).overlaid(by: given)
        #expect(merged.modelA == "/m/a.pt")
        #expect(merged.clusters == 8)
        #expect(merged.order == "importance")
        #expect(merged.className == "dog")
        #expect(merged.segments == "slic")
        given.segments = "grid"
        #expect(try #require(configuration?.compare).overlaid(by: given).segments == "grid")
    }

    @Test func aCompareThatIsNotATableIsAProblem() throws {
        let (_, problems) = try parse("[tool.umlaut]\ncompare = \"yes\"\n")
        #expect(problems == ["`tool.umlaut.compare` must be a table, not the string \"yes\""])
    }
}
