import Foundation
import TestSupport
import Testing

/// `umlaut rules`, `umlaut rule CODE`, and the generated pages of Docs/rules/.
@Suite struct RuleDocumentationTests {
    @Test func listing() throws {
        try Umlaut.expectGolden("rules", ["rules"])
        try Umlaut.expectGolden("rules-json", ["rules", "--format", "json"])
    }

    @Test func oneRule() throws {
        try Umlaut.expectGolden("rule-UM302", ["rule", "um302"])
    }

    /// Docs/rules/ must be what `umlaut rule --all --output` writes; with
    /// UMLAUT_UPDATE_GOLDEN=1 this test regenerates it.
    @Test func docsRulesAreUpToDate() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try Umlaut.run(["rule", "--all", "--output", scratch.path + "/rules"])
        #expect(result.status == 0, "\(result)")
        let generated = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/rules").sorted()
        #expect(generated.contains("README.md") && generated.contains("UM302.md"))
        let docs = Umlaut.packageRoot + "/Docs/rules"
        for name in generated {
            let text = String(decoding: scratch.read("rules/" + name), as: UTF8.self)
            assertGolden(text, path: docs + "/" + name)
        }
        let committed = (try? FileManager.default.contentsOfDirectory(atPath: docs)) ?? []
        let stale = Set(committed).subtracting(generated)
        if ProcessInfo.processInfo.environment["UMLAUT_UPDATE_GOLDEN"] == "1" {
            for name in stale { try FileManager.default.removeItem(atPath: docs + "/" + name) }
        } else {
            #expect(stale.isEmpty, "pages for rules that no longer exist: \(stale.sorted())")
        }
    }
}
