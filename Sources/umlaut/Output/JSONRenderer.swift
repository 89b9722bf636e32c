import LintCore

/// `--format json`: an array with one object per diagnostic (fields documented in README.md).
/// Lines and columns are one-based, columns in Unicode scalars; in notebooks they count inside
/// the code cell given by `cell` (one-based among code cells).
enum JSONRenderer {
    static func object(_ diagnostic: Diagnostic, in document: CheckedDocument) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(diagnostic.code.rawValue)),
            ("name", .string(diagnostic.name)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
            ("summary", .string(diagnostic.summary)),
            ("path", .string(document.path)),
        ]
        members += range(diagnostic.span.startByte, diagnostic.span.endByte, in: document)
        members.append(("fix", diagnostic.fix.map { fix($0, in: document) } ?? .null))
        members.append(("help", .optional(diagnostic.help)))
        members.append(
            (
                "related",
                .array(
                    diagnostic.related.map { related in
                        .object(
                            [("message", .string(related.message)), ("path", .string(document.path))]
                                + range(related.span.startByte, related.span.endByte, in: document))
                    })
            ))
        return .object(members)
    }

    static func fix(_ fix: Fix, in document: CheckedDocument) -> JSONValue {
        .object([
            ("title", .string(fix.title)),
            ("applicability", .string(fix.applicability.rawValue)),
            (
                "edits",
                .array(
                    fix.edits.map { edit in
                        .object(
                            range(edit.startByte, edit.endByte, in: document) + [("content", .string(edit.replacement))]
                        )
                    })
            ),
        ])
    }

    /// `cell` (notebooks), `line`, `column`, `end_line`, `end_column`.
    static func range(_ start: Int, _ end: Int, in document: CheckedDocument) -> [(String, JSONValue)] {
        let from = document.location(ofByte: start)
        let to = document.location(ofByte: end)
        var members: [(String, JSONValue)] = []
        if let cell = from.cell { members.append(("cell", .int(cell))) }
        members += [
            ("line", .int(from.line)), ("column", .int(from.column)),
            ("end_line", .int(to.line)), ("end_column", .int(to.column)),
        ]
        return members
    }
}
