import Foundation

/// A document's URI as the client sent it (`file:///home/me/train.py`,
/// `vscode-notebook-cell:/...#W1sZmlsZQ==`).
///
/// Kept as the exact string the client used, so that diagnostics are published under the same
/// key the client knows the document by; `fileURL` interprets it when it names a file.
public struct DocumentURI: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var stringValue: String

    public init(_ string: String) { stringValue = string }

    /// The `file://` URI of a local path.
    public init(filePath: String) {
        stringValue = URL(fileURLWithPath: filePath).absoluteString
    }

    public init(from decoder: any Decoder) throws {
        stringValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(stringValue)
    }

    /// The local file this URI names, if it is a `file:` URI.
    public var fileURL: URL? {
        guard stringValue.hasPrefix("file:"), let url = URL(string: stringValue), url.isFileURL else { return nil }
        return url.standardizedFileURL
    }

    /// The local path this URI names, if it is a `file:` URI (percent-escapes decoded).
    public var filePath: String? { fileURL?.path }

    public var description: String { stringValue }

    public static func < (lhs: DocumentURI, rhs: DocumentURI) -> Bool { lhs.stringValue < rhs.stringValue }
}
