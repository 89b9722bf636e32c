/// Server to client: asks a client that pulls diagnostics to pull them again (after a
/// configuration change).
public struct DiagnosticRefreshRequest: RequestType, Hashable {
    public static let method = "workspace/diagnostic/refresh"
    public typealias Response = VoidResponse
    public init() {}
}
