/// Server to client: registers a capability dynamically (Umlaut registers file watching for
/// `pyproject.toml`).
package struct RegisterCapabilityRequest: RequestType, Hashable {
    package static let method = "client/registerCapability"
    package typealias Response = VoidResponse

    package var registrations: [Registration]

    package init(registrations: [Registration]) { self.registrations = registrations }

    package struct Registration: Hashable, Sendable, Codable {
        package var id: String
        package var method: String
        package var registerOptions: LSPAny?

        package init(id: String, method: String, registerOptions: LSPAny? = nil) {
            self.id = id
            self.method = method
            self.registerOptions = registerOptions
        }
    }
}
