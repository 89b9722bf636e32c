import EditorLink
import Foundation
import WebShell

/// The dashboard's `POST /api/open` delivered through the editor link: `EditorChannel.open` to the
/// language servers listening for the ui's workspace.
///
/// The page counts columns in Unicode scalars, as the session store does; the channel counts
/// UTF-16 code units, as LSP does. The two differ only on lines with characters outside the
/// Basic Multilingual Plane, so the file is read and the columns converted when it can be.
struct EditorLinkOpener: EditorOpener {
    /// The workspace the ui serves (the directory holding its `.umlaut/`).
    let workspace: String

    func open(uri: String, range: Data?) async -> EditorOpenOutcome {
        let start = EditorChannel.Position(line: 0, character: 0)
        var place =
            range.flatMap { try? JSONDecoder().decode(EditorChannel.Range.self, from: $0) }
            ?? EditorChannel.Range(start: start, end: start)
        if let path = URL(string: uri)?.path, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            place = Self.utf16(place, in: text)
        }
        let workspace = workspace
        let outcome = await Task.detached {
            EditorChannel.open(uri: uri, range: place, workspace: workspace)
        }.value
        switch outcome {
        case .opened: return .opened
        case .noEditor: return .noEditor
        case .refused(let reason): return .refused(reason)
        }
    }

    /// `range` with its characters counted in UTF-16 code units instead of Unicode scalars.
    static func utf16(_ range: EditorChannel.Range, in text: String) -> EditorChannel.Range {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func convert(_ position: EditorChannel.Position) -> EditorChannel.Position {
            guard position.line >= 0, position.line < lines.count else { return position }
            let scalars = lines[position.line].unicodeScalars.prefix(max(0, position.character))
            return .init(line: position.line, character: scalars.reduce(0) { $0 + UTF16.width($1) })
        }
        return .init(start: convert(range.start), end: convert(range.end))
    }
}
