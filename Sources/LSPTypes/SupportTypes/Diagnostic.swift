/// A problem shown in the editor.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var range: LSPRange
    public var severity: DiagnosticSeverity?
    /// The rule code, such as `UM302`.
    public var code: String?
    /// A link to the rule's documentation.
    public var codeDescription: CodeDescription?
    /// Who reported it: `umlaut`.
    public var source: String?
    public var message: String
    public var tags: [DiagnosticTag]?
    /// Other places involved (the loss for a missing softmax, the other layer of a pair).
    public var relatedInformation: [DiagnosticRelatedInformation]?
    /// Sent back by the client in `textDocument/codeAction`: Umlaut puts the fixes here.
    public var data: LSPAny?

    public init(
        range: LSPRange, severity: DiagnosticSeverity? = nil, code: String? = nil,
        codeDescription: CodeDescription? = nil,
        source: String? = nil, message: String, tags: [DiagnosticTag]? = nil,
        relatedInformation: [DiagnosticRelatedInformation]? = nil, data: LSPAny? = nil
    ) {
        self.range = range
        self.severity = severity
        self.code = code
        self.codeDescription = codeDescription
        self.source = source
        self.message = message
        self.tags = tags
        self.relatedInformation = relatedInformation
        self.data = data
    }

    private enum CodingKeys: String, CodingKey {
        case range, severity, code, codeDescription, source, message, tags, relatedInformation, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        range = try container.decode(LSPRange.self, forKey: .range)
        severity = try? container.decodeIfPresent(DiagnosticSeverity.self, forKey: .severity)
        // `code` is `integer | string`: other tools' diagnostics may come back with numbers.
        if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
            code = text
        } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
            code = String(number)
        } else {
            code = nil
        }
        codeDescription = try? container.decodeIfPresent(CodeDescription.self, forKey: .codeDescription)
        source = try? container.decodeIfPresent(String.self, forKey: .source)
        message = try container.decode(String.self, forKey: .message)
        tags = try? container.decodeIfPresent([DiagnosticTag].self, forKey: .tags)
        relatedInformation = try? container.decodeIfPresent(
            [DiagnosticRelatedInformation].self, forKey: .relatedInformation)
        data = try? container.decodeIfPresent(LSPAny.self, forKey: .data)
    }
}

public struct DiagnosticSeverity: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let error = DiagnosticSeverity(rawValue: 1)
    public static let warning = DiagnosticSeverity(rawValue: 2)
    public static let information = DiagnosticSeverity(rawValue: 3)
    public static let hint = DiagnosticSeverity(rawValue: 4)
}

public struct DiagnosticTag: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let unnecessary = DiagnosticTag(rawValue: 1)
    public static let deprecated = DiagnosticTag(rawValue: 2)
}

public struct CodeDescription: Hashable, Sendable, Codable {
    public var href: String
    public init(href: String) { self.href = href }
}

public struct DiagnosticRelatedInformation: Hashable, Sendable, Codable {
    public var location: Location
    public var message: String

    public init(location: Location, message: String) {
        self.location = location
        self.message = message
    }
}
