/// Server to client: a line for the client's log of this server.
package struct LogMessageNotification: NotificationType, Hashable {
    package static let method = "window/logMessage"
    package var type: MessageKind
    package var message: String

    package init(type: MessageKind, message: String) {
        self.type = type
        self.message = message
    }
}

/// The importance of a log or shown message.
package enum MessageKind: Int, Hashable, Sendable, Codable, Comparable {
    case error = 1
    case warning = 2
    case info = 3
    case log = 4
    /// LSP 3.18's `Debug`; older clients show it as a log line.
    case debug = 5

    package static func < (lhs: MessageKind, rhs: MessageKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
