/// The first request of a session: the client's capabilities and workspace in, the server's
/// capabilities out.
package struct InitializeRequest: RequestType, Hashable {
    package static let method = "initialize"
    package typealias Response = InitializeResult

    package var processId: Int?
    package var clientInfo: ClientInfo?
    /// Deprecated in favour of `workspaceFolders`, still sent by older clients.
    package var rootUri: DocumentURI?
    package var rootPath: String?
    /// Editor settings passed at start (the `umlaut` section of the client's configuration).
    package var initializationOptions: LSPAny?
    package var capabilities: ClientCapabilities
    package var trace: String?
    package var workspaceFolders: [WorkspaceFolder]?

    package init(
        processId: Int? = nil, clientInfo: ClientInfo? = nil, rootUri: DocumentURI? = nil, rootPath: String? = nil,
        initializationOptions: LSPAny? = nil, capabilities: ClientCapabilities, trace: String? = nil,
        workspaceFolders: [WorkspaceFolder]? = nil
    ) {
        self.processId = processId
        self.clientInfo = clientInfo
        self.rootUri = rootUri
        self.rootPath = rootPath
        self.initializationOptions = initializationOptions
        self.capabilities = capabilities
        self.trace = trace
        self.workspaceFolders = workspaceFolders
    }

    package struct ClientInfo: Hashable, Sendable, Codable {
        package var name: String
        package var version: String?
        package init(name: String, version: String? = nil) {
            self.name = name
            self.version = version
        }
    }
}

package struct InitializeResult: Hashable, Sendable, Codable {
    package var capabilities: ServerCapabilities
    package var serverInfo: ServerInfo?

    package init(capabilities: ServerCapabilities, serverInfo: ServerInfo? = nil) {
        self.capabilities = capabilities
        self.serverInfo = serverInfo
    }

    package struct ServerInfo: Hashable, Sendable, Codable {
        package var name: String
        package var version: String?
        package init(name: String, version: String? = nil) {
            self.name = name
            self.version = version
        }
    }
}
