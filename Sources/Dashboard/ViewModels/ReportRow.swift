import Foundation

/// The comparison reports of a workspace (`GET /api/reports`): every `umlaut compare` report
/// found under `.umlaut/comparisons/`, newest first.
package struct ReportsList: Codable, Hashable, Sendable {
    package var view = "reports"
    package var reports: [ReportRow]

    package init(reports: [ReportRow]) { self.reports = reports }
}

/// One row of the reports list: what the report compares, read from its JSON. A file that is not
/// a report still gets a row, with `problem` saying why it cannot be shown.
package struct ReportRow: Codable, Hashable, Sendable {
    package struct Model: Codable, Hashable, Sendable {
        package var label: String
        package var spec: String
        package var framework: String
        package var accuracy: Double?
    }

    /// The name the page's address uses: `/reports/<id>`.
    package var id: String
    package var modifiedAt: Date
    package var bytes: Int
    package var className: String?
    package var models: [Model]
    package var clusters: Int?
    package var segments: Int?
    package var problem: String?

    package init(
        id: String, modifiedAt: Date, bytes: Int, className: String?, models: [Model], clusters: Int?,
        segments: Int?, problem: String?
    ) {
        self.id = id
        self.modifiedAt = modifiedAt
        self.bytes = bytes
        self.className = className
        self.models = models
        self.clusters = clusters
        self.segments = segments
        self.problem = problem
    }
}

/// The few fields of a `ComparisonReport` the list shows (Dashboard does not import
/// ModelComparison: the page reads the report's JSON as `umlaut compare` wrote it).
struct ReportHeader: Decodable {
    struct Model: Decodable {
        var label: String
        var spec: String
        var framework: String
        var accuracy: Double?
    }

    struct Counted: Decodable {}

    var `class`: String
    var models: [Model]
    var clusters: [Counted]
    var segments: [Counted]
}
