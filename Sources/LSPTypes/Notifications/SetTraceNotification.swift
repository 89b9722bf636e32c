/// The client changes the trace level (`off`, `messages`, `verbose`). Accepted and ignored.
public struct SetTraceNotification: NotificationType, Hashable {
    public static let method = "$/setTrace"
    public var value: String
    public init(value: String) { self.value = value }
}
