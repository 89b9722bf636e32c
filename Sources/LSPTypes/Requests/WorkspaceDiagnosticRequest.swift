/// The client pulls the diagnostics of every file of the workspace.
package struct WorkspaceDiagnosticRequest: RequestType, Hashable {
    package static let method = "workspace/diagnostic"
    package typealias Response = WorkspaceDiagnosticReport

    package var identifier: String?
    /// The last `resultId` the client has for each document.
    package var previousResultIds: [PreviousResultID]

    package init(identifier: String? = nil, previousResultIds: [PreviousResultID] = []) {
        self.identifier = identifier
        self.previousResultIds = previousResultIds
    }

    package struct PreviousResultID: Hashable, Sendable, Codable {
        package var uri: DocumentURI
        package var value: String
        package init(uri: DocumentURI, value: String) {
            self.uri = uri
            self.value = value
        }
    }
}

package struct WorkspaceDiagnosticReport: Hashable, Sendable, Codable {
    package var items: [WorkspaceDocumentDiagnosticReport]
    package init(items: [WorkspaceDocumentDiagnosticReport]) { self.items = items }
}

/// One document's report within a workspace report.
package struct WorkspaceDocumentDiagnosticReport: Hashable, Sendable, Codable {
    package var uri: DocumentURI
    /// The version of an open document, `null` for a file read from disk.
    package var version: Int?
    package var kind: DocumentDiagnosticReport.Kind
    package var resultId: String?
    package var items: [Diagnostic]?

    package init(
        uri: DocumentURI, version: Int?, kind: DocumentDiagnosticReport.Kind, resultId: String?,
        items: [Diagnostic]? = nil
    ) {
        self.uri = uri
        self.version = version
        self.kind = kind
        self.resultId = resultId
        self.items = items
    }

    private enum CodingKeys: String, CodingKey { case uri, version, kind, resultId, items }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uri, forKey: .uri)
        try container.encode(version, forKey: .version)  // `integer | null`, never absent
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(resultId, forKey: .resultId)
        try container.encodeIfPresent(items, forKey: .items)
    }
}
