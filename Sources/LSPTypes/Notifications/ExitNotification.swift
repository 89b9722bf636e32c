/// Ends the server process: exit code 0 after `shutdown`, 1 otherwise.
public struct ExitNotification: NotificationType, Hashable {
    public static let method = "exit"
    public init() {}
}
