/// The first request of a session: the client's capabilities and workspace in, the server's
/// capabilities out.
public struct InitializeRequest: RequestType, Hashable {
    public static let method = "initialize"
    public typealias Response = InitializeResult

    public var processId: Int?
    public var clientInfo: ClientInfo?
    /// Deprecated in favour of `workspaceFolders`, still sent by older clients.
    public var rootUri: DocumentURI?
    public var rootPath: String?
    /// Editor settings passed at start (the `umlaut` section of the client's configuration).
    public var initializationOptions: LSPAny?
    public var capabilities: ClientCapabilities
    public var trace: String?
    public var workspaceFolders: [WorkspaceFolder]?

    public init(
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

    public struct ClientInfo: Hashable, Sendable, Codable {
        public var name: String
        public var version: String?
        public init(name: String, version: String? = nil) {
            self.name = name
            self.version = version
        }
    }
}

public struct InitializeResult: Hashable, Sendable, Codable {
    public var capabilities: ServerCapabilities
    public var serverInfo: ServerInfo?

    public init(capabilities: ServerCapabilities, serverInfo: ServerInfo? = nil) {
        self.capabilities = capabilities
        self.serverInfo = serverInfo
    }

    public struct ServerInfo: Hashable, Sendable, Codable {
        public var name: String
        public var version: String?
        public init(name: String, version: String? = nil) {
            self.name = name
            self.version = version
        }
    }
}
