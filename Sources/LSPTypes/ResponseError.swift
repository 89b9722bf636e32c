/// The error of a failed request, as sent in a response's `error` member.
///
/// The one error type on the wire: handlers throw it (typed throws) and the connection encodes
/// it. Any other error escaping a handler becomes `internalError`.
package struct ResponseError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    package var code: ErrorCode
    package var message: String
    package var data: LSPAny?

    package init(code: ErrorCode, message: String, data: LSPAny? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    package var description: String { "\(message) (\(code.rawValue))" }

    package static func parseError(_ message: String) -> ResponseError { .init(code: .parseError, message: message) }
    package static func invalidRequest(_ message: String) -> ResponseError {
        .init(code: .invalidRequest, message: message)
    }
    package static func methodNotFound(_ method: String) -> ResponseError {
        .init(code: .methodNotFound, message: "method not found: \(method)")
    }
    package static func invalidParams(_ message: String) -> ResponseError {
        .init(code: .invalidParams, message: message)
    }
    package static func internalError(_ message: String) -> ResponseError {
        .init(code: .internalError, message: message)
    }
    package static let serverNotInitialized = ResponseError(
        code: .serverNotInitialized, message: "the server has not been initialized")
    package static let cancelled = ResponseError(code: .requestCancelled, message: "request cancelled")
    package static let contentModified = ResponseError(code: .contentModified, message: "the document changed")
}

/// A JSON-RPC / LSP error code. The standard ones are static members; others decode as-is.
package struct ErrorCode: RawRepresentable, Codable, Hashable, Sendable {
    package var rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The message is not valid JSON.
    package static let parseError = ErrorCode(rawValue: -32700)
    /// The JSON is not a valid JSON-RPC message, or the request is not allowed now.
    package static let invalidRequest = ErrorCode(rawValue: -32600)
    package static let methodNotFound = ErrorCode(rawValue: -32601)
    /// The `params` do not have the shape the method requires.
    package static let invalidParams = ErrorCode(rawValue: -32602)
    package static let internalError = ErrorCode(rawValue: -32603)
    /// A request other than `initialize` arrived before `initialize`.
    package static let serverNotInitialized = ErrorCode(rawValue: -32002)
    package static let unknownErrorCode = ErrorCode(rawValue: -32001)
    /// The request failed although its parameters were valid.
    package static let requestFailed = ErrorCode(rawValue: -32803)
    /// The server cancelled the request (it may be retried).
    package static let serverCancelled = ErrorCode(rawValue: -32802)
    /// The document changed while the request was being handled; its result would be stale.
    package static let contentModified = ErrorCode(rawValue: -32801)
    /// The client cancelled the request with `$/cancelRequest`.
    package static let requestCancelled = ErrorCode(rawValue: -32800)
}
