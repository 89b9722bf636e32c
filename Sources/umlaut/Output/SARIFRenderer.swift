import LintCore
import Workspace

/// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
///
/// One run whose driver lists every rule (id, name, descriptions, help text and page as
/// Markdown, default level; no `helpUri`: the pages ship with the binary, `umlaut rule CODE`);
/// results carry the full message and help, the one-line summary under `properties`, and point at files by URIs relative to `%SRCROOT%` (the working directory) with
/// regions in Unicode code points (`columnKind`). Notebook results point at the line of the
/// `.ipynb` file holding the cell's source line (the JSON as stored is what GitHub shows), with
/// the cell, line and column inside the cell under `properties`. Per-file problems (unreadable
/// files, syntax errors) become tool execution notifications.
enum SARIFRenderer {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .hint: "note"
        }
    }

    /// The whole log. `results` and `notifications` come pre-rendered from each file, in order.
    /// `exitCode` is the status `umlaut check` exits with: the execution counts as successful
    /// unless it is 2 (a file or the configuration could not be used).
    static func log(
        rules: [RuleCatalogue.Entry], results: [JSONValue], notifications: [JSONValue], version: String,
        exitCode: Int32
    ) -> String {
        let driver: JSONValue = .object([
            ("name", .string("umlaut")),
            ("version", .string(version)),
            ("semanticVersion", .string(version)),
            ("rules", .array(rules.map(rule))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            (
                "invocations",
                .array([
                    .object([
                        ("executionSuccessful", .bool(exitCode != 2)),
                        ("exitCode", .int(Int(exitCode))),
                        ("toolExecutionNotifications", .array(notifications)),
                    ])
                ])
            ),
            ("results", .array(results)),
        ])
        let log: JSONValue = .object([
            ("$schema", .string(schema)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return log.rendered() + "\n"
    }

    static func rule(_ entry: RuleCatalogue.Entry) -> JSONValue {
        let description = entry.description
        return .object([
            ("id", .string(description.code.rawValue)),
            ("name", .string(description.name)),
            ("shortDescription", .object([("text", .string(description.summary))])),
            ("fullDescription", .object([("text", .string(description.whatItDoes))])),
            (
                "help",
                .object([
                    ("text", .string(description.whyIsThisBad)),
                    ("markdown", .string(entry.markdown)),
                ])
            ),
            ("defaultConfiguration", .object([("level", .string(level(description.defaultSeverity)))])),
            ("properties", .object([("tags", .array([.string(description.kind.rawValue)]))])),
        ])
    }

    static func result(_ diagnostic: Diagnostic, in document: CheckedDocument, ruleIndex: Int?) -> JSONValue {
        var members: [(String, JSONValue)] = [("ruleId", .string(diagnostic.code.rawValue))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        members += [
            ("level", .string(level(diagnostic.severity))),
            (
                "message",
                .object([("text", .string(diagnostic.message + (diagnostic.help.map { "\nhelp: " + $0 } ?? "")))])
            ),
            ("locations", .array([location(diagnostic.span.startByte, diagnostic.span.endByte, in: document)])),
        ]
        if !diagnostic.related.isEmpty {
            members.append(
                (
                    "relatedLocations",
                    .array(
                        diagnostic.related.enumerated().map { index, related in
                            var related = location(
                                related.span.startByte, related.span.endByte, in: document, message: related.message)
                            if case let .object(fields) = related { related = .object([("id", .int(index))] + fields) }
                            return related
                        })
                ))
        }
        let start = document.location(ofByte: diagnostic.span.startByte)
        var properties: [(String, JSONValue)] = [("summary", .string(diagnostic.summary))]
        if let cell = start.cell {
            properties += [("cell", .int(cell)), ("cellLine", .int(start.line)), ("cellColumn", .int(start.column))]
        }
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    static func location(
        _ startByte: Int, _ endByte: Int, in document: CheckedDocument, message: String? = nil
    ) -> JSONValue {
        let start = document.location(ofByte: startByte)
        let end = document.location(ofByte: endByte)
        let region: JSONValue
        if let notebook = document.notebook?.notebook, let startCell = start.cellIndex, let endCell = end.cellIndex {
            region = .object([
                ("startLine", .int(notebook.fileLine(ofCell: startCell, line: start.line - 1))),
                ("endLine", .int(notebook.fileLine(ofCell: endCell, line: end.line - 1))),
            ])
        } else {
            region = .object([
                ("startLine", .int(start.line)), ("startColumn", .int(start.column)),
                ("endLine", .int(end.line)), ("endColumn", .int(end.column)),
            ])
        }
        var members: [(String, JSONValue)] = [
            (
                "physicalLocation",
                .object([
                    ("artifactLocation", artifact(document.path)),
                    ("region", region),
                ])
            )
        ]
        if let message { members.append(("message", .object([("text", .string(message))]))) }
        return .object(members)
    }

    /// A relative path as a URI under `%SRCROOT%`; an absolute one as a `file://` URI.
    static func artifact(_ path: String) -> JSONValue {
        if path.hasPrefix("/") { return .object([("uri", .string("file://" + percentEncoded(path)))]) }
        return .object([("uri", .string(percentEncoded(path))), ("uriBaseId", .string("%SRCROOT%"))])
    }

    static func notification(path: String, message: String, isError: Bool) -> JSONValue {
        .object([
            ("level", .string(isError ? "error" : "warning")),
            ("message", .object([("text", .string(message))])),
            ("locations", .array([.object([("physicalLocation", .object([("artifactLocation", artifact(path))]))])])),
        ])
    }

    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let safe =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._~/".utf8.contains(byte)
            if safe {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
