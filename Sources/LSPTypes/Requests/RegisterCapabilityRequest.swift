/// Server to client: registers a capability dynamically (Umlaut registers file watching for
/// `pyproject.toml`).
public struct RegisterCapabilityRequest: RequestType, Hashable {
    public static let method = "client/registerCapability"
    public typealias Response = VoidResponse

    public var registrations: [Registration]

    public init(registrations: [Registration]) { self.registrations = registrations }

    public struct Registration: Hashable, Sendable, Codable {
        public var id: String
        public var method: String
        public var registerOptions: LSPAny?

        public init(id: String, method: String, registerOptions: LSPAny? = nil) {
            self.id = id
            self.method = method
            self.registerOptions = registerOptions
        }
    }
}
