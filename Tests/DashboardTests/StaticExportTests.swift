import Foundation
import Store
import Testing

@testable import Dashboard

/// `umlaut show --format html`: one file, nothing fetched, the store's strings unable to break out.
@Suite struct StaticExportTests {
    @Test func theExportInlinesEverythingAndEscapesHostileStrings() throws {
        let fixture = try SessionFixture()
        defer { fixture.directory.remove() }
        let chart = try fixture.directory.write("chart.min.js", "window.Chart = function () {}; // '</script>'")
        let html = try StaticExport.html(sessionId: fixture.first, in: fixture.store, chartPath: chart)
        #expect(!html.contains("src=\"/"))
        #expect(!html.contains("href=\"/assets"))
        #expect(html.contains("<style>"))
        #expect(html.contains(#"<script type="application/json" id="umlaut-data">"#))
        // Only the template's own script elements end: three of them (data, Chart.js, the page).
        #expect(html.components(separatedBy: "</script>").count - 1 == 3)
        #expect(!html.contains("<!--<img"))
        #expect(!html.contains("<script>window.pwned"))
        #expect(html.contains(#"\u003c/script\u003e\u003cscript\u003ewindow.pwned=1"#))
        // The data block still parses back to the stored strings.
        let start = try #require(html.range(of: #"id="umlaut-data">"#)).upperBound
        let end = try #require(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(html[start..<end].utf8)) as? [String: Any])
        let run = try #require(object["run"] as? [String: Any])
        #expect(run["name"] as? String == "run \(SessionFixture.hostile)")
    }

    @Test func aMissingChartLibraryIsAClearError() throws {
        let fixture = try SessionFixture()
        defer { fixture.directory.remove() }
        #expect(throws: StaticExport.Failure.self) {
            try StaticExport.html(sessionId: fixture.first, in: fixture.store, chartPath: "/nonexistent/chart.min.js")
        }
        let failure = StaticExport.Failure.noChartLibrary(path: "/x/chart.min.js")
        #expect(failure.description.contains("libjs-chart.js"))
    }
}
