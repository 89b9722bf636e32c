/// Identifies one stream of `$/progress` notifications: an integer or a string, chosen by
/// whoever created the progress (the client in a request's `workDoneToken`, or the server with
/// `window/workDoneProgress/create`).
public enum ProgressToken: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a progress token must be an integer or a string")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): String(number)
        case .string(let string): "\"\(string)\""
        }
    }
}

/// The `value` of a work-done `$/progress` notification: `begin`, then any number of `report`s,
/// then `end`. Absent members are left out of the JSON.
public struct WorkDoneProgress: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case begin, report, end
    }

    public var kind: Kind
    /// The operation's name, shown by the client (`begin` only).
    public var title: String?
    /// Whether the client may offer to cancel (`window/workDoneProgress/cancel`).
    public var cancellable: Bool?
    /// What is happening now ("epoch 3, loss 0.41").
    public var message: String?
    /// 0–100, when the total is known.
    public var percentage: Int?

    public init(kind: Kind, title: String? = nil, cancellable: Bool? = nil, message: String? = nil, percentage: Int? = nil) {
        self.kind = kind
        self.title = title
        self.cancellable = cancellable
        self.message = message
        self.percentage = percentage
    }

    public static func begin(_ title: String, message: String? = nil, cancellable: Bool = false) -> Self {
        .init(kind: .begin, title: title, cancellable: cancellable, message: message)
    }

    public static func report(_ message: String, percentage: Int? = nil) -> Self {
        .init(kind: .report, message: message, percentage: percentage)
    }

    public static func end(_ message: String? = nil) -> Self { .init(kind: .end, message: message) }
}
