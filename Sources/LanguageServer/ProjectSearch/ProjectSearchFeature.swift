import EditorLink
import Foundation
import LSPTypes

/// Project search from the editor (issue 12): `workspace/symbol` over the workspace's project
/// index, `umlaut.findSimilar`, `umlaut.searchProjects` and `umlaut.indexWorkspace`. Each
/// workspace folder's index is `<folder>/.umlaut/projects.sqlite`, the file `umlaut index`
/// and `umlaut search` use when run in the folder.
struct ProjectSearchFeature {
    static let findSimilarCommand = "umlaut.findSimilar"
    static let searchProjectsCommand = "umlaut.searchProjects"
    static let indexWorkspaceCommand = "umlaut.indexWorkspace"

    /// At most this many symbols or locations in an answer.
    static let resultLimit = 50

    /// The indexing job running, if any (one at a time: the index has one writer).
    var indexing: JobID?
    /// How many indexing jobs were started, for unique progress tokens.
    var indexingCount = 0

    /// The index of a workspace folder.
    static func indexPath(folder: String) -> String {
        (folder as NSString).appendingPathComponent(".umlaut/projects.sqlite")
    }
}

extension DashboardLocator.Instance {
    /// The explore page (`/explore`, the project map and attribute table), with the search
    /// `query` filled in (`q`) when one is given.
    func explorePage(query: String?) -> String {
        var components = URLComponents(string: address(path: "/explore")) ?? URLComponents()
        if let query, !query.isEmpty {
            components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "q", value: query)]
        }
        return components.string ?? address(path: "/explore")
    }
}
