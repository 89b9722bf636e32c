/// Server to client: a message the client shows to the user at once (a pop-up or a status line),
/// unlike `window/logMessage`, which only goes to the server's log.
public struct ShowMessageNotification: NotificationType, Hashable {
    public static let method = "window/showMessage"
    public var type: MessageKind
    public var message: String

    public init(type: MessageKind, message: String) {
        self.type = type
        self.message = message
    }
}
