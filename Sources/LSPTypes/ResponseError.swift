/// The error of a failed request, as sent in a response's `error` member.
///
/// The one error type on the wire: handlers throw it (typed throws) and the connection encodes
/// it. Any other error escaping a handler becomes `internalError`.
public struct ResponseError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    public var data: LSPAny?

    public init(code: ErrorCode, message: String, data: LSPAny? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String { "\(message) (\(code.rawValue))" }

    public static func parseError(_ message: String) -> ResponseError { .init(code: .parseError, message: message) }
    public static func invalidRequest(_ message: String) -> ResponseError {
        .init(code: .invalidRequest, message: message)
    }
    public static func methodNotFound(_ method: String) -> ResponseError {
        .init(code: .methodNotFound, message: "method not found: \(method)")
    }
    public static func invalidParams(_ message: String) -> ResponseError {
        .init(code: .invalidParams, message: message)
    }
    public static func internalError(_ message: String) -> ResponseError {
        .init(code: .internalError, message: message)
    }
    public static let serverNotInitialized = ResponseError(
        code: .serverNotInitialized, message: "the server has not been initialized")
    public static let cancelled = ResponseError(code: .requestCancelled, message: "request cancelled")
    public static let contentModified = ResponseError(code: .contentModified, message: "the document changed")
}

/// A JSON-RPC / LSP error code. The standard ones are static members; others decode as-is.
public struct ErrorCode: RawRepresentable, Codable, Hashable, Sendable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The message is not valid JSON.
    public static let parseError = ErrorCode(rawValue: -32700)
    /// The JSON is not a valid JSON-RPC message, or the request is not allowed now.
    public static let invalidRequest = ErrorCode(rawValue: -32600)
    public static let methodNotFound = ErrorCode(rawValue: -32601)
    /// The `params` do not have the shape the method requires.
    public static let invalidParams = ErrorCode(rawValue: -32602)
    public static let internalError = ErrorCode(rawValue: -32603)
    /// A request other than `initialize` arrived before `initialize`.
    public static let serverNotInitialized = ErrorCode(rawValue: -32002)
    public static let unknownErrorCode = ErrorCode(rawValue: -32001)
    /// The request failed although its parameters were valid.
    public static let requestFailed = ErrorCode(rawValue: -32803)
    /// The server cancelled the request (it may be retried).
    public static let serverCancelled = ErrorCode(rawValue: -32802)
    /// The document changed while the request was being handled; its result would be stale.
    public static let contentModified = ErrorCode(rawValue: -32801)
    /// The client cancelled the request with `$/cancelRequest`.
    public static let requestCancelled = ErrorCode(rawValue: -32800)
}
