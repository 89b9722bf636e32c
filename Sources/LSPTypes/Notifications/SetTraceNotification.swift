/// The client changes the trace level (`off`, `messages`, `verbose`). Accepted and ignored.
package struct SetTraceNotification: NotificationType, Hashable {
    package static let method = "$/setTrace"
    package var value: String
    package init(value: String) { self.value = value }
}
