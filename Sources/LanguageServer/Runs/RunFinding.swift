import LSPTypes
import PythonSyntax
import Store

/// A runtime finding as the editor shows it: the stored record, the session it belongs to and
/// the database it was read from.
struct RunFinding: Sendable {
    let record: FindingRecord
    let session: SessionRecord
    let databasePath: String

    /// Identifies the finding across polls: the same problem of the same session, whose epochs
    /// may grow.
    var id: String { "\(databasePath)#\(record.sessionId)#\(record.key)" }

    /// The finding's root-cause file.
    var path: String? { record.path }

    /// The key of the finding that stands for a session's crash.
    static let crashKey = "crash"

    /// Whether this is the exception the script died of rather than a rule's finding.
    var isCrash: Bool { record.key == Self.crashKey }

    /// A session's crash as a finding the editor shows like the others: at the innermost line
    /// of the user's code, the exception type as its code, the full message, and the likely
    /// cause as its related place. Nil when the exception never passed through the user's code.
    static func record(_ crash: CrashRecord) -> FindingRecord? {
        guard let path = crash.path, let line = crash.line else { return nil }
        return FindingRecord(
            sessionId: crash.sessionId, key: crashKey, stage: .runtime, code: crash.exceptionType, name: "crash",
            severity: .error, message: "\(crash.exceptionType): \(crash.message)", path: path, line: line,
            column: crash.column, endLine: crash.endLine, endColumn: crash.endColumn,
            related: crash.cause.map { [$0] } ?? [], revision: crash.revision)
    }
}

/// Where a runtime finding's root cause is in an open document, and whether the code there is
/// still the code that ran.
///
/// The text of the root-cause line is remembered when the finding is first shown. While that
/// line still reads the same, the finding is current; when lines are added or removed above it,
/// the nearest line with the same text is where it moved. When no line reads the same any more,
/// the code was changed since the run: the finding stays where it was, marked as from an
/// earlier run.
struct RunAnchor: Sendable, Equatable {
    /// The remembered line, without its line break and trailing blanks.
    let text: String
    /// The zero-based line the finding is shown on now.
    var line: Int

    /// Follows the anchor to `source`'s current text: returns whether the code is unchanged
    /// (possibly moved, in which case `line` is updated).
    mutating func follow(in lines: DocumentLines) -> Bool {
        if lines.text(ofLine: line) == text { return true }
        guard !text.isEmpty, let moved = lines.nearestLine(withText: text, around: line) else { return false }
        line = moved
        return true
    }
}

/// The lines of a document's text, compared without line breaks and trailing blanks.
struct DocumentLines {
    let source: SourceText

    /// The text of a zero-based line, or nil past the end.
    func text(ofLine line: Int) -> String? {
        guard line >= 0, line < source.lineIndex.lineCount else { return nil }
        var range = source.lineIndex.contentRange(ofLine: line)
        while range.upperBound > range.lowerBound,
            source.bytes[range.upperBound - 1] == 0x20 || source.bytes[range.upperBound - 1] == 0x09
        {
            range = range.lowerBound..<(range.upperBound - 1)
        }
        return String(decoding: source.bytes[range], as: UTF8.self)
    }

    /// The line closest to `line` that reads `text`, looking both ways.
    func nearestLine(withText text: String, around line: Int) -> Int? {
        let count = source.lineIndex.lineCount
        for distance in 1..<max(count, 1) {
            for candidate in [line - distance, line + distance] where candidate >= 0 && candidate < count {
                if self.text(ofLine: candidate) == text { return candidate }
            }
            if line - distance < 0, line + distance >= count { break }
        }
        return nil
    }
}
