import Foundation

/// A document's URI as the client sent it (`file:///home/me/train.py`,
/// `vscode-notebook-cell:/...#W1sZmlsZQ==`).
///
/// Kept as the exact string the client used, so that diagnostics are published under the same
/// key the client knows the document by; `fileURL` interprets it when it names a file.
package struct DocumentURI: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    package var stringValue: String

    package init(_ string: String) { stringValue = string }

    /// The `file://` URI of a local path.
    package init(filePath: String) {
        stringValue = URL(fileURLWithPath: filePath).absoluteString
    }

    package init(from decoder: any Decoder) throws {
        stringValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(stringValue)
    }

    /// The local file this URI names, if it is a `file:` URI.
    package var fileURL: URL? {
        guard stringValue.hasPrefix("file:"), let url = URL(string: stringValue), url.isFileURL else { return nil }
        return url.standardizedFileURL
    }

    /// The local path this URI names, if it is a `file:` URI (percent-escapes decoded).
    package var filePath: String? { fileURL?.path }

    package var description: String { stringValue }

    package static func < (lhs: DocumentURI, rhs: DocumentURI) -> Bool { lhs.stringValue < rhs.stringValue }
}
