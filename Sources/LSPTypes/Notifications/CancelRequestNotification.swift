/// The client no longer wants the answer to a request; the server answers it with
/// `RequestCancelled` if it is still running.
package struct CancelRequestNotification: NotificationType, Hashable {
    package static let method = "$/cancelRequest"
    package var id: RequestID
    package init(id: RequestID) { self.id = id }
}
