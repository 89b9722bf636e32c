import LintCore
import PythonSyntax

/// The lint results of a document's last few texts, so that a text equal byte for byte to one
/// of them (an undo, a character typed and deleted again) gets its result back without a new
/// analysis.
///
/// Sound because the result is a function of the text, the settings, the file's path (per-file
/// ignores) and the rules, which are the server's for its lifetime: the same inputs give the
/// same result (`IncrementalAnalysisTests` checks it against a full analysis after every
/// edit). Only complete results are remembered: a cancelled analysis gives none. Documents
/// only: a notebook's line labels depend on its cells, not only on the joined text.
struct RecentResults {
    struct Entry {
        let source: SourceText
        let settings: Settings
        let relativePath: String?
        let result: LintResult
    }

    /// How many texts are remembered: enough for typing and undoing a few steps, while memory
    /// stays a few texts and models per document.
    static let capacity = 4

    private(set) var entries: [Entry] = []

    /// The result of an earlier text equal to `source` analysed with the same settings and path.
    func result(for source: SourceText, settings: Settings, relativePath: String?) -> LintResult? {
        entries.last {
            $0.source.bytes.count == source.bytes.count && $0.relativePath == relativePath
                && $0.settings == settings && $0.source.bytes == source.bytes
        }?.result
    }

    mutating func remember(_ result: LintResult, of source: SourceText, settings: Settings, relativePath: String?) {
        entries.removeAll { $0.source.bytes == source.bytes }
        entries.append(Entry(source: source, settings: settings, relativePath: relativePath, result: result))
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
    }
}
