import Foundation

/// `umlaut compare ... --out report.html`: one comparison report as a single self-contained
/// file — the style sheet, the page script and the report's JSON (thumbnails are `data:` URIs
/// inside it) inlined, nothing fetched, so it opens from disk with no network.
package enum ReportExport {
    /// The report page with everything inlined. `reportJSON` is the report as `umlaut compare`
    /// encodes it; `title` names the page (escaped here).
    package static func html(reportJSON: Data, title: String = "Model comparison") -> String {
        var document = WorkspaceReports.document(id: "export")
        document = document.replacingOccurrences(
            of: "<title>Umlaut reports</title>",
            with: "<title>" + WorkspaceReports.escapeAttribute(title) + "</title>")
        let data =
            #"<script type="application/json" id="umlaut-data">"# + StaticExport.scriptSafeJSON(reportJSON)
            + "</script>"
        document = document.replacingOccurrences(of: "<!--umlaut:data-->", with: data)
        document = StaticExport.replace(
            block: "style", in: document,
            with: "<style>" + StaticExport.inlineSafe(Dashboard.text("report.css"), tag: "style") + "</style>")
        document = StaticExport.replace(
            block: "script", in: document,
            with: "<script>" + StaticExport.inlineSafe(Dashboard.text("report.js"), tag: "script") + "</script>")
        return document
    }
}
