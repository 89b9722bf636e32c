/// Server to client: one step of a work-done progress (`begin`, `report` or `end`).
public struct ProgressNotification: NotificationType, Hashable {
    public static let method = "$/progress"
    public var token: ProgressToken
    public var value: WorkDoneProgress

    public init(token: ProgressToken, value: WorkDoneProgress) {
        self.token = token
        self.value = value
    }
}
