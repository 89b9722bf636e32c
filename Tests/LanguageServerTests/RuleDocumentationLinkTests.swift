import Foundation
import LSPTypes
import LintCore
import LintRules
import Runtime
import Testing

@testable import LanguageServer

/// The rule documentation the editor links to opens: every `codeDescription.href` (and the
/// hover's link) is a `file:` URI of a page the server installed, the rule's own page.
@Suite struct RuleDocumentationLinkTests {
    /// A script that triggers several static rules at once.
    static let script = """
        import keras
        import torch.nn as nn
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([
            keras.layers.Flatten(),
            keras.layers.Dense(64),
            keras.layers.Dense(64),
            keras.layers.Dropout(0.8),
            keras.layers.Dense(10),
        ])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=5.0), loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train, validation_data=(x_train, y_train))

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(784, 256)
                self.fc2 = nn.Linear(256, 10)

            def forward(self, x):
                return self.fc2(self.fc1(x))
        """

    @Test func everyHrefTheServerSendsOpensTheRulesPage() async throws {
        let (client, _) = try await TestClient.start()
        await client.open(Self.script, uri: Fixtures.uri)
        let diagnostics = try await client.nextDiagnostics(for: Fixtures.uri).diagnostics
        #expect(Set(diagnostics.compactMap(\.code)).count >= 5, "\(diagnostics.map(\.code))")
        for diagnostic in diagnostics {
            let href = try #require(
                diagnostic.codeDescription?.href, "\(diagnostic.code ?? "") has no documentation link")
            #expect(href.hasPrefix("file:///"))
            let path = try #require(DocumentURI(href).filePath)
            let page = try String(contentsOfFile: path, encoding: .utf8)
            let name = try #require(
                BuiltInRules.all.first { type(of: $0).description.code.rawValue == diagnostic.code }
            ).description.name
            #expect(page.hasPrefix("# \(name) (\(diagnostic.code ?? ""))"))
            // What the editor shows inline is one short line.
            #expect(
                diagnostic.message.count <= LintCore.Diagnostic.summaryLimit && !diagnostic.message.contains("\n"),
                "\(diagnostic.message)")
        }
    }

    @Test func everyRuleStaticAndRuntimeHasAnInstalledPageAndNoWebAddress() async throws {
        let directory = NSTemporaryDirectory() + "umlaut-rule-pages-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = RuntimeRules.all.map { type(of: $0).description }
        let links = RulePages.install(RuleCatalogue(rules: BuiltInRules.all, runtime: runtime).pages(), in: directory)
        let codes = BuiltInRules.all.map { type(of: $0).description.code } + runtime.map(\.code)
        #expect(Set(links.keys) == Set(codes))
        for (code, link) in links {
            let path = try #require(DocumentURI(link).filePath)
            #expect(path == "\(directory)/\(code).md")
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("(\(code))"))
            #expect(!link.contains("github.com"))
        }
        // Installed again (the next start of the same version): the same links, pages untouched.
        let before =
            try FileManager.default.attributesOfItem(atPath: "\(directory)/UM101.md")[.modificationDate] as? Date
        #expect(
            RulePages.install(RuleCatalogue(rules: BuiltInRules.all, runtime: runtime).pages(), in: directory) == links)
        let after =
            try FileManager.default.attributesOfItem(atPath: "\(directory)/UM101.md")[.modificationDate] as? Date
        #expect(before == after)
    }

    /// A server's start installs the pages under the binary's stamp: the next start of the same
    /// binary builds none (each runs every rule on its examples), a rebuilt binary builds them
    /// all, and a page that went missing is written again.
    @Test func theSameBinaryBuildsItsPagesOnce() throws {
        let directory = NSTemporaryDirectory() + "umlaut-rule-pages-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        final class Counter: @unchecked Sendable { var built = 0 }
        let counter = Counter()
        let pages = RuleCatalogue(rules: BuiltInRules.all, runtime: []).pages().map { page in
            (
                code: page.code,
                markdown: { () -> String in
                    counter.built += 1
                    return page.markdown()
                }
            )
        }
        let links = RulePages.install(pages, in: directory, stamp: "1 2.3")
        #expect(counter.built == pages.count)
        #expect(RulePages.install(pages, in: directory, stamp: "1 2.3") == links)
        #expect(counter.built == pages.count, "the same binary's start builds nothing")
        #expect(RulePages.install(pages, in: directory, stamp: "1 2.4") == links)
        #expect(counter.built == 2 * pages.count, "a rebuilt binary builds every page")
        try FileManager.default.removeItem(atPath: "\(directory)/UM101.md")
        #expect(RulePages.install(pages, in: directory, stamp: "1 2.4") == links)
        #expect(counter.built == 3 * pages.count, "a missing page is written again")
        #expect(FileManager.default.fileExists(atPath: "\(directory)/UM101.md"))
        #expect(RulePages.binaryStamp() != nil)
    }

    @Test func pagesGoToTheUsersCachePerVersion() {
        #expect(
            RulePages.directory(
                version: "1.2.3", override: nil, environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"])
                == "/x/cache/umlaut/1.2.3/rules")
        #expect(
            RulePages.directory(version: "1.2.3", override: nil, environment: ["HOME": "/home/u"])
                == "/home/u/.cache/umlaut/1.2.3/rules")
        #expect(RulePages.directory(version: "1.2.3", override: "/tmp/pages", environment: [:]) == "/tmp/pages")
    }

    @Test func aPageThatCannotBeWrittenGetsNoLink() {
        let links = RulePages.install(
            RuleCatalogue(rules: BuiltInRules.all, runtime: []).pages(), in: "/proc/umlaut-cannot-write-here")
        #expect(links.isEmpty)
    }
}
