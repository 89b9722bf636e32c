import Foundation
import PythonSyntax
import TestSupport
import Testing
import TrainingModel

/// Each `Fixtures/<name>.py`, and each bundled `Examples/<name>.py` as `example_<name>`, is
/// analysed and its `ScriptModel` compared with `Fixtures/<name>.json` (`UMLAUT_UPDATE_GOLDEN=1`
/// rewrites the JSON; review the diff like code).
///
/// The whole model is compared: networks, losses, optimizers, `compile` and `fit` calls,
/// training steps and the data. (`Fixtures/Data/` holds fixtures focused on the data pass.)
@Suite struct ScriptModelGoldenTests {
    static let fixtureDirectory = goldenPath("Fixtures")
    static let examplesDirectory = goldenPath("../../Examples")

    static func scripts(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".py") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// Golden name → the script it is made from.
    static let sources: [String: String] = {
        var sources: [String: String] = [:]
        for name in scripts(in: fixtureDirectory) { sources[name] = "\(fixtureDirectory)/\(name).py" }
        for name in scripts(in: examplesDirectory) { sources["example_\(name)"] = "\(examplesDirectory)/\(name).py" }
        return sources
    }()

    static var fixtureNames: [String] { sources.keys.sorted() }

    @Test func fixturesArePresent() {
        let names = Self.fixtureNames
        #expect(names.count >= 20, "expected the fixture scripts in \(Self.fixtureDirectory)")
        #expect(
            names.filter { $0.hasPrefix("example_") }.count >= 4, "expected the scripts of \(Self.examplesDirectory)")
        for name in names {
            #expect(
                FileManager.default.fileExists(atPath: "\(Self.fixtureDirectory)/\(name).json"), "\(name) has no golden"
            )
        }
    }

    @Test(arguments: fixtureNames)
    func extractedModel(of fixture: String) throws {
        let source = try String(contentsOfFile: try #require(Self.sources[fixture]), encoding: .utf8)
        let model = ScriptAnalyzer.analyze(Parser().parse(SourceText(source)))
        assertGolden(try Self.json(model), path: "\(Self.fixtureDirectory)/\(fixture).json")
    }

    static func json(_ model: ScriptModel) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(model), as: UTF8.self) + "\n"
    }
}
