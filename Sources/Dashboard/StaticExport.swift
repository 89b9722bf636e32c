import Foundation
import Store

/// `umlaut show SESSION --format html`: the session page as one self-contained file — the style
/// sheet, Chart.js, the page script and the session's JSON inlined, nothing fetched.
package enum StaticExport {
    /// Where Debian's `libjs-chart.js` installs Chart.js' UMD build (the global `Chart`).
    package static let defaultChartPath = "/usr/share/javascript/chart.js/chart.min.js"

    package enum Failure: Error, CustomStringConvertible {
        case noChartLibrary(path: String)
        case noSuchSession(Int64)

        package var description: String {
            switch self {
            case .noChartLibrary(let path):
                "Chart.js is not installed (looked for \(path)); install Debian's libjs-chart.js (Scripts/install-system-deps.sh)"
            case .noSuchSession(let id): "no session with id \(id)"
            }
        }
    }

    /// The page of one session with everything inlined.
    package static func html(
        sessionId: Int64, in store: SessionDatabase, chartPath: String = defaultChartPath
    )
        throws -> String
    {
        guard let view = try SessionView(id: sessionId, in: store) else { throw Failure.noSuchSession(sessionId) }
        return try html(view, page: .run(id: sessionId), chartPath: chartPath)
    }

    /// The runs list with everything inlined (its links lead nowhere outside the server).
    package static func runsHTML(in store: SessionDatabase, chartPath: String = defaultChartPath) throws -> String {
        try html(try RunsList(store), page: .runs, chartPath: chartPath)
    }

    /// The comparison of two sessions with everything inlined.
    package static func comparisonHTML(
        before a: Int64, after b: Int64, in store: SessionDatabase, chartPath: String = defaultChartPath
    ) throws -> String {
        guard let view = try ComparisonView(before: a, after: b, in: store) else {
            throw Failure.noSuchSession(try store.session(id: a) == nil ? a : b)
        }
        return try html(view, page: .compare(a: a, b: b), chartPath: chartPath)
    }

    static func html<View: Encodable>(_ view: View, page: DashboardPageKind, chartPath: String) throws -> String {
        guard let chart = FileManager.default.contents(atPath: chartPath) else {
            throw Failure.noChartLibrary(path: chartPath)
        }
        return html(json: try Dashboard.encode(view), page: page, chart: String(decoding: chart, as: UTF8.self))
    }

    /// The template with its external style and scripts replaced by inline copies and the data
    /// block added.
    static func html(json: Data, page: DashboardPageKind, chart: String) -> String {
        var document = Dashboard.document(for: page)
        let data = #"<script type="application/json" id="umlaut-data">"# + scriptSafeJSON(json) + "</script>"
        document = document.replacingOccurrences(of: "<!--umlaut:data-->", with: data)
        document = replace(
            block: "style", in: document,
            with: "<style>" + inlineSafe(Dashboard.text("dashboard.css"), tag: "style") + "</style>")
        document = replace(
            block: "chart", in: document, with: "<script>" + inlineSafe(chart, tag: "script") + "</script>")
        document = replace(
            block: "script", in: document,
            with: "<script>" + inlineSafe(Dashboard.text("dashboard.js"), tag: "script") + "</script>")
        return document
    }

    /// JSON that cannot end or comment out the script element holding it: every `<`, `>` and
    /// `&` becomes a `\u` escape (they only occur inside JSON strings, where the escape means the
    /// same character), so neither `</script` nor `<!--` can appear.
    package static func scriptSafeJSON(_ json: Data) -> String {
        var text = ""
        for scalar in String(decoding: json, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// Code inlined in a `<script>` or `<style>` element: `</tag` would end the element early
    /// (`<\/script` means the same inside a JavaScript string, the only place it occurs in
    /// Chart.js and our script).
    static func inlineSafe(_ code: String, tag: String) -> String {
        code.replacingOccurrences(of: "</\(tag)", with: "<\\/\(tag)", options: .caseInsensitive)
    }

    /// Replaces `<!--umlaut:NAME-->...<!--/umlaut:NAME-->` in the template.
    static func replace(block name: String, in document: String, with replacement: String) -> String {
        guard let start = document.range(of: "<!--umlaut:\(name)-->"),
            let end = document.range(of: "<!--/umlaut:\(name)-->", range: start.upperBound..<document.endIndex)
        else { return document }
        return document.replacingCharacters(in: start.lowerBound..<end.upperBound, with: replacement)
    }
}
