/// The client got the `initialize` result; the server may now send requests of its own.
public struct InitializedNotification: NotificationType, Hashable {
    public static let method = "initialized"
    public init() {}
}
