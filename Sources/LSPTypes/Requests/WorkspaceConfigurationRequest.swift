/// Server to client: asks for configuration sections, one result per item.
package struct WorkspaceConfigurationRequest: RequestType, Hashable {
    package static let method = "workspace/configuration"
    package typealias Response = [LSPAny]

    package var items: [Item]

    package init(items: [Item]) { self.items = items }

    package struct Item: Hashable, Sendable, Codable {
        package var scopeUri: DocumentURI?
        package var section: String?

        package init(scopeUri: DocumentURI? = nil, section: String? = nil) {
            self.scopeUri = scopeUri
            self.section = section
        }
    }
}
