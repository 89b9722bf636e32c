/// Server to client: asks for configuration sections, one result per item.
public struct WorkspaceConfigurationRequest: RequestType, Hashable {
    public static let method = "workspace/configuration"
    public typealias Response = [LSPAny]

    public var items: [Item]

    public init(items: [Item]) { self.items = items }

    public struct Item: Hashable, Sendable, Codable {
        public var scopeUri: DocumentURI?
        public var section: String?

        public init(scopeUri: DocumentURI? = nil, section: String? = nil) {
            self.scopeUri = scopeUri
            self.section = section
        }
    }
}
