/// Client to server: the user cancelled a progress the server created as `cancellable`.
package struct WorkDoneProgressCancelNotification: NotificationType, Hashable {
    package static let method = "window/workDoneProgress/cancel"
    package var token: ProgressToken

    package init(token: ProgressToken) { self.token = token }
}
