import Foundation

/// Where a workspace keeps its comparison reports: `<workspace>/.umlaut/comparisons/<id>.json`,
/// which the `umlaut ui` shell lists at `/reports` and shows at `/reports/<id>` (the cache of
/// the helper's output is the `cache/` directory beside them; see `ComparisonCache`).
package enum ComparisonReports {
    /// `<workspace>/.umlaut/comparisons`.
    package static func directory(workspace: String) -> String {
        ((workspace as NSString).appendingPathComponent(".umlaut") as NSString).appendingPathComponent("comparisons")
    }

    /// A new report's id: `<yyyyMMdd-HHmmss>-<class>` with the class lower-cased and reduced to
    /// `[a-z0-9-]`, and `-2`, `-3`, … when that report exists already.
    package static func newID(workspace: String, className: String, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var slug = ""
        for scalar in className.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        let base = formatter.string(from: date) + (slug.isEmpty ? "" : "-" + String(slug.prefix(40)))
        var id = base
        var number = 1
        while FileManager.default.fileExists(atPath: path(workspace: workspace, id: id)) {
            number += 1
            id = "\(base)-\(number)"
        }
        return id
    }

    /// `<workspace>/.umlaut/comparisons/<id>.json`.
    package static func path(workspace: String, id: String) -> String {
        (directory(workspace: workspace) as NSString).appendingPathComponent(id + ".json")
    }

    /// Writes `report` as `<id>.json` atomically (the directory is created when missing).
    ///
    /// - Returns: the report's path.
    @discardableResult
    package static func write(_ report: ComparisonReport, workspace: String, id: String) throws -> String {
        let directory = directory(workspace: workspace)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ComparisonError.cannotWrite(directory, reason: error.localizedDescription)
        }
        let path = path(workspace: workspace, id: id)
        try ReportWriter.write(report, to: path)
        return path
    }
}
