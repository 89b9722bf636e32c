import Foundation

/// Absolute, normalised paths without touching the file system. Foundation's
/// `standardizingPath` resolves symbolic links on Linux, which must not happen to an
/// interpreter (a virtualenv's `bin/python` is a link to the system Python, and Python finds its
/// environment from the path it was started by) nor to the script (the instrumentation reports
/// the path Python sees).
package enum LexicalPath {
    /// `path` made absolute against `directory`, with `.`, `..` and repeated slashes removed.
    package static func absolute(
        _ path: String, from directory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
