/// Asks the server to get ready to exit; only `exit` may follow.
package struct ShutdownRequest: RequestType, Hashable {
    package static let method = "shutdown"
    package typealias Response = VoidResponse
    package init() {}
}
