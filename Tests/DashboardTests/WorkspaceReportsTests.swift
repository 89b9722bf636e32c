import Foundation
import TestSupport
import Testing

@testable import Dashboard

/// The comparison reports of a workspace (`/reports` in `umlaut ui`) and the self-contained
/// report file (`umlaut compare --out report.html`).
@Suite struct WorkspaceReportsTests {
    static let hostile = #"</script><img src=x onerror="window.pwned=1">&amp;"#

    static func report(class name: String, clusters: Int = 2) -> String {
        let object: [String: Any] = [
            "version": 1, "class": name, "segments": [[:], [:], [:]],
            "clusters": Array(repeating: [String: Any](), count: clusters),
            "models": [
                ["label": "A", "spec": "a.keras", "framework": "keras", "accuracy": 0.5],
                ["label": "B", "spec": hostile, "framework": "torch", "accuracy": 0.75],
            ],
            "thumbnails": ["0": "data:image/png;base64,iVBORw0KGgo="],
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: .sortedKeys)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theListHasEveryReportFileAndDirectoryAndNamesTheBrokenOnes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".umlaut/comparisons/first.json", Self.report(class: "cat"))
        try directory.write(".umlaut/comparisons/second/report.json", Self.report(class: Self.hostile, clusters: 5))
        try directory.write(".umlaut/comparisons/broken.json", "{ not json")
        try directory.write(".umlaut/comparisons/.hidden.json", Self.report(class: "hidden"))
        try directory.write(".umlaut/comparisons/bad name.json", Self.report(class: "spaces"))
        try directory.write(".umlaut/comparisons/empty-dir/other.json", "{}")
        let reports = WorkspaceReports(workspaceRoot: directory.path)
        let rows = Dictionary(uniqueKeysWithValues: reports.list().reports.map { ($0.id, $0) })
        #expect(Set(rows.keys) == ["first", "second", "broken"])
        #expect(rows["first"]?.className == "cat")
        #expect(rows["first"]?.clusters == 2 && rows["first"]?.segments == 3)
        #expect(rows["second"]?.className == Self.hostile)
        #expect(rows["second"]?.models.map(\.spec) == ["a.keras", Self.hostile])
        #expect(rows["broken"]?.problem == "not a comparison report")
        #expect(rows["broken"]?.className == nil)
        // The JSON the page reads.
        let list = try JSONSerialization.jsonObject(with: try reports.listJSON()) as? [String: Any]
        #expect(list?["view"] as? String == "reports")
        #expect((list?["reports"] as? [Any])?.count == 3)
    }

    @Test func noIdNamesAFileOutsideTheDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".umlaut/comparisons/first.json", Self.report(class: "cat"))
        try directory.write(".umlaut/secret.json", Self.report(class: "secret"))
        try directory.write(".umlaut/comparisons/.hidden.json", Self.report(class: "hidden"))
        let reports = WorkspaceReports(workspaceRoot: directory.path)
        #expect(reports.reportJSON(id: "first") != nil)
        for id in ["../secret", "..", ".hidden", "", "first/../../secret", "a b", "first.json/..", "%2e%2e", "x\u{0}"] {
            #expect(reports.path(of: id) == nil, "\(id)")
            #expect(reports.reportJSON(id: id) == nil, "\(id)")
        }
        #expect(WorkspaceReports.isValidId("watermark-2026.12_04"))
        #expect(!WorkspaceReports.isValidId("é"))
    }

    @Test func aReportThatIsNotAJSONObjectIsNotServed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".umlaut/comparisons/list.json", "[1, 2]")
        try directory.write(".umlaut/comparisons/text.json", "hello")
        let reports = WorkspaceReports(workspaceRoot: directory.path)
        #expect(reports.reportJSON(id: "list") == nil)
        #expect(reports.reportJSON(id: "text") == nil)
    }

    @Test func thePageNamesItsReportInAnEscapedAttributeAndLoadsOnlyItsOwnAssets() throws {
        let page = String(decoding: WorkspaceReports(directory: "/nonexistent").page(id: "x\"><b>"), as: UTF8.self)
        #expect(page.contains(#"data-page="report" data-id="x&quot;&gt;&lt;b&gt;""#))
        #expect(page.contains(#"<script src="/assets/report.js"></script>"#))
        #expect(page.contains(#"<link rel="stylesheet" href="/assets/report.css">"#))
        #expect(!page.contains("<script>"))
        #expect(!page.contains("style=\""))
        let list = String(decoding: WorkspaceReports(directory: "/nonexistent").page(id: nil), as: UTF8.self)
        #expect(list.contains(#"data-page="reports""#))
        #expect(WorkspaceReports(directory: "/nonexistent").list().reports.isEmpty)
    }

    @Test func theExportInlinesEverythingAndItsDataCannotEndTheScript() throws {
        let json = Data(Self.report(class: Self.hostile).utf8)
        let html = ReportExport.html(reportJSON: json, title: "cat </title><b>")
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("src=\"/") && !html.contains("href=\"/assets"))
        #expect(html.contains("<title>cat &lt;/title&gt;&lt;b&gt;</title>"))
        #expect(html.contains("<style>") && html.contains("function renderReport"))
        // Two script elements end: the data and the page script; no raw hostile markup anywhere.
        #expect(html.components(separatedBy: "</script>").count - 1 == 2)
        #expect(!html.contains("<img src=x"))
        let start = try #require(html.range(of: #"id="umlaut-data">"#)).upperBound
        let end = try #require(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
        let block = String(html[start..<end])
        #expect(!block.contains("<") && !block.contains(">") && !block.contains("&"))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: Any])
        #expect(decoded["class"] as? String == Self.hostile)
    }
}
