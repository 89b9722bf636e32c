import Foundation
import PythonSyntax
import TestSupport
import Testing
import TrainingModel

/// Each `Fixtures/<name>.py` is analysed and its `ScriptModel` compared with `Fixtures/<name>.json`
/// (`UMLAUT_UPDATE_GOLDEN=1` rewrites the JSON; review the diff like code).
///
/// The whole model is compared: networks, losses, optimizers, `compile` and `fit` calls,
/// training steps and the data. (`Fixtures/Data/` holds fixtures focused on the data pass.)
@Suite struct ScriptModelGoldenTests {
    static let fixtureDirectory = goldenPath("Fixtures")

    static var fixtureNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: fixtureDirectory)) ?? []
        return files.filter { $0.hasSuffix(".py") }.map { String($0.dropLast(3)) }.sorted()
    }

    @Test func fixturesArePresent() {
        let names = Self.fixtureNames
        #expect(names.count >= 20, "expected the fixture scripts in \(Self.fixtureDirectory)")
        for name in names {
            #expect(FileManager.default.fileExists(atPath: "\(Self.fixtureDirectory)/\(name).json"), "\(name).py has no golden")
        }
    }

    @Test(arguments: fixtureNames)
    func extractedModel(of fixture: String) throws {
        let source = try String(contentsOfFile: "\(Self.fixtureDirectory)/\(fixture).py", encoding: .utf8)
        let model = ScriptAnalyzer.analyze(Parser().parse(SourceText(source)))
        assertGolden(try Self.json(model), path: "\(Self.fixtureDirectory)/\(fixture).json")
    }

    static func json(_ model: ScriptModel) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(model), as: UTF8.self) + "\n"
    }
}
