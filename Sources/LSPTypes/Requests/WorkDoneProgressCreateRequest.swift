/// Server to client: creates a progress the server then reports with `$/progress` (only for
/// clients whose `window.workDoneProgress` capability is true).
package struct WorkDoneProgressCreateRequest: RequestType, Hashable {
    package static let method = "window/workDoneProgress/create"
    package typealias Response = VoidResponse

    package var token: ProgressToken

    package init(token: ProgressToken) { self.token = token }
}
