/// Server to client: creates a progress the server then reports with `$/progress` (only for
/// clients whose `window.workDoneProgress` capability is true).
public struct WorkDoneProgressCreateRequest: RequestType, Hashable {
    public static let method = "window/workDoneProgress/create"
    public typealias Response = VoidResponse

    public var token: ProgressToken

    public init(token: ProgressToken) { self.token = token }
}
