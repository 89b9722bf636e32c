/// Server to client: asks a client that pulls diagnostics to pull them again (after a
/// configuration change).
package struct DiagnosticRefreshRequest: RequestType, Hashable {
    package static let method = "workspace/diagnostic/refresh"
    package typealias Response = VoidResponse
    package init() {}
}
