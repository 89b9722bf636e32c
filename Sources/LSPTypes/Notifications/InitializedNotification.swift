/// The client got the `initialize` result; the server may now send requests of its own.
package struct InitializedNotification: NotificationType, Hashable {
    package static let method = "initialized"
    package init() {}
}
