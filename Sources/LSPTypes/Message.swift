/// A JSON-RPC message the Language Server Protocol defines: a request or a notification,
/// identified by its `method`.
///
/// Every message is a `Codable` struct of its `params`, in its own file under `Requests/` or
/// `Notifications/`. Only the messages Umlaut uses are defined, each with only the fields it
/// reads or writes; unknown fields sent by a client are ignored when decoding.
public protocol MessageType: Codable, Sendable {
    /// The JSON-RPC method name, such as `textDocument/hover`.
    static var method: String { get }
}

/// A request: the receiver must answer with a `Response` or a `ResponseError`.
public protocol RequestType: MessageType {
    /// What a successful answer carries in `result`. `VoidResponse` for `null`, an optional for
    /// results that may be `null`.
    associatedtype Response: Codable & Sendable
}

/// A notification: the receiver never answers.
public protocol NotificationType: MessageType {}

/// The `null` result of requests such as `shutdown`.
public struct VoidResponse: Codable, Hashable, Sendable {
    public init() {}

    public init(from decoder: any Decoder) throws {
        // Accept anything: clients answer server requests like `client/registerCapability`
        // with `null`, but some send `{}`.
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

/// A request's `params` when the method takes none; encodes as nothing and decodes from
/// anything.
public struct EmptyParams: Codable, Hashable, Sendable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {}
}

/// The `id` of a request: a number or a string, echoed back in its response.
public typealias RequestID = IntegerOrString

/// The protocol's `integer | string`: request ids and progress tokens.
public enum IntegerOrString: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "an id or token must be an integer or a string")
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
