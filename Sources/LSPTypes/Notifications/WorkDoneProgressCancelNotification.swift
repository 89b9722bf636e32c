/// Client to server: the user cancelled a progress the server created as `cancellable`.
public struct WorkDoneProgressCancelNotification: NotificationType, Hashable {
    public static let method = "window/workDoneProgress/cancel"
    public var token: ProgressToken

    public init(token: ProgressToken) { self.token = token }
}
