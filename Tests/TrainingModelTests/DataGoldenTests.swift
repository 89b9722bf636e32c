import Foundation
import PythonSyntax
import TestSupport
import Testing
import TrainingModel

/// Each `Fixtures/Data/data_<name>.py` is analysed and what `DataExtraction` found — datasets,
/// `fit` calls, network calls, image-data-format settings — is compared with
/// `Fixtures/Data/data_<name>.json` (`UMLAUT_UPDATE_GOLDEN=1` rewrites it; review the diff like
/// code).
///
/// Only the data pass's fields are encoded, so that changes to network extraction do not
/// rewrite these goldens (indices into `networks` still appear as `networkIndex`). The fixtures
/// live in their own folder so that suites which golden-test every top-level fixture do not
/// pick them up.
@Suite struct DataGoldenTests {
    static let directory = goldenPath("Fixtures/Data")

    static var fixtureNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasPrefix("data_") && $0.hasSuffix(".py") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// The part of a `ScriptModel` the data pass fills.
    struct DataFacts: Encodable {
        var datasets: [Dataset]
        var fits: [FitCall]
        var networkCalls: [NetworkCall]
        var imageDataFormats: [DataFormatSetting]
    }

    @Test func everyFixtureHasAGolden() {
        let names = Self.fixtureNames
        #expect(names.count >= 6, "expected the data fixtures in \(Self.directory)")
        for name in names {
            #expect(
                FileManager.default.fileExists(atPath: "\(Self.directory)/\(name).json"), "\(name).py has no golden")
        }
    }

    @Test(arguments: fixtureNames)
    func extractedData(of fixture: String) throws {
        let source = try String(contentsOfFile: "\(Self.directory)/\(fixture).py", encoding: .utf8)
        let model = ScriptAnalyzer.analyze(Parser().parse(SourceText(source)))
        let facts = DataFacts(
            datasets: model.datasets, fits: model.fits, networkCalls: model.networkCalls,
            imageDataFormats: model.imageDataFormats)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(facts), as: UTF8.self) + "\n"
        assertGolden(json, path: "\(Self.directory)/\(fixture).json")
    }
}
