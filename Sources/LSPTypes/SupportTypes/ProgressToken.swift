/// Identifies one stream of `$/progress` notifications: an integer or a string, chosen by
/// whoever created the progress (the client in a request's `workDoneToken`, or the server with
/// `window/workDoneProgress/create`).
package typealias ProgressToken = IntegerOrString

/// The `value` of a work-done `$/progress` notification: `begin`, then any number of `report`s,
/// then `end`. Absent members are left out of the JSON.
package struct WorkDoneProgress: Hashable, Sendable, Codable {
    package enum Kind: String, Hashable, Sendable, Codable {
        case begin, report, end
    }

    package var kind: Kind
    /// The operation's name, shown by the client (`begin` only).
    package var title: String?
    /// Whether the client may offer to cancel (`window/workDoneProgress/cancel`).
    package var cancellable: Bool?
    /// What is happening now ("epoch 3, loss 0.41").
    package var message: String?
    /// 0–100, when the total is known.
    package var percentage: Int?

    package init(
        kind: Kind, title: String? = nil, cancellable: Bool? = nil, message: String? = nil, percentage: Int? = nil
    ) {
        self.kind = kind
        self.title = title
        self.cancellable = cancellable
        self.message = message
        self.percentage = percentage
    }

    package static func begin(_ title: String, message: String? = nil, cancellable: Bool = false) -> Self {
        .init(kind: .begin, title: title, cancellable: cancellable, message: message)
    }

    package static func report(_ message: String, percentage: Int? = nil) -> Self {
        .init(kind: .report, message: message, percentage: percentage)
    }

    package static func end(_ message: String? = nil) -> Self { .init(kind: .end, message: message) }
}
