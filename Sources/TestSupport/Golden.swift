import Foundation
import Testing

/// Compares `actual` with a golden file, or rewrites the file when `UMLAUT_UPDATE_GOLDEN=1`.
///
/// Golden files hold what users see (rendered diagnostics, extracted models as JSON, help text);
/// their diffs are reviewed like code. `path` is absolute, usually built with `goldenPath`.
package func assertGolden(_ actual: String, path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let update = ProcessInfo.processInfo.environment["UMLAUT_UPDATE_GOLDEN"] == "1"
    let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    if update {
        if existing != actual {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
        }
        return
    }
    guard let existing else {
        Issue.record(
            "no golden file at \(path); run with UMLAUT_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    if existing != actual {
        Issue.record(
            """
            output differs from \(path) (UMLAUT_UPDATE_GOLDEN=1 rewrites it):
            \(lineDiff(expected: existing, actual: actual))
            """, sourceLocation: sourceLocation)
    }
}

/// The absolute path of a file next to the calling test file: `goldenPath("Golden/x.txt")`.
/// Golden files are read from the source tree (not the test bundle) so updates land in git.
package func goldenPath(_ relative: String, testFile: String = #filePath) -> String {
    ((testFile as NSString).deletingLastPathComponent as NSString).appendingPathComponent(relative)
}

/// The first differing lines of two texts, for failure messages.
func lineDiff(expected: String, actual: String, context: Int = 3) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var index = 0
    while index < min(a.count, b.count), a[index] == b[index] { index += 1 }
    var lines: [String] = ["first difference at line \(index + 1):"]
    for offset in max(0, index - context)..<min(max(a.count, b.count), index + context + 1) {
        let left = offset < a.count ? String(a[offset]) : "<end>"
        let right = offset < b.count ? String(b[offset]) : "<end>"
        lines.append(left == right ? "  \(left)" : "- \(left)\n+ \(right)")
    }
    return lines.joined(separator: "\n")
}
