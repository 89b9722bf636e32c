/// Ends the server process: exit code 0 after `shutdown`, 1 otherwise.
package struct ExitNotification: NotificationType, Hashable {
    package static let method = "exit"
    package init() {}
}
