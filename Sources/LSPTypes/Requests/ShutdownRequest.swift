/// Asks the server to get ready to exit; only `exit` may follow.
public struct ShutdownRequest: RequestType, Hashable {
    public static let method = "shutdown"
    public typealias Response = VoidResponse
    public init() {}
}
