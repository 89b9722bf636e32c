import Foundation
import Store

/// A page of the dashboard, as the web shell routes it.
package enum DashboardPageKind: Sendable, Hashable {
    case runs
    case run(id: Int64)
    case compare(a: Int64?, b: Int64?)
}

/// The training dashboard without a server: the JSON of its pages, built from the session store,
/// and its page assets (HTML, CSS, JS under `Assets/`). The web shell serves these; `umlaut show
/// --format html` inlines them into one file (`StaticExport`).
///
/// The page script reads its data from `/api/...` or from an inlined
/// `<script type="application/json" id="umlaut-data">` block; the JSON shapes are the `Codable`
/// view models (`RunsList`, `SessionView`, `ComparisonView`) encoded by `Dashboard.encode`.
package struct Dashboard: Sendable {
    package init() {}

    /// Body of `GET /api/sessions`: the runs list, newest first.
    package func sessionsJSON(_ database: SessionDatabase) throws -> Data {
        try Self.encode(RunsList(database))
    }

    /// Body of `GET /api/sessions/<id>`; nil when there is no such session.
    package func sessionJSON(id: Int64, _ database: SessionDatabase) throws -> Data? {
        try SessionView(id: id, in: database).map(Self.encode)
    }

    /// Body of `GET /api/compare?a=&b=`; nil when either session is missing.
    package func comparisonJSON(a: Int64, b: Int64, _ database: SessionDatabase) throws -> Data? {
        try ComparisonView(before: a, after: b, in: database).map(Self.encode)
    }

    /// The HTML document of a page, loading its style and scripts from `/assets/` and Chart.js
    /// from `/vendor/chart.js`, with no inline code (the shell's CSP allows only `'self'`).
    package func page(_ page: DashboardPageKind) -> Data {
        Data(Self.document(for: page).utf8)
    }

    /// A file under `Assets/` by its relative path (`dashboard.js`); nil when there is none.
    /// The caller has refused `..` and absolute paths; this refuses them again.
    package func asset(_ relativePath: String) -> Data? {
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !relativePath.isEmpty, !relativePath.hasPrefix("/"),
            parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." })
        else { return nil }
        guard let base = Bundle.module.resourceURL?.appendingPathComponent("Assets", isDirectory: true) else {
            return nil
        }
        return FileManager.default.contents(atPath: base.appendingPathComponent(relativePath).path)
    }

    /// The asset as text (the page template, the script, the style sheet).
    static func text(_ name: String) -> String {
        Dashboard().asset(name).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The page template with the page's kind filled in (`data-page`, `data-a`, `data-b`).
    static func document(for page: DashboardPageKind) -> String {
        let attributes: String
        switch page {
        case .runs: attributes = #"data-page="runs""#
        case .run(let id): attributes = #"data-page="session" data-a="\#(id)""#
        case .compare(let a, let b):
            attributes =
                #"data-page="compare""# + (a.map { #" data-a="\#($0)""# } ?? "")
                + (b.map { #" data-b="\#($0)""# } ?? "")
        }
        return text("dashboard.html").replacingOccurrences(of: #"data-page="runs""#, with: attributes)
    }

    /// The JSON encoding of the view models: ISO-8601 dates, non-finite numbers as the strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"` (which JavaScript's `Number()` reads back).
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            try container.encode(formatter.string(from: date))
        }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(value)
    }
}
