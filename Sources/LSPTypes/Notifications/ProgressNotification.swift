/// Server to client: one step of a work-done progress (`begin`, `report` or `end`).
package struct ProgressNotification: NotificationType, Hashable {
    package static let method = "$/progress"
    package var token: ProgressToken
    package var value: WorkDoneProgress

    package init(token: ProgressToken, value: WorkDoneProgress) {
        self.token = token
        self.value = value
    }
}
