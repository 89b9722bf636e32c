/// A JSON-RPC message the Language Server Protocol defines: a request or a notification,
/// identified by its `method`.
///
/// Every message is a `Codable` struct of its `params`, in its own file under `Requests/` or
/// `Notifications/`. Only the messages Umlaut uses are defined, each with only the fields it
/// reads or writes; unknown fields sent by a client are ignored when decoding.
package protocol MessageType: Codable, Sendable {
    /// The JSON-RPC method name, such as `textDocument/hover`.
    static var method: String { get }
}

/// A request: the receiver must answer with a `Response` or a `ResponseError`.
package protocol RequestType: MessageType {
    /// What a successful answer carries in `result`. `VoidResponse` for `null`, an optional for
    /// results that may be `null`.
    associatedtype Response: Codable & Sendable
}

/// A notification: the receiver never answers.
package protocol NotificationType: MessageType {}

/// The `null` result of requests such as `shutdown`.
package struct VoidResponse: Codable, Hashable, Sendable {
    package init() {}

    package init(from decoder: any Decoder) throws {
        // Accept anything: clients answer server requests like `client/registerCapability`
        // with `null`, but some send `{}`.
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

/// A request's `params` when the method takes none; encodes as nothing and decodes from
/// anything.
package struct EmptyParams: Codable, Hashable, Sendable {
    package init() {}
    package init(from decoder: any Decoder) throws {}
    package func encode(to encoder: any Encoder) throws {}
}

/// The `id` of a request: a number or a string, echoed back in its response.
package typealias RequestID = IntegerOrString

/// The protocol's `integer | string`: request ids and progress tokens.
package enum IntegerOrString: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Int)
    case string(String)

    package init(from decoder: any Decoder) throws {
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

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }

    package var description: String {
        switch self {
        case .number(let number): String(number)
        case .string(let string): "\"\(string)\""
        }
    }
}
