/// Server to client: a message the client shows to the user at once (a pop-up or a status line),
/// unlike `window/logMessage`, which only goes to the server's log.
package struct ShowMessageNotification: NotificationType, Hashable {
    package static let method = "window/showMessage"
    package var type: MessageKind
    package var message: String

    package init(type: MessageKind, message: String) {
        self.type = type
        self.message = message
    }
}
