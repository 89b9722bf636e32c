/// The client no longer wants the answer to a request; the server answers it with
/// `RequestCancelled` if it is still running.
public struct CancelRequestNotification: NotificationType, Hashable {
    public static let method = "$/cancelRequest"
    public var id: RequestID
    public init(id: RequestID) { self.id = id }
}
