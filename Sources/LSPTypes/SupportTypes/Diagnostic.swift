/// A problem shown in the editor.
package struct Diagnostic: Hashable, Sendable, Codable {
    package var range: LSPRange
    package var severity: DiagnosticSeverity?
    /// The rule code, such as `UM302`.
    package var code: String?
    /// A link to the rule's documentation.
    package var codeDescription: CodeDescription?
    /// Who reported it: `umlaut`.
    package var source: String?
    package var message: String
    package var tags: [DiagnosticTag]?
    /// Other places involved (the loss for a missing softmax, the other layer of a pair).
    package var relatedInformation: [DiagnosticRelatedInformation]?
    /// Sent back by the client in `textDocument/codeAction`: Umlaut puts the fixes here.
    package var data: LSPAny?

    package init(
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

    package init(from decoder: any Decoder) throws {
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

package struct DiagnosticSeverity: RawRepresentable, Hashable, Sendable, Codable {
    package var rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package static let error = DiagnosticSeverity(rawValue: 1)
    package static let warning = DiagnosticSeverity(rawValue: 2)
    package static let information = DiagnosticSeverity(rawValue: 3)
    package static let hint = DiagnosticSeverity(rawValue: 4)
}

package struct DiagnosticTag: RawRepresentable, Hashable, Sendable, Codable {
    package var rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package static let unnecessary = DiagnosticTag(rawValue: 1)
    package static let deprecated = DiagnosticTag(rawValue: 2)
}

package struct CodeDescription: Hashable, Sendable, Codable {
    package var href: String
    package init(href: String) { self.href = href }
}

package struct DiagnosticRelatedInformation: Hashable, Sendable, Codable {
    package var location: Location
    package var message: String

    package init(location: Location, message: String) {
        self.location = location
        self.message = message
    }
}
