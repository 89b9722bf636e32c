import Foundation

/// The model-comparison reports of one workspace, for the `umlaut ui` shell: the list, each
/// report's JSON as `umlaut compare` wrote it, and the pages (`report.html` with `report.js`,
/// which draws every view from that JSON in the browser).
///
/// A report is `<directory>/<id>.json` or `<directory>/<id>/report.json`, where the directory is
/// the workspace's `.umlaut/comparisons/`. An id is a file or directory name of letters, digits,
/// `.`, `_` and `-` that does not start with a dot; nothing else is ever opened.
package struct WorkspaceReports: Sendable {
    package let directory: String

    package init(directory: String) { self.directory = directory }

    /// The comparisons directory of a workspace root.
    package init(workspaceRoot: String) {
        self.init(directory: (workspaceRoot as NSString).appendingPathComponent(".umlaut/comparisons"))
    }

    /// Whether `id` may name a report: the shell's path checks come first, this is the second wall.
    package static func isValidId(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 200, !id.hasPrefix(".") else { return false }
        return id.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && CharacterSet.alphanumerics.contains(scalar)) || scalar == "." || scalar == "_"
                || scalar == "-"
        }
    }

    /// The report file an id names, if it exists (`<id>.json` first, then `<id>/report.json`).
    package func path(of id: String) -> String? {
        guard Self.isValidId(id) else { return nil }
        let base = directory as NSString
        for candidate in [base.appendingPathComponent(id + ".json"), base.appendingPathComponent(id + "/report.json")] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// Every report, newest first (an empty list when the directory does not exist).
    package func list() -> ReportsList {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return ReportsList(reports: []) }
        var ids = Set<String>()
        for name in names where !name.hasPrefix(".") {
            if name.hasSuffix(".json") {
                ids.insert(String(name.dropLast(5)))
            } else {
                ids.insert(name)
            }
        }
        let rows = ids.filter(Self.isValidId).compactMap { id -> ReportRow? in
            guard let path = path(of: id) else { return nil }
            return row(id: id, path: path)
        }
        return ReportsList(reports: rows.sorted { ($0.modifiedAt, $1.id) > ($1.modifiedAt, $0.id) })
    }

    func row(id: String, path: String) -> ReportRow {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = attributes?[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        let bytes = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard let data = FileManager.default.contents(atPath: path) else {
            return ReportRow(
                id: id, modifiedAt: modified, bytes: bytes, className: nil, models: [], clusters: nil, segments: nil,
                problem: "cannot be read")
        }
        do {
            let header = try JSONDecoder().decode(ReportHeader.self, from: data)
            return ReportRow(
                id: id, modifiedAt: modified, bytes: bytes, className: header.class,
                models: header.models.map {
                    .init(label: $0.label, spec: $0.spec, framework: $0.framework, accuracy: $0.accuracy)
                },
                clusters: header.clusters.count, segments: header.segments.count, problem: nil)
        } catch {
            return ReportRow(
                id: id, modifiedAt: modified, bytes: bytes, className: nil, models: [], clusters: nil, segments: nil,
                problem: "not a comparison report")
        }
    }

    /// Body of `GET /api/reports`.
    package func listJSON() throws -> Data { try Dashboard.encode(list()) }

    /// Body of `GET /api/reports/<id>`: the report's JSON as written; nil when there is no such
    /// report or it is not a JSON object.
    package func reportJSON(id: String) -> Data? {
        guard let path = path(of: id), let data = FileManager.default.contents(atPath: path),
            (try? JSONSerialization.jsonObject(with: data)) is [String: Any]
        else { return nil }
        return data
    }

    /// The page of the list (`id` nil) or of one report; it loads `/assets/report.css` and
    /// `/assets/report.js` and fetches its data from `/api/reports...`.
    package func page(id: String?) -> Data {
        Data(Self.document(id: id).utf8)
    }

    /// The template with the page's kind filled in.
    static func document(id: String?) -> String {
        let attributes =
            id.map { #"data-page="report" data-id=""# + escapeAttribute($0) + #"""# } ?? #"data-page="reports""#
        return Dashboard.text("report.html").replacingOccurrences(of: #"data-page="reports""#, with: attributes)
    }

    static func escapeAttribute(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
